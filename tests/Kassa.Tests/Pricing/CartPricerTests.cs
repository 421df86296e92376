using Kassa.Pricing;
using static Kassa.Tests.Pricing.PricingAssert;

namespace Kassa.Tests.Pricing;

/// <summary>
/// Worked carts with every amount written out. Amount rows read
/// "original discount subtotal tax total" (subtotal and original are net); tax rows read
/// "rate subtotal tax". The expected values were worked out independently of the code under test.
/// </summary>
public sealed class CartPricerTests
{
    public sealed record Case(
        PricingInput Input,
        string[] Lines,
        string? Shipping,
        string Items,
        string Total,
        string[] TaxAmounts);

    private static PricingLine L(string key, string unitPrice, int quantity = 1, decimal? rate = null) =>
        new(key, D(unitPrice), rate, quantity);

    private static PricingInput Net(string currency, decimal defaultRate, PricingLine[] lines, PricingDiscount? discount = null, PricingShipping? shipping = null) =>
        new(currency, PriceEntryMode.Net, defaultRate, lines, discount, shipping);

    private static PricingInput Gross(string currency, decimal defaultRate, PricingLine[] lines, PricingDiscount? discount = null, PricingShipping? shipping = null) =>
        new(currency, PriceEntryMode.Gross, defaultRate, lines, discount, shipping);

    private static PricingDiscount Percent(string amount, DiscountScope scope = DiscountScope.Products) => new(DiscountType.Percentage, D(amount), scope);

    private static PricingDiscount Fixed(string amount, DiscountScope scope = DiscountScope.Products) => new(DiscountType.FixedAmount, D(amount), scope);

    private static PricingShipping Ship(string amount, decimal rate) => new(D(amount), rate);

    private static readonly PricingLine[] ManyLines =
    [
        L("l01", "19.99", 3, 24), L("l02", "4.95", 1, 9), L("l03", "129.00", 1, 20), L("l04", "0.99", 12, 0),
        L("l05", "7.49", 2), L("l06", "15.555", 1, 9), L("l07", "249.90", 1, 24), L("l08", "3.33", 3, 20),
        L("l09", "12.00", 5, 0), L("l10", "0.01", 1, 24), L("l11", "59.95", 2, 9), L("l12", "1.15", 7, 20),
    ];

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        // The Voog seed's create-cart example, to the cent.
        ["voog seed: 2475.25 @1%, 33% off products, shipping 3.5 @20%"] = new(
            Net("EUR", 1, [L("p", "2475.25", 1, 1)], Percent("33"), Ship("3.5", 20)),
            ["2475.25 816.83 1658.42 16.58 1675.00"],
            "3.50 0 3.50 0.70 4.20",
            "2475.25 816.83 1658.42 16.58 1675.00",
            "1679.20",
            ["1 1658.42 16.58", "20 3.50 0.70"]),

        ["net: quantity times price, tax per line, grouped by rate"] = new(
            Net("EUR", 20, [L("a", "10.00", 2), L("b", "2.50", 3, 9)]),
            ["20.00 0 20.00 4.00 24.00", "7.50 0 7.50 0.68 8.18"],
            null,
            "27.50 0 27.50 4.68 32.18",
            "32.18",
            ["9 7.50 0.68", "20 20.00 4.00"]),

        // 0.125 → 0.13 (banker's would give 0.12); three taxes of 0.005 → 0.01 each, so 0.03 in all
        // where rounding the cart once would give 0.02; 0.1665 × 3 = 0.4995 → 0.50, not 3 × 0.17.
        ["net: half away from zero, per line"] = new(
            Net("EUR", 10, [L("a", "0.125"), L("b", "0.05"), L("c", "0.05"), L("d", "0.05"), L("e", "0.1665", 3)]),
            ["0.13 0 0.13 0.01 0.14", "0.05 0 0.05 0.01 0.06", "0.05 0 0.05 0.01 0.06", "0.05 0 0.05 0.01 0.06", "0.50 0 0.50 0.05 0.55"],
            null,
            "0.78 0 0.78 0.09 0.87",
            "0.87",
            ["10 0.78 0.09"]),

