using System.Globalization;
using Kassa.Data;
using Kassa.Payments;
using Kassa.Settings;
using Kassa.Validation;

namespace Kassa.AdminPages;

/// <summary>The store settings, saved by the settings API's own handler, and which payment providers are configured (never their keys).</summary>
public static class AdminSettings
{
    public static void MapAdminSettings(this LazyEndpoints pages)
    {
        pages.Get("/settings", Show);
        pages.Post("/settings", Save);
    }

    private static readonly IReadOnlyList<FormField> Fields =
    [
        new("price_entry_mode", "Prices are entered", "select", "Net: tax is added on top. Gross: the price shown is what the shopper pays.",
            [(PriceEntryModes.Net, "Net of tax"), (PriceEntryModes.Gross, "Gross, with tax")]),
        new("default_currency", "Store currency", Hint: "A three-letter code, like EUR."),
        new("allowed_currencies", "Currencies carts may use", Hint: "Codes separated by commas; the store currency is always one."),
        new("default_tax_rate", "Default tax rate (%)", "amount", "For products without a rate of their own."),
        new("country_code", "Store country", Hint: "A two-letter code, like EE: whose tax rates a cart pays before it has a destination. Leave empty for none."),
        new("gross_prices_follow_destination", "Gross prices follow the destination's tax", "checkbox",
            "Gross prices only. Unchecked: the shopper pays the gross price shown wherever the parcel goes. Checked: the net is kept and the destination's tax is put on it."),
        new("languages", "Languages", Hint: "Codes separated by commas, like 'en, et'; the first is the default."),
        new("custom_fields", "Custom fields at checkout", "textarea",
            "One per line: key | label | kind (text, date, time, checkbox) | required, like 'gift_note | Gift note | text'."),
    ];

    private static async Task<IResult> Show(HttpContext http, KassaDbContext db, IEnumerable<IPaymentProvider> providers, CancellationToken ct)
    {
        var s = await db.GetStoreSettingsAsync(ct);
        var values = new Dictionary<string, string?>
        {
            ["price_entry_mode"] = s.PriceEntryMode, ["default_currency"] = s.DefaultCurrency,
            ["allowed_currencies"] = string.Join(", ", s.AllowedCurrencies),
            ["default_tax_rate"] = AdminCatalog.Amount(s.DefaultTaxRate),
            ["country_code"] = s.CountryCode, ["gross_prices_follow_destination"] = s.GrossPricesFollowDestination ? "true" : null, ["languages"] = string.Join(", ", s.Languages),
            ["custom_fields"] = string.Join('\n', s.CustomFields.Select(f => $"{f.Key} | {f.Label} | {f.Kind}{(f.Required ? " | required" : "")}")),
        };
        return Page(values, new FormErrors(), providers, AdminUi.Notice(http.Request), StatusCodes.Status200OK);
    }

    private static IResult Page(Dictionary<string, string?> values, FormErrors errors, IEnumerable<IPaymentProvider> providers, string? notice, int status) =>
        AdminUi.Page<SettingsPage>(new()
        {
            ["Form"] = new AdminForm { Title = "Settings", Action = "/admin/settings", Fields = Fields, Values = values, Errors = errors },
            ["Providers"] = providers.Select(p => (p.Name, p.GatewayCode, p.IsConfigured)).ToList(),
            ["Notice"] = notice,
        }, status);

    private static async Task<IResult> Save(IFormCollection posted, KassaDbContext db, IEnumerable<IPaymentProvider> providers, CancellationToken ct)
    {
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);
        var taxRate = read.Amount("default_tax_rate", "20");
        var customFields = new List<CustomFieldWire>();
        var lines = (read.Text("custom_fields") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            customFields.Add(new CustomFieldWire(parts[0], parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "text",
                string.Equals(parts.ElementAtOrDefault(3), "required", StringComparison.OrdinalIgnoreCase)));
        }
        var request = new SettingsRequest(
            read.Text("price_entry_mode") ?? "", read.Text("default_currency") ?? "", read.Words("allowed_currencies"),
            taxRate is { } rate ? rate : default(Http.Optional<decimal>), read.Words("languages"), customFields,
            read.Text("country_code"), read.Checked("gross_prices_follow_destination"));
        if (!errors.Any)
        {
            try
            {
                await SettingsApi.Update(request, db, ct);
                return AdminUi.SavedTo("/admin/settings");
            }
            catch (DomainException refused)
            {
                db.ChangeTracker.Clear();
                errors.Take(refused, Fields);
                return Page(AdminForm.Posted(posted), errors, providers, null, refused.Status);
            }
        }
        return Page(AdminForm.Posted(posted), errors, providers, null, StatusCodes.Status422UnprocessableEntity);
    }
}
