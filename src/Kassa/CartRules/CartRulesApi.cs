using Kassa.Data;
using Kassa.Catalog;
using Kassa.Http;

namespace Kassa.CartRules;

/// <summary>Voog's <c>/cart_rules</c> admin API: list (filtered as Voog lists are), get, create, update, delete.</summary>
public static class CartRulesApi
{
    internal static readonly CatalogCrud<CartRule, CartRuleRequest, CartRuleResponse> Crud = new()
    {
        Path = "/cart_rules",
        DisplayName = "cart rule",
        // Voog's filter attributes for cart_rule, and position.
        Filters = new QueryFilters<CartRule>("cart_rule")
            .Add("id", r => r.Id)
            .Add("enabled", r => r.Enabled)
            .Add("position", r => r.Position)
            .Add("kind", r => r.Kind)
            .Add("target_id", r => r.TargetId)
            .Add("target_kind", r => r.TargetKind)
            .Add("valid_from", r => r.ValidFrom)
            .Add("valid_to", r => r.ValidTo)
            .Add("created_at", r => r.CreatedAt)
            .Add("updated_at", r => r.UpdatedAt),
        ToResponse = CartRuleMapping.ToResponse,
        Apply = (request, rule, isNew, db, settings, ct) => request.ApplyAsync(rule, isNew, db, settings, ct),
    };

    public static RouteGroupBuilder MapCartRulesApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Catalog: cart rules", group => new(
        group.MapGet("/", (HttpContext http, KassaDbContext db, CancellationToken ct) => Crud.List(http, db, ct)),
        group.MapGet("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Get(id, db, ct)),
        group.MapPost("/", (CartRuleRequest request, KassaDbContext db, CancellationToken ct) => Crud.Create(request, db, ct)),
        group.MapPut("/{id:long}", (long id, CartRuleRequest request, KassaDbContext db, CancellationToken ct) => Crud.Update(id, request, db, ct)),
        group.MapDelete("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Delete(id, db, ct))));
}