        ["net: the store default rate fills a missing line rate, an explicit 0 stays 0"] = new(
            Net("EUR", 20, [L("default", "10.00"), L("zero", "10.00", 1, 0)]),
            ["10.00 0 10.00 2.00 12.00", "10.00 0 10.00 0 10.00"],
            null,
            "20.00 0 20.00 2.00 22.00",
            "22.00",
            ["0 10.00 0", "20 10.00 2.00"]),

        ["net: lower-case currency code"] = new(
            Net("eur", 20, [L("a", "1.00")]),
            ["1.00 0 1.00 0.20 1.20"],
            null,
            "1.00 0 1.00 0.20 1.20",
            "1.20",
            ["20 1.00 0.20"]),

        ["net: empty cart"] = new(
            Net("EUR", 20, []),
            [],
            null,
            "0 0 0 0 0",
            "0",
            []),

        ["net: shipping only"] = new(
            Net("EUR", 20, [], null, Ship("3.5", 20)),
            [],
            "3.50 0 3.50 0.70 4.20",
            "0 0 0 0 0",
            "4.20",
            ["20 3.50 0.70"]),

        ["net: free shipping keeps its rate"] = new(
            Net("EUR", 20, [L("a", "5.00")], null, Ship("0", 9)),
            ["5.00 0 5.00 1.00 6.00"],
            "0 0 0 0 0",
            "5.00 0 5.00 1.00 6.00",
            "6.00",
            ["9 0 0", "20 5.00 1.00"]),

        ["net: shipping amount rounded and taxed at its own rate"] = new(
            Net("EUR", 9, [L("a", "10.00")], null, Ship("4.995", 24)),
            ["10.00 0 10.00 0.90 10.90"],
            "5.00 0 5.00 1.20 6.20",
            "10.00 0 10.00 0.90 10.90",
            "17.10",
            ["9 10.00 0.90", "24 5.00 1.20"]),

        ["JPY (0 minor units): rounds to whole yen"] = new(
            Net("JPY", 10, [L("a", "1500", 2), L("b", "99.5", 1, 8), L("c", "333")], null, Ship("500", 10)),
            ["3000 0 3000 300 3300", "100 0 100 8 108", "333 0 333 33 366"],
            "500 0 500 50 550",
            "3433 0 3433 341 3774",
            "4324",
            ["8 100 8", "10 3833 383"]),

        ["JPY: 15% off products"] = new(
            Net("JPY", 10, [L("a", "1500", 2), L("b", "99.5", 1, 8), L("c", "333")], Percent("15"), Ship("500", 10)),
            ["3000 450 2550 255 2805", "100 15 85 7 92", "333 50 283 28 311"],
            "500 0 500 50 550",
            "3433 515 2918 290 3208",
            "3758",
            ["8 85 7", "10 3333 333"]),

        ["BHD (3 minor units): rounds to the fils"] = new(
            Net("BHD", 10, [L("a", "1.2345"), L("b", "0.333", 3, 5)], null, Ship("2.5", 10)),
            ["1.235 0 1.235 0.124 1.359", "0.999 0 0.999 0.050 1.049"],
            "2.500 0 2.500 0.250 2.750",
            "2.234 0 2.234 0.174 2.408",
            "5.158",
            ["5 0.999 0.050", "10 3.735 0.374"]),

        ["BHD: fixed 1.000 over the order, spread in fils"] = new(
            Net("BHD", 10, [L("a", "1.2345"), L("b", "0.333", 3, 5)], Fixed("1", DiscountScope.Order), Ship("2.5", 10)),
            ["1.235 0.261 0.974 0.097 1.071", "0.999 0.211 0.788 0.039 0.827"],
            "2.500 0.528 1.972 0.197 2.169",
            "2.234 0.472 1.762 0.136 1.898",
            "4.067",
            ["5 0.788 0.039", "10 2.946 0.294"]),

