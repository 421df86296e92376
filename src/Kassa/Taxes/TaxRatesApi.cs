using Kassa.Catalog;
using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Kassa.Validation;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Taxes;

/// <summary>
/// <c>/tax_rates</c>: the store's rates per (destination country, tax class). A cart's line pays the rate of its product's
/// class in the cart's destination country; without a row it pays the product's own rate, then the store default.
/// </summary>
public static class TaxRatesApi
{
    internal static readonly CatalogCrud<StoreTaxRate, TaxRateRequest, TaxRateResponse> Crud = new()
    {
        Path = "/tax_rates",
        DisplayName = "tax rate",
        Filters = new QueryFilters<StoreTaxRate>("tax_rate")
            .Add("id", r => r.Id)
            .Add("country_code", r => r.CountryCode)
            .Add("tax_class", r => r.TaxClass)
            .Add("rate", r => r.Rate)
            .Add("created_at", r => r.CreatedAt)
            .Add("updated_at", r => r.UpdatedAt),
        ToResponse = (r, _) => new TaxRateResponse(r.Id, r.CountryCode, r.TaxClass, Money.ToVoog(r.Rate), r.CreatedAt, r.UpdatedAt),
        Apply = ApplyAsync,
    };

    public static RouteGroupBuilder MapTaxRatesApi(this RouteGroupBuilder admin) => Crud.Map(admin, "Store settings: tax rates", group => new(
        group.MapGet("/", (HttpContext http, KassaDbContext db, CancellationToken ct) => Crud.List(http, db, ct)),
        group.MapGet("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Get(id, db, ct)),
        group.MapPost("/", (TaxRateRequest request, KassaDbContext db, CancellationToken ct) => Crud.Create(request, db, ct)),
        group.MapPut("/{id:long}", (long id, TaxRateRequest request, KassaDbContext db, CancellationToken ct) => Crud.Update(id, request, db, ct)),
        group.MapDelete("/{id:long}", (long id, KassaDbContext db, CancellationToken ct) => Crud.Delete(id, db, ct))));

    private static async Task ApplyAsync(TaxRateRequest request, StoreTaxRate rate, bool isNew, KassaDbContext db, Settings.StoreSettings settings, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var country = rate.CountryCode;
        if (isNew && !request.CountryCode.IsSet) errors.Add("country_code", "country_code is required.");
        if (request.CountryCode.IsSet) country = errors.AssignedCountryCode("country_code", request.CountryCode.Value) ?? country;
        var taxClass = request.TaxClass.Or(isNew ? TaxClasses.Standard : rate.TaxClass);
        if (request.TaxClass.IsSet) errors.OneOf("tax_class", request.TaxClass.Value, TaxClasses.All);
        if (isNew && !request.Rate.IsSet) errors.Add("rate", "rate is required.");
        if (request.Rate.IsSet) errors.TaxRate("rate", request.Rate.Value);
        errors.ThrowIfAny();

        if (await db.Set<StoreTaxRate>().AnyAsync(r => r.CountryCode == country && r.TaxClass == taxClass && r.Id != rate.Id, ct))
            throw new ConflictException($"The store already has a {taxClass} rate for {country}; change that one instead.",
                new Dictionary<string, string[]> { ["country_code"] = [$"{country} already has a {taxClass} rate."] });

        rate.CountryCode = country;
        rate.TaxClass = taxClass;
        if (request.Rate.IsSet) rate.Rate = request.Rate.Value;
    }
}
