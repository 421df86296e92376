using System.Globalization;
using Kassa.Carts;
using Kassa.Catalog;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Shipping;

namespace Kassa.Tests.Pricing;

/// <summary>
/// Tax by destination, worked out by hand: one cart with a standard, a reduced and a zero-rated product and a shipping
/// method, priced for several destinations in net entry, gross entry, and gross entry whose prices follow the destination
/// rate. The store is in EE (standard 22, reduced 9) and also has FI rates (standard 25.5, reduced 14); SE has none, so
/// there every line falls back to the product's own rate and then the store default (20), exactly as before.
/// Expected amounts read "items subtotal, items tax, items total, shipping tax, shipping total, total".
/// </summary>
public sealed class DestinationTaxPricingTests
{
    private static readonly CountryTaxRate[] Rates =
    [
        new("EE", "standard", 22m), new("EE", "reduced", 9m),
        new("FI", "standard", 25.5m), new("FI", "reduced", 14m),
    ];

    public static TheoryData<string, bool, string?, string?, string> Cases => new()
    {
        // Net entry: the net stays, the destination's tax goes on it.
        // FI: 100 × 25.5 % = 25.50; 2 × 10 × 14 % = 2.80; 50 at the product's 0 (no FI zero row); shipping 5 × 25.5 % = 1.275 → 1.28.
        { "net", false, "FI", null, "170.00 28.30 198.30 1.28 6.28 204.58" },
        // EE: 22.00 + 1.80 + 0; shipping 1.10.
        { "net", false, "EE", null, "170.00 23.80 193.80 1.10 6.10 199.90" },
        // SE has no rows: the product's own rates (none → default 20, 9, 0) and the method's own 20 %, as every store before.
        { "net", false, "SE", null, "170.00 21.80 191.80 1.00 6.00 197.80" },
        // No shipping address: the billing country decides.
        { "net", false, null, "FI", "170.00 28.30 198.30 1.28 6.28 204.58" },
        // Neither: the store's own country.
        { "net", false, null, null, "170.00 23.80 193.80 1.10 6.10 199.90" },

        // Gross entry, prices stay as shown: the shopper pays 175.00 everywhere, the tax inside changes.
        // FI: 100 / 1.255 = 79.68 (tax 20.32); 20 / 1.14 = 17.54 (2.46); 50; shipping 5 / 1.255 = 3.98 (1.02).
        { "gross", false, "FI", null, "147.22 22.78 170.00 1.02 5.00 175.00" },
        // EE: 100 / 1.22 = 81.97 (18.03); 20 / 1.09 = 18.35 (1.65); shipping 5 / 1.22 = 4.10 (0.90).
        { "gross", false, "EE", null, "150.32 19.68 170.00 0.90 5.00 175.00" },

        // Gross entry following the destination: the net of the EE price, with the destination's tax.
        // FI: 100 × 125.5 / 122 = 102.87 (net 81.97, tax 20.90); 10 × 114 / 109 = 10.46, × 2 = 20.92 (net 18.35, tax 2.57);
        // 50 (zero-rated in both); shipping 5 × 125.5 / 122 = 5.14 (net 4.10, tax 1.04).
        { "gross", true, "FI", null, "150.32 23.47 173.79 1.04 5.14 178.93" },
        // At home nothing moves.
        { "gross", true, "EE", null, "150.32 19.68 170.00 0.90 5.00 175.00" },
        // SE has no rows, so its rate is the fallback: the standard product's (none → default 20), and the EE gross moves to it:
        // 100 × 120 / 122 = 98.36 (net 81.97, tax 16.39); the book's own 9 % equals EE's reduced 9, so 20 stays (18.35 + 1.65);
        // shipping at the method's 20: 5 × 120 / 122 = 4.92 (net 4.10, tax 0.82).
        { "gross", true, "SE", null, "150.32 18.04 168.36 0.82 4.92 173.28" },
        // Gross entry staying as shown, to SE: 100 / 1.2 = 83.33 (16.67); 18.35 (1.65); shipping 5 / 1.2 = 4.17 (0.83).
        { "gross", false, "SE", null, "151.68 18.32 170.00 0.83 5.00 175.00" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_line_and_shipping_pay_the_destinations_rate_and_every_total_is_the_sum_of_its_parts(
        string mode, bool followDestination, string? shippingCountry, string? billingCountry, string expected)
    {
        var cart = MixedCart(mode, followDestination, shippingCountry, billingCountry);
        var quote = CartQuote.Of(cart, DateTime.UtcNow);
        var p = quote.Priced;

        var want = expected.Split(' ').Select(s => decimal.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(want, new[] { p.ItemsSubtotalAmount, p.ItemsTaxAmount, p.ItemsTotalAmount, p.ShippingTaxAmount, p.ShippingTotalAmount, p.TotalAmount });

        // Every total is the exact sum of its parts.
        Assert.Equal(p.ItemsSubtotalAmount, p.Lines.Sum(l => l.SubtotalAmount));
        Assert.Equal(p.ItemsTaxAmount, p.Lines.Sum(l => l.TaxAmount));
        Assert.Equal(p.ItemsTotalAmount, p.ItemsSubtotalAmount + p.ItemsTaxAmount);
        Assert.Equal(p.ShippingTotalAmount, p.ShippingSubtotalAmount + p.ShippingTaxAmount);
        Assert.Equal(p.TotalAmount, p.ItemsTotalAmount + p.ShippingTotalAmount);
        Assert.Equal(p.ItemsTaxAmount + p.ShippingTaxAmount, p.TaxAmounts.Sum(t => t.TaxAmount));
        Assert.Equal(p.ItemsSubtotalAmount + p.ShippingSubtotalAmount, p.TaxAmounts.Sum(t => t.SubtotalAmount));
    }

    [Fact]
    public void A_store_without_rates_per_country_prices_exactly_as_before_whatever_the_destination()
    {
        foreach (var mode in new[] { "net", "gross" })
        foreach (var follow in new[] { false, true })
        foreach (var country in new[] { "FI", "EE", "SE", null })
        {
            var cart = MixedCart(mode, follow, country, null);
            cart.TaxRates = [];
            var withoutDestination = MixedCart(mode, follow, null, null);
            withoutDestination.TaxRates = [];
            withoutDestination.Store.CountryCode = null;
            Assert.Equal(CartQuote.Of(withoutDestination, DateTime.UtcNow).Priced.TotalAmount, CartQuote.Of(cart, DateTime.UtcNow).Priced.TotalAmount);
            Assert.Equal(
                CartQuote.Of(withoutDestination, DateTime.UtcNow).Priced.TaxAmounts.Select(t => (t.TaxRate, t.TaxAmount)),
                CartQuote.Of(cart, DateTime.UtcNow).Priced.TaxAmounts.Select(t => (t.TaxRate, t.TaxAmount)));
        }
    }

    [Fact]
    public void An_admin_set_rate_on_a_line_is_kept_wherever_the_cart_goes()
    {
        var cart = MixedCart("net", false, "FI", null);
        cart.Items[0].TaxRateOverride = 5m;
        var line = CartQuote.Of(cart, DateTime.UtcNow).Priced.Lines[0];
        Assert.Equal(5m, line.TaxRate);
        Assert.Equal(5.00m, line.TaxAmount);
    }

    private static CartAddress Address(string country) => new("Ada", null, null, "Main 1", null, "Town", "10111", null, country.ToLowerInvariant(), null, null);

    private static Cart MixedCart(string mode, bool followDestination, string? shippingCountry, string? billingCountry)
    {
        var store = new StoreSettings
        {
            PriceEntryMode = mode, DefaultCurrency = "EUR", AllowedCurrencies = ["EUR"], DefaultTaxRate = 20m,
            CountryCode = "EE", GrossPricesFollowDestination = followDestination,
        };
        var standard = new Product { Id = 1, Name = "Standard", Price = 100m };
        var reduced = new Product { Id = 2, Name = "Book", Price = 10m, TaxClass = "reduced", TaxRate = 9m };
        var zero = new Product { Id = 3, Name = "Gift card", Price = 50m, TaxClass = "zero", TaxRate = 0m };
        var method = new ShippingMethod { Id = 1, Name = "Post", Amount = 5m, TaxRate = 20m };
        return new Cart
        {
            Currency = "EUR",
            Store = store,
            TaxRates = Rates,
            ShippingMethodId = method.Id,
            ShippingMethod = method,
            ShippingAddress = shippingCountry is null ? null : Address(shippingCountry),
            BillingAddress = billingCountry is null ? null : Address(billingCountry),
            Items =
            [
                new CartItem { Id = 1, ProductId = 1, Product = standard, Quantity = 1 },
                new CartItem { Id = 2, ProductId = 2, Product = reduced, Quantity = 2 },
                new CartItem { Id = 3, ProductId = 3, Product = zero, Quantity = 1 },
            ],
        };
    }
}
