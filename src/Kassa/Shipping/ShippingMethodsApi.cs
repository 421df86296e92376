using Kassa.Data;
using Kassa.Catalog;
using Kassa.Http;

namespace Kassa.Shipping;

public static class ShippingMethodsApi
{
    internal static readonly CatalogCrud<ShippingMethod, ShippingMethodRequest, ShippingMethodResponse> Crud = new()
    {
        Path = "/shipping_methods",
        DisplayName = "shipping method",
        Filters = new QueryFilters<ShippingMethod>("shipping_method")
            .Add("id", m => m.Id)
            .Add("name", m => m.Name)
            .Add("description", m => m.Description)
            .Add("amount", m => m.Amount)
            .Add("tax_rate", m => m.TaxRate)
            .Add("enabled", m => m.Enabled)
            .Add("created_at", m => m.CreatedAt)
            .Add("updated_at", m => m.UpdatedAt),
        ToResponse = ShippingMethodMapping.ToResponse,
        Apply = (request, method, isNew, db, settings, _) =>
        {
            request.Apply(method, isNew, settings, db);
            return Task.CompletedTask;
        },
    };

    public static RouteGroupBuilder MapShippingMethodsApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Catalog: shipping methods", group => new(
        group.MapGet("/", (HttpContext http, KassaDbContext db, CancellationToken ct) => Crud.List(http, db, ct)),
        group.MapGet("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Get(id, db, ct)),
        group.MapPost("/", (ShippingMethodRequest request, KassaDbContext db, CancellationToken ct) => Crud.Create(request, db, ct)),
        group.MapPut("/{id:long}", (long id, ShippingMethodRequest request, KassaDbContext db, CancellationToken ct) => Crud.Update(id, request, db, ct)),
        group.MapDelete("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Delete(id, db, ct))));
}
