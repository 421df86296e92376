using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Settings;

public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder admin)
    {
        var settings = admin.MapGroup("/settings").WithTags("Store settings").RequireAdminKey();
        settings.MapGet("/", Get).WithName("getSettings").WithSummary("Get the store settings");
        settings.MapPut("/", Update).WithName("updateSettings").WithSummary("Update the given store settings")
            .WithProblems(StatusCodes.Status409Conflict);
        return admin;
    }

    private static async Task<Ok<SettingsResponse>> Get(KassaDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.GetStoreSettingsAsync(ct)).ToResponse());

    internal static async Task<Ok<SettingsResponse>> Update(SettingsRequest request, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct, track: true);
        request.Apply(settings, db);
        if (settings.DefaultCurrency != db.Entry(settings).Property(s => s.DefaultCurrency).OriginalValue)
            await EnsureCatalogFitsAsync(db, settings.DefaultCurrency, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(settings.ToResponse());
    }

    public static SettingsResponse ToResponse(this StoreSettings s) => new(
        s.PriceEntryMode,
        s.DefaultCurrency,
        s.AllowedCurrencies,
        Money.ToVoog(s.DefaultTaxRate),
        s.Languages,
        s.CustomFields.Select(f => new CustomFieldWire(f.Key, f.Label, f.Kind, f.Required)).ToList(),
        s.CountryCode,
        s.GrossPricesFollowDestination,
        s.UpdatedAt);

    /// <summary>
    /// Catalog amounts are stored in the store currency, so a new store currency must be able to
    /// express them: a JPY store cannot have a 19.90 price, and an explicit price in the new store
    /// currency would compete with the product's own price.
    /// </summary>
    private static async Task EnsureCatalogFitsAsync(KassaDbContext db, string currency, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking()
            .Select(p => new { p.Id, p.Price, p.Prices, p.FlatShippingRate, p.FlatShippingRates, p.FlatShippingPrices })
            .ToListAsync(ct);
        var methods = await db.ShippingMethods.AsNoTracking()
            .Select(m => new { m.Id, m.Amount, m.Options, m.Prices })
            .ToListAsync(ct);

        var misfits = products
            .Where(p => !Money.FitsMinorUnits(p.Price, currency)
                        || p.FlatShippingRate is { } flat && !Money.FitsMinorUnits(flat, currency)
                        || p.FlatShippingRates.Values.Any(v => !Money.FitsMinorUnits(v, currency)))
            .Select(p => $"product {p.Id}")
            .Concat(methods
                .Where(m => !Money.FitsMinorUnits(m.Amount, currency) || m.Options.Any(o => !Money.FitsMinorUnits(o.Amount, currency)))
                .Select(m => $"shipping method {m.Id}"))
            .ToList();
        var competing = products.Where(p => p.Prices.ContainsKey(currency) || p.FlatShippingPrices.ContainsKey(currency)).Select(p => $"product {p.Id}")
            .Concat(methods.Where(m => m.Prices.ContainsKey(currency) || m.Options.Any(o => o.Prices?.ContainsKey(currency) == true)).Select(m => $"shipping method {m.Id}"))
            .ToList();

        var errors = new FieldErrors();
        if (misfits.Count > 0)
            errors.Add("default_currency", $"{currency} allows {Currencies.MinorUnits(currency)} decimals, but these have amounts with more: {Sample(misfits)}. Change those amounts first.");
        if (competing.Count > 0)
            errors.Add("default_currency", $"These have an explicit {currency} price in 'prices' (or flat rates in 'shipping.prices'), which would compete with their store-currency price: {Sample(competing)}. Remove it first.");
        if (errors.Any)
            throw new ConflictException($"The store currency cannot become {currency} while the catalog has amounts it cannot express; see 'errors'.", errors.ToDictionary());
    }

    private static string Sample(List<string> items) =>
        items.Count <= 10 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(10))} and {items.Count - 10} more";

    private static void Apply(this SettingsRequest request, StoreSettings settings, KassaDbContext db)
    {
        var errors = new FieldErrors();
        if (request.PriceEntryMode.IsSet) errors.OneOf("price_entry_mode", request.PriceEntryMode.Value, PriceEntryModes.All);

        var defaultCurrency = settings.DefaultCurrency;
        if (request.DefaultCurrency.IsSet) defaultCurrency = errors.Currency("default_currency", request.DefaultCurrency.Value) ?? defaultCurrency;

        var allowed = settings.AllowedCurrencies;
        if (request.AllowedCurrencies.IsSet)
        {
            allowed = [];
            var given = request.AllowedCurrencies.Value ?? [];
            for (var i = 0; i < given.Count; i++)
                if (errors.Currency($"allowed_currencies[{i}]", given[i]) is { } code && !allowed.Contains(code)) allowed.Add(code);
        }
        // The store currency is always sellable; listing it is optional.
        if (!allowed.Contains(defaultCurrency)) allowed = [defaultCurrency, .. allowed];

        if (request.DefaultTaxRate.IsSet) errors.TaxRate("default_tax_rate", request.DefaultTaxRate.Value);

        var languages = settings.Languages;
        if (request.Languages.IsSet)
        {
            languages = (request.Languages.Value ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (!errors.Check(languages.Count > 0, "languages", "languages needs at least one language code; the first is the default."))
                languages = settings.Languages;
            for (var i = 0; i < languages.Count; i++) errors.LanguageCode($"languages[{i}]", languages[i]);
        }

        List<CustomFieldDefinition>? fields = null;
        if (request.CustomFields.IsSet)
        {
            fields = [];
            var given = request.CustomFields.Value ?? [];
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i] is not { } f)
                {
                    errors.Add($"custom_fields[{i}]", "A custom field needs key, label and kind.");
                    continue;
                }
                errors.Check(f.Key is { Length: >= 1 and <= 100 } && f.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
                    $"custom_fields[{i}].key", "key must be 1-100 letters, digits, '-' or '_'.");
                errors.Text($"custom_fields[{i}].label", f.Label, 500, required: true);
                errors.OneOf($"custom_fields[{i}].kind", f.Kind, CustomFieldKinds.All);
                if (fields.Any(x => x.Key == f.Key)) errors.Add($"custom_fields[{i}].key", $"key '{f.Key}' appears more than once.");
                fields.Add(new CustomFieldDefinition(f.Key ?? "", f.Label?.Trim() ?? "", f.Kind ?? "", f.Required));
            }
            errors.FitsJsonColumn<StoreSettings>(db, nameof(StoreSettings.CustomFields), "custom_fields", fields);
        }
        string? country = settings.CountryCode;
        if (request.CountryCode.IsSet)
            country = request.CountryCode.Value is null ? null : errors.AssignedCountryCode("country_code", request.CountryCode.Value);
        errors.ThrowIfAny();

        if (request.CountryCode.IsSet) settings.CountryCode = country;
        if (request.GrossPricesFollowDestination.IsSet) settings.GrossPricesFollowDestination = request.GrossPricesFollowDestination.Value;
        if (request.PriceEntryMode.IsSet) settings.PriceEntryMode = request.PriceEntryMode.Value;
        settings.DefaultCurrency = defaultCurrency;
        settings.AllowedCurrencies = allowed;
        if (request.DefaultTaxRate.IsSet) settings.DefaultTaxRate = request.DefaultTaxRate.Value;
        settings.Languages = languages;
        if (fields is not null) settings.CustomFields = fields;
    }
}
