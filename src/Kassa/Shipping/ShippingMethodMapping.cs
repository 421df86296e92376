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
        m.Options.Select(o => new ShippingOptionResponse(o.Name, Money.ToVoog(o.Amount))).ToList(),
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
            }
            var duplicate = options.Where(o => o?.Name is not null).GroupBy(o => o.Name.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) errors.Add("options", $"Option names must be unique; '{duplicate.Key}' appears more than once.");
            errors.FitsJsonColumn<ShippingMethod>(db, nameof(ShippingMethod.Options), "options",
                options.Where(o => o?.Name is not null).Select(o => new ShippingOption(o.Name, o.Amount ?? 0)).ToList());
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
        if (options is not null) method.Options = options.Select(o => new ShippingOption(o.Name.Trim(), o.Amount!.Value)).ToList();
        if (request.Enabled.IsSet) method.Enabled = request.Enabled.Value;
        if (countries is not null) method.Countries = countries;
    }
}