        ["gross: 12.00 at 20% costs 12.00"] = new(
            Gross("EUR", 20, [L("a", "12.00", 1, 20)]),
            ["10.00 0 10.00 2.00 12.00"],
            null,
            "10.00 0 10.00 2.00 12.00",
            "12.00",
            ["20 10.00 2.00"]),

        // The total is exactly the sum of the shown gross prices: 12.00 + 29.97 + 1.00 + 4.99.
        ["gross: converted to net per line, shopper pays what they saw"] = new(
            Gross("EUR", 20, [L("a", "12.00", 1, 20), L("b", "9.99", 3, 24), L("c", "1.00", 1, 9)], null, Ship("4.99", 20)),
            ["10.00 0 10.00 2.00 12.00", "24.17 0 24.17 5.80 29.97", "0.92 0 0.92 0.08 1.00"],
            "4.16 0 4.16 0.83 4.99",
            "35.09 0 35.09 7.88 42.97",
            "47.96",
            ["9 0.92 0.08", "20 14.16 2.83", "24 24.17 5.80"]),

        ["gross: 10% off products taken from the gross"] = new(
            Gross("EUR", 20, [L("a", "9.99", 3, 24)], Percent("10"), Ship("4.99", 20)),
            ["24.17 2.42 21.75 5.22 26.97"],
            "4.16 0 4.16 0.83 4.99",
            "24.17 2.42 21.75 5.22 26.97",
            "31.96",
            ["20 4.16 0.83", "24 21.75 5.22"]),

        ["gross: fixed 4.00 off is gross, spread by gross line"] = new(
            Gross("EUR", 20, [L("a", "12.00", 1, 20), L("b", "12.40", 1, 24)], Fixed("4")),
            ["10.00 1.64 8.36 1.67 10.03", "10.00 1.64 8.36 2.01 10.37"],
            null,
            "20.00 3.28 16.72 3.68 20.40",
            "20.40",
            ["20 8.36 1.67", "24 8.36 2.01"]),

        // One cent off the gross price does not move the rounded net: the tax absorbs it.
        ["gross: a cent off can leave the net unchanged"] = new(
            Gross("EUR", 20, [L("a", "1.00", 1, 20)], Fixed("0.01")),
            ["0.83 0 0.83 0.16 0.99"],
            null,
            "0.83 0 0.83 0.16 0.99",
            "0.99",
            ["20 0.83 0.16"]),

        ["gross JPY"] = new(
            Gross("JPY", 10, [L("a", "1000", 1, 10), L("b", "1080", 2, 8)], null, Ship("550", 10)),
            ["909 0 909 91 1000", "2000 0 2000 160 2160"],
            "500 0 500 50 550",
            "2909 0 2909 251 3160",
            "3710",
            ["8 2000 160", "10 1409 141"]),

        ["gross BHD"] = new(
            Gross("BHD", 10, [L("a", "1.150", 1, 15), L("b", "0.999", 1, 10)]),
            ["1.000 0 1.000 0.150 1.150", "0.908 0 0.908 0.091 0.999"],
            null,
            "1.908 0 1.908 0.241 2.149",
            "2.149",
            ["10 0.908 0.091", "15 1.000 0.150"]),

        ["percentage on the order also discounts shipping"] = new(
            Net("EUR", 20, [L("a", "100.00", 1, 20), L("b", "19.99", 2, 9)], Percent("10", DiscountScope.Order), Ship("5.95", 20)),
            ["100.00 10.00 90.00 18.00 108.00", "39.98 4.00 35.98 3.24 39.22"],
            "5.95 0.60 5.35 1.07 6.42",
            "139.98 14.00 125.98 21.24 147.22",
            "153.64",
            ["9 35.98 3.24", "20 95.35 19.07"]),

        ["percentage on products leaves shipping alone"] = new(
            Net("EUR", 20, [L("a", "100.00", 1, 20), L("b", "19.99", 2, 9)], Percent("10"), Ship("5.95", 20)),
            ["100.00 10.00 90.00 18.00 108.00", "39.98 4.00 35.98 3.24 39.22"],
            "5.95 0 5.95 1.19 7.14",
            "139.98 14.00 125.98 21.24 147.22",
            "154.36",
            ["9 35.98 3.24", "20 95.95 19.19"]),

