using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

public sealed class CatalogPriceTests
{
    public static TheoryData<string, string, string?, string, string?> Cases() => new()
    {
        // store currency, base price, explicit prices ("CUR=price;…"), cart currency, expected
        { "base price in the store currency", "EUR", null, "EUR", "10.00" },
        { "base price, cart currency in lower case", "EUR", null, "eur", "10.00" },
        { "base price, store currency in lower case", "eur", null, "EUR", "10.00" },
        { "no price in another currency", "EUR", null, "USD", null },
        { "no price in another currency despite other explicit prices", "EUR", "USD=12.50;JPY=1500", "GBP", null },
        { "explicit price in another currency", "EUR", "USD=12.50;JPY=1500", "USD", "12.50" },
        { "explicit price, 0 minor units", "EUR", "USD=12.50;JPY=1500", "JPY", "1500" },
        { "explicit price, cart code in lower case", "EUR", "USD=12.50", "usd", "12.50" },
        { "explicit price, stored code in lower case", "EUR", "usd=12.50", "USD", "12.50" },
        { "explicit price, stored code mixed case and padded", "EUR", " Usd =12.50", "USD", "12.50" },
        { "explicit price in the store currency wins over the base price", "EUR", "EUR=9.00", "EUR", "9.00" },
        { "explicit price of 0 is a price", "EUR", "USD=0", "USD", "0" },
        { "explicit prices elsewhere, base price still used in the store currency", "EUR", "USD=12.50", "EUR", "10.00" },
        { "empty price list", "EUR", "", "USD", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve(string name, string storeCurrency, string? prices, string cartCurrency, string? expected)
    {
        Assert.NotEmpty(name);
        var table = prices?
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => PricingAssert.D(p[1]), StringComparer.Ordinal);

        var price = CatalogPrice.Resolve(storeCurrency, 10.00m, table, cartCurrency);

        Assert.Equal(expected is null ? null : PricingAssert.D(expected), price);
    }
}
