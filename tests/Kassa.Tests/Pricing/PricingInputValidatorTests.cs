using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

public sealed class PricingInputValidatorTests
{
    private static readonly PricingLine Good = new("a", 10m, 20m, 1);

    private static PricingInput Cart(
        PricingLine? line = null,
        string currency = "EUR",
        decimal defaultRate = 20m,
        PricingDiscount? discount = null,
        PricingShipping? shipping = null,
        PriceEntryMode mode = PriceEntryMode.Net) =>
        new(currency, mode, defaultRate, [line ?? Good], discount, shipping);

    /// <summary>Each invalid input with a word its message must contain.</summary>
    public static readonly IReadOnlyDictionary<string, (PricingInput Input, string Mentions)> Invalid =
        new Dictionary<string, (PricingInput, string)>
        {
            ["negative unit price"] = (Cart(Good with { UnitPrice = -0.01m }), "unit price"),
            ["unit price above the limit"] = (Cart(Good with { UnitPrice = PricingLimits.MaxAmount + 1 }), "unit price"),
            ["unit price × quantity above the limit"] = (Cart(Good with { UnitPrice = PricingLimits.MaxAmount, Quantity = 2 }), "quantity"),
            ["quantity 0"] = (Cart(Good with { Quantity = 0 }), "quantity"),
            ["negative quantity"] = (Cart(Good with { Quantity = -3 }), "quantity"),
            ["unknown currency"] = (Cart(currency: "XYZ"), "XYZ"),
            ["empty currency"] = (Cart(currency: ""), "ISO 4217"),
            ["null currency"] = (Cart(currency: null!), "ISO 4217"),
            ["undefined entry mode"] = (Cart(mode: (PriceEntryMode)7), "mode"),
            ["negative default tax rate"] = (Cart(defaultRate: -1m), "Default tax rate"),
            ["negative line tax rate"] = (Cart(Good with { TaxRate = -0.5m }), "tax rate"),
            ["line tax rate above the limit"] = (Cart(Good with { TaxRate = PricingLimits.MaxTaxRate + 1 }), "tax rate"),
            ["line without a key"] = (Cart(Good with { Key = null! }), "key"),
            ["percentage above 100"] = (Cart(discount: new(DiscountType.Percentage, 100.01m, DiscountScope.Products)), "100"),
            ["negative percentage"] = (Cart(discount: new(DiscountType.Percentage, -5m, DiscountScope.Products)), "negative"),
            ["negative fixed amount"] = (Cart(discount: new(DiscountType.FixedAmount, -5m, DiscountScope.Order)), "negative"),
            ["undefined discount type"] = (Cart(discount: new((DiscountType)9, 5m, DiscountScope.Order)), "type"),
            ["undefined discount scope"] = (Cart(discount: new(DiscountType.Percentage, 5m, (DiscountScope)9)), "scope"),
            ["negative shipping amount"] = (Cart(shipping: new(-1m, 20m)), "Shipping amount"),
            ["negative shipping tax rate"] = (Cart(shipping: new(1m, -20m)), "Shipping tax rate"),
            ["shipping amount above the limit"] = (Cart(shipping: new(PricingLimits.MaxAmount + 0.01m, 20m)), "Shipping amount"),
            ["null lines"] = (new PricingInput("EUR", PriceEntryMode.Net, 20m, null!), "Lines"),
            ["null line"] = (new PricingInput("EUR", PriceEntryMode.Net, 20m, [Good, null!]), "Line 1"),
        };

    public static TheoryData<string> InvalidNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Invalid.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Rejects(string name)
    {
        var (input, mentions) = Invalid[name];

        var direct = Assert.Throws<ArgumentException>(() => PricingInputValidator.Validate(input));
        Assert.Contains(mentions, direct.Message, StringComparison.Ordinal);

        // The pricer runs the same guard before any maths.
        var priced = Assert.Throws<ArgumentException>(() => CartPricer.Price(input));
        Assert.Equal(direct.Message, priced.Message);
    }

    public static TheoryData<string> ValidNames() =>
    [
        "price 0", "percentage exactly 100", "percentage 0", "fixed amount larger than the cart", "tax rate 0",
        "largest amounts and rate", "lower-case currency", "empty cart",
    ];

    private static PricingInput ValidInput(string name) => name switch
    {
        "price 0" => Cart(Good with { UnitPrice = 0m }),
        "percentage exactly 100" => Cart(discount: new(DiscountType.Percentage, 100m, DiscountScope.Order)),
        "percentage 0" => Cart(discount: new(DiscountType.Percentage, 0m, DiscountScope.Order)),
        "fixed amount larger than the cart" => Cart(discount: new(DiscountType.FixedAmount, 1_000_000m, DiscountScope.Order)),
        "tax rate 0" => Cart(Good with { TaxRate = 0m }, defaultRate: 0m, shipping: new(0m, 0m)),
        "largest amounts and rate" => Cart(
            Good with { UnitPrice = PricingLimits.MaxAmount, TaxRate = PricingLimits.MaxTaxRate },
            shipping: new(PricingLimits.MaxAmount, PricingLimits.MaxTaxRate)),
        "lower-case currency" => Cart(currency: " eur "),
        "empty cart" => new PricingInput("EUR", PriceEntryMode.Gross, 20m, []),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Accepts(string name)
    {
        var input = ValidInput(name);
        Assert.Equal("EUR", PricingInputValidator.Validate(input));
        PricingAssert.Invariants(input, CartPricer.Price(input));
    }
}
