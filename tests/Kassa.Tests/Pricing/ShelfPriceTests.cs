using Kassa.Pricing;

namespace Kassa.Tests.Pricing;

/// <summary>The catalog's unit price is a one-unit cart line, to the cent, in both entry modes (and shipping likewise).</summary>
public sealed class ShelfPriceTests
{
    public static TheoryData<decimal, decimal, PriceEntryMode, string, decimal, decimal, decimal> Worked() => new()
    {
        // entered, rate, mode, currency → net, tax, gross
        { 19.90m, 20m, PriceEntryMode.Net, "EUR", 19.90m, 3.98m, 23.88m },
        { 19.90m, 20m, PriceEntryMode.Gross, "EUR", 16.58m, 3.32m, 19.90m },
        { 2475.25m, 1m, PriceEntryMode.Net, "EUR", 2475.25m, 24.75m, 2500.00m },
        // 5.55 at 9 %: 5.0917… → 5.09, tax what is left.
        { 5.55m, 9m, PriceEntryMode.Gross, "EUR", 5.09m, 0.46m, 5.55m },
        { 1500m, 10m, PriceEntryMode.Gross, "JPY", 1364m, 136m, 1500m },
        { 1.005m, 0m, PriceEntryMode.Net, "BHD", 1.005m, 0m, 1.005m },
        // An amount finer than the currency is rounded first, as a cart line is.
        { 0.125m, 20m, PriceEntryMode.Net, "EUR", 0.13m, 0.03m, 0.16m },
    };

    [Theory]
    [MemberData(nameof(Worked))]
    public void Worked_examples(decimal entered, decimal rate, PriceEntryMode mode, string currency, decimal net, decimal tax, decimal gross) =>
        Assert.Equal(new ShelfPrice(net, tax, gross), ShelfPrice.Of(entered, rate, mode, currency));

    [Theory]
    [InlineData(7)]
    [InlineData(20261205)]
    public void Equals_a_one_unit_cart_line_and_the_same_shipping_amount(int seed)
    {
        var rng = new Random(seed);
        string[] currencies = ["EUR", "JPY", "BHD", "USD"];
        decimal[] rates = [0m, 5m, 9m, 13.5m, 20m, 24m, 25.5m, 7.125m];
        for (var n = 0; n < 2000; n++)
        {
            var currency = currencies[rng.Next(currencies.Length)];
            var mode = rng.Next(2) == 0 ? PriceEntryMode.Net : PriceEntryMode.Gross;
            var rate = rates[rng.Next(rates.Length)];
            // Up to five decimals, so amounts finer than the currency's are rounded too.
            var entered = Math.Round((decimal)rng.NextDouble() * 5000m, rng.Next(0, 6));

            var cart = CartPricer.Price(new PricingInput(currency, mode, 0m, [new PricingLine("1", entered, rate, 1)], Shipping: new PricingShipping(entered, rate)));
            var shelf = ShelfPrice.Of(entered, rate, mode, currency);

            var line = cart.Lines[0];
            var what = $"seed {seed} #{n}: {entered} {currency} at {rate} % ({mode})";
            Assert.True(new ShelfPrice(line.SubtotalAmount, line.TaxAmount, line.TotalAmount) == shelf, $"{what}: line {line}, shelf {shelf}");
            Assert.True(new ShelfPrice(cart.ShippingSubtotalAmount, cart.ShippingTaxAmount, cart.ShippingTotalAmount) == shelf, $"{what}: shipping differs from {shelf}");
            Assert.Equal(shelf.Gross, shelf.Net + shelf.Tax);
        }
    }
}