        ["percentage 100 on the order: everything free"] = new(
            Net("EUR", 20, [L("a", "7.77", 3, 20)], Percent("100", DiscountScope.Order), Ship("2.00", 20)),
            ["23.31 23.31 0 0 0"],
            "2.00 2.00 0 0 0",
            "23.31 23.31 0 0 0",
            "0",
            ["20 0 0"]),

        ["percentage 0 changes nothing"] = new(
            Net("EUR", 20, [L("a", "7.77", 3, 20)], Percent("0", DiscountScope.Order), Ship("2.00", 20)),
            ["23.31 0 23.31 4.66 27.97"],
            "2.00 0 2.00 0.40 2.40",
            "23.31 0 23.31 4.66 27.97",
            "30.37",
            ["20 25.31 5.06"]),

        // 10 over 30/10/20: 5.00, 1.666…, 3.333… → floors 5.00 1.66 3.33, the missing cent to the
        // largest remainder (the 10.00 line).
        ["fixed on products: spread in proportion, largest remainder"] = new(
            Net("EUR", 20, [L("a", "30.00", 1, 20), L("b", "10.00", 1, 20), L("c", "20.00", 1, 9)], Fixed("10"), Ship("5.00", 20)),
            ["30.00 5.00 25.00 5.00 30.00", "10.00 1.67 8.33 1.67 10.00", "20.00 3.33 16.67 1.50 18.17"],
            "5.00 0 5.00 1.00 6.00",
            "60.00 10.00 50.00 8.17 58.17",
            "64.17",
            ["9 16.67 1.50", "20 38.33 7.67"]),

        // Three equal parts, 3.333… each: the odd cent goes to the earliest.
        ["fixed on the order: shipping takes its share"] = new(
            Net("EUR", 20, [L("a", "10.00", 1, 20), L("b", "10.00", 1, 20)], Fixed("10", DiscountScope.Order), Ship("10.00", 20)),
            ["10.00 3.34 6.66 1.33 7.99", "10.00 3.33 6.67 1.33 8.00"],
            "10.00 3.33 6.67 1.33 8.00",
            "20.00 6.67 13.33 2.66 15.99",
            "23.99",
            ["20 20.00 3.99"]),

        ["fixed larger than the products: items 0, shipping still paid"] = new(
            Net("EUR", 20, [L("a", "3.00", 1, 20), L("b", "2.00", 1, 9)], Fixed("100"), Ship("4.00", 20)),
            ["3.00 3.00 0 0 0", "2.00 2.00 0 0 0"],
            "4.00 0 4.00 0.80 4.80",
            "5.00 5.00 0 0 0",
            "4.80",
            ["9 0 0", "20 4.00 0.80"]),

        ["fixed larger than the order: everything 0, nothing negative"] = new(
            Net("EUR", 20, [L("a", "3.00", 1, 20), L("b", "2.00", 1, 9)], Fixed("100", DiscountScope.Order), Ship("4.00", 20)),
            ["3.00 3.00 0 0 0", "2.00 2.00 0 0 0"],
            "4.00 4.00 0 0 0",
            "5.00 5.00 0 0 0",
            "0",
            ["9 0 0", "20 0 0"]),

        ["fixed on an empty cart with products scope does nothing"] = new(
            Net("EUR", 20, [], Fixed("5"), Ship("4.00", 20)),
            [],
            "4.00 0 4.00 0.80 4.80",
            "0 0 0 0 0",
            "4.80",
            ["20 4.00 0.80"]),

