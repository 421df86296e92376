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

    public static RouteGroupBuilder MapShippingMethodsApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Catalog: shipping methods");
}
