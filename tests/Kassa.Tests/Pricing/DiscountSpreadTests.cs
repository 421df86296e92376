using Kassa.Pricing;
using static Kassa.Tests.Pricing.PricingAssert;

namespace Kassa.Tests.Pricing;

public sealed class DiscountSpreadTests
{
    [Theory]
    // discount, currency, bases, expected shares
    [InlineData("10", "EUR", "30 10 20", "5.00 1.67 3.33")]
    [InlineData("10", "EUR", "10 10 10", "3.34 3.33 3.33")] // tie on remainder and size: the earlier part
    [InlineData("0.03", "EUR", "0.01 0.03 0.02", "0.00 0.02 0.01")] // tie on remainder: the larger part
    [InlineData("0.01", "EUR", "5 5", "0.01 0.00")]
    [InlineData("1", "EUR", "0 10", "0 1.00")] // a 0 part never gets a share
    [InlineData("100", "EUR", "3 2", "3.00 2.00")] // capped at the bases: never below zero
    [InlineData("5", "EUR", "3 2", "3.00 2.00")] // exactly the bases
    [InlineData("0", "EUR", "3 2", "0 0")]
    [InlineData("5", "EUR", "0 0", "0 0")]
    [InlineData("5", "EUR", "", "")]
    [InlineData("1.005", "EUR", "10 10", "0.51 0.50")] // the discount itself is rounded first (1.01)
    [InlineData("100", "JPY", "333 333 334", "33 33 34")]
    [InlineData("10", "JPY", "1 1 1", "1 1 1")]
    [InlineData("1", "BHD", "1.235 0.999 2.5", "0.261 0.211 0.528")]
    [InlineData("0.001", "BHD", "1 2", "0 0.001")]
    public void Spread(string discount, string currency, string bases, string expected)
    {
        var parts = Numbers(bases);
        var shares = DiscountSpread.Spread(D(discount), parts, currency);

        Assert.Equal(Numbers(expected), shares);
        Assert.Equal(Math.Min(Money.Round(D(discount), currency), parts.Sum()), shares.Sum());
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.InRange(shares[i], 0m, parts[i]);
            Assert.True(Money.FitsMinorUnits(shares[i], currency));
        }
    }

    private static decimal[] Numbers(string row) =>
        row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D).ToArray();
}