        ["twelve lines, rates 0/9/20/24, 12.5% off products"] = new(
            Net("EUR", 24, ManyLines, Percent("12.5"), Ship("6.90", 24)),
            [
                "59.97 7.50 52.47 12.59 65.06", "4.95 0.62 4.33 0.39 4.72", "129.00 16.13 112.87 22.57 135.44",
                "11.88 1.49 10.39 0 10.39", "14.98 1.87 13.11 3.15 16.26", "15.56 1.95 13.61 1.22 14.83",
                "249.90 31.24 218.66 52.48 271.14", "9.99 1.25 8.74 1.75 10.49", "60.00 7.50 52.50 0 52.50",
                "0.01 0 0.01 0 0.01", "119.90 14.99 104.91 9.44 114.35", "8.05 1.01 7.04 1.41 8.45",
            ],
            "6.90 0 6.90 1.66 8.56",
            "684.19 85.55 598.64 105.00 703.64",
            "712.20",
            ["0 62.89 0", "9 122.85 11.05", "20 128.65 25.73", "24 291.15 69.88"]),

        // Gross 691.09 shown in all, 50.00 off: the shopper pays 641.09.
        ["twelve lines gross, fixed 50 off the order"] = new(
            Gross("EUR", 24, ManyLines, Fixed("50", DiscountScope.Order), Ship("6.90", 24)),
            [
                "48.36 3.50 44.86 10.77 55.63", "4.54 0.33 4.21 0.38 4.59", "107.50 7.77 99.73 19.94 119.67",
                "11.88 0.86 11.02 0 11.02", "12.08 0.87 11.21 2.69 13.90", "14.28 1.04 13.24 1.19 14.43",
                "201.53 14.58 186.95 44.87 231.82", "8.33 0.60 7.73 1.54 9.27", "60.00 4.34 55.66 0 55.66",
                "0.01 0 0.01 0 0.01", "110.00 7.96 102.04 9.18 111.22", "6.71 0.48 6.23 1.24 7.47",
            ],
            "5.56 0.40 5.16 1.24 6.40",
            "585.22 42.33 542.89 91.80 634.69",
            "641.09",
            ["0 66.68 0", "9 119.49 10.75", "20 113.69 22.72", "24 248.19 59.57"]),

        // The largest amount (PricingLimits.MaxAmount) at the largest rate stays inside decimal.
        ["limits: 10^15 at 1000%, a cent off the order"] = new(
            Net("EUR", 1000, [L("a", "1000000000000000")], Fixed("0.01", DiscountScope.Order), Ship("1000000000000000", 1000)),
            ["1000000000000000 0.01 999999999999999.99 9999999999999999.90 10999999999999999.89"],
            "1000000000000000 0 1000000000000000 10000000000000000 11000000000000000",
            "1000000000000000 0.01 999999999999999.99 9999999999999999.90 10999999999999999.89",
            "21999999999999999.89",
            ["1000 1999999999999999.99 19999999999999999.90"]),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Prices_the_cart(string name)
    {
        var c = Cases[name];
        var cart = CartPricer.Price(c.Input);

        Invariants(c.Input, cart);

        Assert.Equal(c.Lines.Length, cart.Lines.Count);
        for (var i = 0; i < c.Lines.Length; i++)
        {
            var l = cart.Lines[i];
            AssertAmounts($"line {l.Key}", c.Lines[i], l.OriginalAmount, l.DiscountAmount, l.SubtotalAmount, l.TaxAmount, l.TotalAmount);
        }

        AssertAmounts("items", c.Items, cart.ItemsOriginalAmount, cart.ItemsDiscountAmount, cart.ItemsSubtotalAmount, cart.ItemsTaxAmount, cart.ItemsTotalAmount);
        AssertAmounts("shipping", c.Shipping ?? "0 0 0 0 0", cart.ShippingOriginalAmount, cart.ShippingDiscountAmount, cart.ShippingSubtotalAmount, cart.ShippingTaxAmount, cart.ShippingTotalAmount);
        Assert.Equal(D(c.Total), cart.TotalAmount);

        var expectedTax = c.TaxAmounts.Select(Numbers).Select(n => (n[0], n[1], n[2])).ToArray();
        var actualTax = cart.TaxAmounts.Select(t => (t.TaxRate, t.SubtotalAmount, t.TaxAmount)).ToArray();
        Assert.Equal(expectedTax, actualTax);
    }

