using System.Globalization;

namespace Kassa.Pricing;

/// <summary>
/// The last guard before the maths: callers validate requests earlier and answer 4xx, so anything
/// caught here is a programming error and surfaces as an ArgumentException.
/// </summary>
internal static class PricingInputValidator
{
    /// <returns>The normalized (upper-case) currency code.</returns>
    public static string Validate(PricingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        var currency = Currencies.Normalize(input.Currency)
            ?? throw Invalid($"'{input.Currency}' is not an ISO 4217 currency code.");
        if (!Enum.IsDefined(input.Mode))
            throw Invalid($"Price entry mode {(int)input.Mode} is not Net or Gross.");
        CheckRate(input.DefaultTaxRate, "Default tax rate");
        if (input.Lines is null)
            throw Invalid("Lines must not be null; pass an empty list for an empty cart.");

        for (var i = 0; i < input.Lines.Count; i++)
            CheckLine(input.Lines[i], i);

        if (input.Discount is { } discount)
            CheckDiscount(discount);

        if (input.Shipping is { } shipping)
        {
            CheckAmount(shipping.Amount, "Shipping amount");
            CheckRate(shipping.TaxRate, "Shipping tax rate");
        }

        return currency;
    }

    private static void CheckLine(PricingLine? line, int index)
    {
        if (line is null) throw Invalid($"Line {index} is null.");
        if (line.Key is null) throw Invalid($"Line {index} has no key.");

        var name = $"Line '{line.Key}'";
        if (line.Quantity < 1) throw Invalid($"{name}: quantity must be at least 1, got {Show(line.Quantity)}.");
        CheckAmount(line.UnitPrice, $"{name}: unit price");
        CheckAmount(line.UnitPrice * line.Quantity, $"{name}: unit price × quantity");
        if (line.TaxRate is { } rate) CheckRate(rate, $"{name}: tax rate");
    }

    private static void CheckDiscount(PricingDiscount discount)
    {
        if (!Enum.IsDefined(discount.Type))
            throw Invalid($"Discount type {(int)discount.Type} is not Percentage or FixedAmount.");
        if (!Enum.IsDefined(discount.AppliesTo))
            throw Invalid($"Discount scope {(int)discount.AppliesTo} is not Products or Order.");
        if (discount.Amount < 0)
            throw Invalid($"Discount amount must not be negative, got {Show(discount.Amount)}.");
        if (discount.Type == DiscountType.Percentage && discount.Amount > 100)
            throw Invalid($"A percentage discount must be at most 100 %, got {Show(discount.Amount)}.");
    }

    private static void CheckAmount(decimal amount, string what)
    {
        if (amount < 0) throw Invalid($"{what} must not be negative, got {Show(amount)}.");
        if (amount > PricingLimits.MaxAmount)
            throw Invalid($"{what} {Show(amount)} exceeds the largest amount Kassa prices ({Show(PricingLimits.MaxAmount)}).");
    }

    private static void CheckRate(decimal rate, string what)
    {
        if (rate < 0 || rate > PricingLimits.MaxTaxRate)
            throw Invalid($"{what} must be between 0 and {Show(PricingLimits.MaxTaxRate)} %, got {Show(rate)}.");
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Show(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ArgumentException Invalid(string message) => new(message, "input");
}
