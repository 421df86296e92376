using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kassa.Settings;

public static class SettingsApi
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder admin)
    {
        var settings = admin.MapGroup("/settings").WithTags("Store settings").RequireAdminKey();
        settings.MapGet("/", Get).WithSummary("Get the store settings");
        settings.MapPut("/", Update).WithSummary("Update the given store settings");
        return admin;
    }

    private static async Task<Ok<SettingsResponse>> Get(KassaDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.GetStoreSettingsAsync(ct)).ToResponse());

    private static async Task<Ok<SettingsResponse>> Update(SettingsRequest request, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct, track: true);
        request.Apply(settings);
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
        s.UpdatedAt);

    private static void Apply(this SettingsRequest request, StoreSettings settings)
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
        }
        errors.ThrowIfAny();

        if (request.PriceEntryMode.IsSet) settings.PriceEntryMode = request.PriceEntryMode.Value;
        settings.DefaultCurrency = defaultCurrency;
        settings.AllowedCurrencies = allowed;
        if (request.DefaultTaxRate.IsSet) settings.DefaultTaxRate = request.DefaultTaxRate.Value;
        settings.Languages = languages;
        if (fields is not null) settings.CustomFields = fields;
    }
}