    [Fact]
    public void Voog_seed_example_in_voog_wire_form()
    {
        var input = Cases["voog seed: 2475.25 @1%, 33% off products, shipping 3.5 @20%"].Input;
        var cart = CartPricer.Price(input);

        // The strings exactly as the seed's create-cart response shows them.
        Assert.Equal("1658.42", Money.ToVoog(cart.ItemsSubtotalAmount));
        Assert.Equal("2475.25", Money.ToVoog(cart.ItemsOriginalAmount));
        Assert.Equal("816.83", Money.ToVoog(cart.ItemsDiscountAmount));
        Assert.Equal("16.58", Money.ToVoog(cart.ItemsTaxAmount));
        Assert.Equal("1675.0", Money.ToVoog(cart.ItemsTotalAmount));
        Assert.Equal("3.5", Money.ToVoog(cart.ShippingSubtotalAmount));
        Assert.Equal("3.5", Money.ToVoog(cart.ShippingOriginalAmount));
        Assert.Equal("0.7", Money.ToVoog(cart.ShippingTaxAmount));
        Assert.Equal("4.2", Money.ToVoog(cart.ShippingTotalAmount));
        Assert.Equal("20.0", Money.ToVoog(cart.ShippingTaxRate));
        Assert.Equal("1679.2", Money.ToVoog(cart.TotalAmount));
        Assert.Equal("1.0", Money.ToVoog(cart.Lines[0].TaxRate));
        Assert.True(cart.Lines[0].HasDiscount);
        Assert.Equal(
            [("1.0", "1658.42", "16.58"), ("20.0", "3.5", "0.7")],
            cart.TaxAmounts.Select(t => (Money.ToVoog(t.TaxRate), Money.ToVoog(t.SubtotalAmount), Money.ToVoog(t.TaxAmount))).ToArray());
    }

    [Fact]
    public void Only_discounted_lines_are_flagged()
    {
        // A fixed discount over a 0.00 line and a priced line: the free line gets no share.
        var input = Net("EUR", 20, [L("free", "0"), L("paid", "10.00")], Fixed("1"));
        var cart = CartPricer.Price(input);
        Invariants(input, cart);

        Assert.False(cart.Lines[0].HasDiscount);
        Assert.Equal(0m, cart.Lines[0].DiscountAmount);
        Assert.True(cart.Lines[1].HasDiscount);
        Assert.Equal(1.00m, cart.Lines[1].DiscountAmount);
    }

    [Fact]
    public void Gross_cent_off_is_flagged_even_when_the_net_discount_rounds_to_zero()
    {
        var cart = CartPricer.Price(Cases["gross: a cent off can leave the net unchanged"].Input);

        Assert.Equal(0m, cart.Lines[0].DiscountAmount);
        Assert.True(cart.Lines[0].HasDiscount);
    }

    [Fact]
    public void Same_input_same_cart()
    {
        var input = Cases["twelve lines gross, fixed 50 off the order"].Input;
        var first = CartPricer.Price(input);
        var second = CartPricer.Price(input);

        Assert.Equal(first.Lines, second.Lines);
        Assert.Equal(first.TaxAmounts, second.TaxAmounts);
        Assert.Equal(
            (first.ItemsSubtotalAmount, first.ItemsTaxAmount, first.ShippingTotalAmount, first.TotalAmount),
            (second.ItemsSubtotalAmount, second.ItemsTaxAmount, second.ShippingTotalAmount, second.TotalAmount));
    }

    private static void AssertAmounts(string where, string expected, decimal original, decimal discount, decimal subtotal, decimal tax, decimal total)
    {
        var e = Numbers(expected);
        Assert.True(e.Length == 5, $"{where}: bad expectation '{expected}'");
        Assert.Equal((where, e[0], e[1], e[2], e[3], e[4]), (where, original, discount, subtotal, tax, total));
    }

    private static decimal[] Numbers(string row) =>
        row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D).ToArray();
}
