using Kassa.Data;
using Kassa.Http;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Validation;

namespace Kassa.Shipping;

public static class ShippingMethodMapping
{
    public static ShippingMethodResponse ToResponse(this ShippingMethod m, StoreSettings settings) => new(
        m.Id,
        m.Name,
        m.Description,
        Money.ToVoog(m.Amount),
        Money.ToVoog(m.TaxRate),
        settings.DefaultCurrency,
        m.Prices.ToDictionary(kv => kv.Key, kv => Money.ToVoog(kv.Value)),
        m.Options.Select(o => new ShippingOptionResponse(o.Name, Money.ToVoog(o.Amount), (o.Prices ?? []).ToDictionary(kv => kv.Key, kv => Money.ToVoog(kv.Value)))).ToList(),
        m.Enabled,
        m.Countries,
        m.CreatedAt,
        m.UpdatedAt);

    public static void Apply(this ShippingMethodRequest request, ShippingMethod method, bool isNew, StoreSettings settings, KassaDbContext db)
    {
        var errors = new FieldErrors();
        var currency = settings.DefaultCurrency;
        if (isNew || request.Name.IsSet) errors.Text("name", request.Name.Or(null!), 500, required: true);
        if (request.Description.IsSet) errors.Text("description", request.Description.Value, 2000);
        if (isNew && !request.Amount.IsSet) errors.Add("amount", "amount is required.");
        if (request.Amount.IsSet) errors.Amount("amount", request.Amount.Value, currency);
        if (request.TaxRate.IsSet) errors.TaxRate("tax_rate", request.TaxRate.Value);
        var prices = request.Prices.IsSet ? OtherCurrencyAmounts(errors, "prices", request.Prices.Value, currency) : null;

        var options = request.Options.IsSet ? request.Options.Value ?? [] : null;
        if (options is not null)
        {
            for (var i = 0; i < options.Count; i++)
            {
                if (options[i] is not { } option)
                {
                    errors.Add($"options[{i}]", "An option needs a name and an amount.");
                    continue;
                }
                errors.Text($"options[{i}].name", option.Name, 200, required: true);
                if (option.Amount is { } optionAmount) errors.Amount($"options[{i}].amount", optionAmount, currency);
                else errors.Add($"options[{i}].amount", $"options[{i}].amount is required.");
                OtherCurrencyAmounts(errors, $"options[{i}].prices", option.Prices, currency);
            }
            var duplicate = options.Where(o => o?.Name is not null).GroupBy(o => o.Name.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) errors.Add("options", $"Option names must be unique; '{duplicate.Key}' appears more than once.");
            errors.FitsJsonColumn<ShippingMethod>(db, nameof(ShippingMethod.Options), "options",
                options.Where(o => o?.Name is not null).Select(o => new ShippingOption(o.Name, o.Amount ?? 0, o.Prices)).ToList());
        }

        List<string>? countries = null;
        if (request.Countries.IsSet)
        {
            countries = [];
            var given = request.Countries.Value ?? [];
            for (var i = 0; i < given.Count; i++)
                if (errors.CountryCode($"countries[{i}]", given[i]) is { } code && !countries.Contains(code)) countries.Add(code);
        }
        errors.ThrowIfAny();

        if (request.Name.IsSet) method.Name = request.Name.Value.Trim();
        if (request.Description.IsSet) method.Description = request.Description.Value;
        if (request.Amount.IsSet) method.Amount = request.Amount.Value;
        if (request.TaxRate.IsSet) method.TaxRate = request.TaxRate.Value;
        if (prices is not null) method.Prices = prices;
        if (options is not null)
            method.Options = options.Select(o => new ShippingOption(o.Name.Trim(), o.Amount!.Value, o.Prices is { Count: > 0 } p ? Normalized(p) : null)).ToList();
        if (request.Enabled.IsSet) method.Enabled = request.Enabled.Value;
        if (countries is not null) method.Countries = countries;
    }

    /// <summary>Checks amounts in currencies other than the store's (<c>prices</c>), as a product's are checked; returns them by upper-case code.</summary>
    private static Dictionary<string, decimal> OtherCurrencyAmounts(FieldErrors errors, string field, Dictionary<string, decimal>? given, string storeCurrency)
    {
        var result = new Dictionary<string, decimal>();
        foreach (var (code, amount) in given ?? [])
        {
            var at = $"{field}.{code}";
            if (errors.Currency(at, code) is not { } normalized) continue;
            errors.Check(normalized != storeCurrency, at, $"{normalized} is the store currency; set it with 'amount'.");
            errors.Amount(at, amount, normalized);
            result[normalized] = amount;
        }
        return result;
    }

    private static Dictionary<string, decimal> Normalized(Dictionary<string, decimal> prices) =>
        prices.ToDictionary(kv => kv.Key.Trim().ToUpperInvariant(), kv => kv.Value);
}
