using Kassa.Carts;
using Kassa.Checkouts;
using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Kassa.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Shipping;

/// <summary>POST /api/shipping/flat-rate: the flat-rate shipping for some products to a country.</summary>
public static class FlatRateApi
{
    public static void MapFlatRateApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/shipping/flat-rate", Quote).WithTags("Outshifter: checkout").WithName("quoteFlatRates")
            .WithSummary("Shipping rates by product ids (per-product flat rates, by destination country)");

    private static async Task<Ok<FlatRateResponse>> Quote(FlatRateRequest request, KassaDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var settings = await db.GetStoreSettingsAsync(ct);
        var items = request.Items ?? [];
        if (items.Count == 0) errors.Add("items", "Send at least one item.");
        if (items.Count > CartLimits.MaxLines) errors.Add("items", $"At most {CartLimits.MaxLines} items.");
        var country = errors.CountryCode("destination.country", request.Destination?.Country);
        var currency = request.Currency is null ? settings.DefaultCurrency : errors.Currency("currency", request.Currency);
        if (currency is not null && currency != settings.DefaultCurrency && !settings.AllowedCurrencies.Contains(currency))
        {
            errors.Add("currency", $"The store does not sell in {currency}; it sells in {string.Join(", ", settings.AllowedCurrencies)}.");
            currency = null;
        }

        var ids = items.Where(i => i?.ProductId is not null).Select(i => i!.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var lines = new List<(Catalog.Product, int)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item?.ProductId is not { } id)
            {
                errors.Add($"items[{i}].productId", "productId is required.");
                continue;
            }
            var quantity = item.Quantity ?? 1;
            if (quantity is < 1 or > CartLimits.MaxQuantity)
                errors.Add($"items[{i}].quantity", $"quantity must be a whole number from 1 to {CartLimits.MaxQuantity}.");
            else if (!products.TryGetValue(id, out var product) || product.Status != Catalog.ProductStatus.Live)
                errors.Add($"items[{i}].productId", $"There is no product {id}.");
            else lines.Add((product, quantity));
        }
        var amount = 0m;
        if (!errors.Any)
        {
            // Amounts per currency are explicit: a product whose rate has no amount in the currency is named, never converted.
            if (FlatRates.Total(lines, country!, currency!, settings.DefaultCurrency, out var missing) is { } total) amount = total;
            else errors.Add("currency", FlatRates.WhyNotIn(missing, currency!, settings.DefaultCurrency));
        }
        errors.Check(amount <= PricingLimits.MaxAmount, "items", $"The flat rates add up to more than Kassa prices ({PricingLimits.MaxAmount}).");
        errors.ThrowIfAny();

        // Priced as a cart that chooses this rate is priced (the destination's rate, the same rounding), so the quote is what the checkout charges.
        var home = settings.CountryCode;
        var rates = await db.TaxRates.AsNoTracking().Where(r => r.CountryCode == country || r.CountryCode == home).Select(r => r.ToPricing()).ToListAsync(ct);
        var taxRate = DestinationTax.RateFor(rates, country, TaxClasses.Standard) ?? FlatRates.TaxRate(settings);
        if (settings.GrossPricesFollowDestination && settings.PriceEntryMode == PriceEntryModes.Gross)
            amount = DestinationTax.GrossAt(amount, DestinationTax.RateFor(rates, home, TaxClasses.Standard) ?? FlatRates.TaxRate(settings), taxRate, currency!);
        var (price, tax) = FlatRates.Price(amount, settings, currency!, taxRate);
        return TypedResults.Ok(new FlatRateResponse(
            FlatRates.ServiceName(country!), "By Kassa", FlatRates.ServiceCode(lines.Select(l => l.Item1), country!),
            Money.ToMinorUnits(price, currency!), Money.ToMinorUnits(tax, currency!), TaxIncluded: true, currency!));
    }
}
