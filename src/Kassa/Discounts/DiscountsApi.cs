using Kassa.Data;
using Kassa.Catalog;
using Kassa.Http;

namespace Kassa.Discounts;

public static class DiscountsApi
{
    internal static readonly CatalogCrud<Discount, DiscountRequest, DiscountResponse> Crud = new()
    {
        Path = "/discounts",
        DisplayName = "discount",
        Filters = new QueryFilters<Discount>("discount")
            .Add("id", d => d.Id)
            .Add("code", d => d.Code)
            .Add("name", d => d.Name)
            .Add("discount_type", d => d.DiscountType)
            .Add("amount", d => d.Amount)
            .Add("currency", d => d.Currency)
            .Add("applies_to", d => d.AppliesTo)
            .Add("status", d => d.Status)
            .Add("redemption_count", d => d.RedemptionCount)
            .Add("redemption_limit", d => d.RedemptionLimit)
            .Add("valid_from", d => d.ValidFrom)
            .Add("valid_to", d => d.ValidTo)
            .Add("created_at", d => d.CreatedAt)
            .Add("updated_at", d => d.UpdatedAt),
        ToResponse = DiscountMapping.ToResponse,
        Apply = (request, discount, isNew, db, settings, ct) => request.ApplyAsync(discount, isNew, db, settings, ct),
    };

    public static RouteGroupBuilder MapDiscountsApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Catalog: discounts", group => new(
        group.MapGet("/", (HttpContext http, KassaDbContext db, CancellationToken ct) => Crud.List(http, db, ct)),
        group.MapGet("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Get(id, db, ct)),
        group.MapPost("/", (DiscountRequest request, KassaDbContext db, CancellationToken ct) => Crud.Create(request, db, ct)),
        group.MapPut("/{id:long}", (long id, DiscountRequest request, KassaDbContext db, CancellationToken ct) => Crud.Update(id, request, db, ct)),
        group.MapDelete("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Delete(id, db, ct))));
}
