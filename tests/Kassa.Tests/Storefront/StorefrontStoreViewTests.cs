using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Storefront.StorefrontTestApi;

namespace Kassa.Tests.Storefront;

/// <summary>
/// <c>GET /api/store</c> takes the catalog's <c>currency</c> and <c>country</c>: shipping is shown as a cart in that
/// currency shipped to that country pays it; what such a cart cannot choose is left out; each view is its own cached answer.
/// </summary>
public sealed class StorefrontStoreViewTests(KassaFactory shared) : IClassFixture<KassaFactory>
{
    private static async Task<long> CreateMethod(HttpClient admin, object method) =>
        (await (await admin.PostAsJsonAsync($"{Admin}/shipping_methods", method)).Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private static List<(long Method, string? Option, JsonElement Price)> Prices(JsonElement store)
    {
        var prices = new List<(long, string?, JsonElement)>();
        foreach (var method in store.GetProperty("shipping_methods").EnumerateArray())
        {
            var id = method.GetProperty("id").GetInt64();
            if (method.GetProperty("price").ValueKind != JsonValueKind.Null) prices.Add((id, null, method.GetProperty("price")));
            prices.AddRange(method.GetProperty("options").EnumerateArray().Select(o => (id, (string?)o.Text("name"), o.GetProperty("price"))));
        }
        return prices;
    }

    [Fact]
    public async Task Shipping_in_NOK_is_shown_in_NOK_and_what_has_no_NOK_price_is_left_out()
    {
        await using var f = await KassaFactory.CreateAsync();
        var (admin, shopper) = (f.Admin(), f.Anonymous());
        // Demo: Postal Service (1, 3.50 EUR) and Advanced shipping (2, options "option 1" 2.50 and "express" 7.50), both at 20 %.
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/1", new { prices = new { NOK = 45m } })).Expect(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/2", new
        {
            options = new object[] { new { name = "option 1", amount = 2.5m, prices = new { NOK = 29.9m } }, new { name = "express", amount = 7.5m } },
        })).Expect(HttpStatusCode.OK);
        var euroOnly = await CreateMethod(admin, new { name = "Courier", amount = 9m, tax_rate = 20m });
        var euroOptions = await CreateMethod(admin, new { name = "Pallet", amount = 1m, tax_rate = 20m, options = new[] { new { name = "small", amount = 40m } } });

        var (euro, _) = await shopper.Read(Store);
        Assert.Equal([1L, 2, euroOnly, euroOptions], euro.GetProperty("shipping_methods").Ids());
        Assert.All(Prices(euro), p => Assert.Equal("EUR", p.Price.Text("currency")));

        var (nok, _) = await shopper.Read($"{Store}?currency=nok");
        var methods = nok.GetProperty("shipping_methods");
        // A method, or every option of one, without a NOK amount cannot be chosen by a NOK cart: it is not listed.
        Assert.Equal([1L, 2], methods.Ids());
        Assert.Equal(["option 1"], methods.WithId(2).GetProperty("options").EnumerateArray().Select(o => o.Text("name")));
        var postal = methods.WithId(1).GetProperty("price");
        Assert.Equal(("NOK", "45.00", "9.00", "54.00", "20"), (postal.Text("currency"), postal.Text("net"), postal.Text("tax"), postal.Text("gross"), postal.Text("tax_rate")));
        // The store's facts themselves do not move with the view.
        Assert.Equal("EUR", nok.Text("default_currency"));

        // Each price shown is what a NOK cart pays for that shipping.
        foreach (var (method, option, price) in Prices(nok))
        {
            var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts", new
            {
                currency = "NOK", items = new[] { new { product_id = 2, quantity = 1 } }, shipping_method_id = method, shipping_method_option = option,
            })).Expect(HttpStatusCode.Created);
            Assert.Equal(
                (price.Amount("net"), price.Amount("tax"), price.Amount("gross")),
                (cart.Amount("shipping_subtotal_amount"), cart.Amount("shipping_tax_amount"), cart.Amount("shipping_total_amount")));
        }
        // And one left out is one a NOK cart is refused.
        await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts", new
        {
            currency = "NOK", items = new[] { new { product_id = 2, quantity = 1 } }, shipping_method_id = euroOnly,
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, text: "has no price in NOK");
    }

    [Theory]
    [InlineData("net", false)]
    [InlineData("gross", false)]
    [InlineData("gross", true)]
    public async Task Shipping_for_a_country_carries_its_standard_rate_as_a_cart_shipped_there_pays_it(string mode, bool follow)
    {
        await using var f = await KassaFactory.CreateAsync();
        var (admin, shopper) = (f.Admin(), f.Anonymous());
        await (await admin.PutAsJsonAsync($"{Admin}/settings", new { price_entry_mode = mode, country_code = "EE", gross_prices_follow_destination = follow }))
            .Expect(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/1", new { amount = 3.99m, prices = new { NOK = 45m } })).Expect(HttpStatusCode.OK);
        // Read (and kept) before the rates exist: a rate added is in the next answer.
        Assert.Equal(20m, (await shopper.Read($"{Store}?country=fi")).Body.GetProperty("shipping_methods").WithId(1).GetProperty("price").Amount("tax_rate"));
        foreach (var (country, taxClass, rate) in new[] { ("EE", "standard", 22m), ("FI", "standard", 25.5m), ("FI", "reduced", 14m) })
            await (await admin.PostAsJsonAsync($"{Admin}/tax_rates", new { country_code = country, tax_class = taxClass, rate })).Expect(HttpStatusCode.Created);

        var (fi, _) = await shopper.Read($"{Store}?country=fi");
        Assert.Equal(25.5m, fi.GetProperty("shipping_methods").WithId(1).GetProperty("price").Amount("tax_rate"));
        // Without a country, the store's own; a country without rates, the method's own rate.
        Assert.Equal(22m, (await shopper.Read(Store)).Body.GetProperty("shipping_methods").WithId(1).GetProperty("price").Amount("tax_rate"));
        Assert.Equal(20m, (await shopper.Read($"{Store}?country=SE")).Body.GetProperty("shipping_methods").WithId(1).GetProperty("price").Amount("tax_rate"));

        foreach (var (currency, country) in new[] { ("EUR", "FI"), ("NOK", "FI"), ("EUR", "EE"), ("NOK", "SE") })
        {
            var (store, _) = await shopper.Read($"{Store}?currency={currency}&country={country}");
            var prices = Prices(store);
            Assert.NotEmpty(prices);
            foreach (var (method, option, price) in prices)
            {
                var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts", new
                {
                    currency, items = new[] { new { product_id = 2, quantity = 1 } }, shipping_method_id = method, shipping_method_option = option,
                    shipping_address = new { name = "Ada", country_code = country },
                })).Expect(HttpStatusCode.Created);
                var what = $"{mode}/{follow} {currency} {country} {method}/{option}: {price} vs {cart}";
                Assert.True(currency == price.Text("currency"), what);
                Assert.True(price.Amount("net") == cart.Amount("shipping_subtotal_amount"), what);
                Assert.True(price.Amount("tax") == cart.Amount("shipping_tax_amount"), what);
                Assert.True(price.Amount("gross") == cart.Amount("shipping_total_amount"), what);
            }
        }
    }

    [Theory]
    [InlineData("currency=XYZ", "currency")]
    [InlineData("currency=SEK", "currency")]
    [InlineData("currency=euro", "currency")]
    [InlineData("country=XX", "country")]
    [InlineData("country=Finland", "country")]
    public async Task A_currency_the_store_does_not_sell_in_or_a_country_that_is_not_one_is_a_400(string query, string field) =>
        // Refusals change nothing, so they share a host; the other tests change the store and have their own.
        await (await shared.Anonymous().GetAsync($"{Store}?{query}")).ExpectProblem(HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Each_view_is_its_own_answer_with_its_own_etag()
    {
        await using var f = await KassaFactory.CreateAsync();
        var (admin, shopper) = (f.Admin(), f.Anonymous());
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/1", new { prices = new { NOK = 45m } })).Expect(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"{Admin}/tax_rates", new { country_code = "FI", rate = 25.5m })).Expect(HttpStatusCode.Created);

        // The store currency's answer is read (and kept) first: the NOK one must not be it.
        var (euro, euroResponse) = await shopper.Read(Store);
        var (nok, nokResponse) = await shopper.Read($"{Store}?currency=NOK");
        var (fi, fiResponse) = await shopper.Read($"{Store}?currency=NOK&country=FI");
        Assert.Equal("EUR", euro.GetProperty("shipping_methods").WithId(1).GetProperty("price").Text("currency"));
        Assert.Equal("NOK", nok.GetProperty("shipping_methods").WithId(1).GetProperty("price").Text("currency"));
        var tags = new[] { euroResponse.Headers.ETag!, nokResponse.Headers.ETag!, fiResponse.Headers.ETag! };
        Assert.Equal(3, tags.Distinct().Count());

        // Each view answers its own tag with a 304, and another view's with the whole answer.
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(shopper, $"{Store}?currency=NOK", tags[1].Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(shopper, Store, tags[0].Tag)).StatusCode);
        var other = await Conditional(shopper, Store, tags[1].Tag);
        Assert.Equal("EUR", (await other.Expect(HttpStatusCode.OK)).GetProperty("shipping_methods").WithId(1).GetProperty("price").Text("currency"));

        // A change of the NOK amount is a new NOK answer; a query with other words for the same view is the same answer.
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/1", new { prices = new { NOK = 49m } })).Expect(HttpStatusCode.OK);
        var changed = await Conditional(shopper, $"{Store}?currency=nok&language_code=et", tags[1].Tag);
        Assert.Equal("49.00", (await changed.Expect(HttpStatusCode.OK)).GetProperty("shipping_methods").WithId(1).GetProperty("price").Text("net"));
        Assert.NotEqual(tags[1], changed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(shopper, $"{Store}?currency=NOK", changed.Headers.ETag!.Tag)).StatusCode);
    }

    [Fact]
    public async Task The_cart_rules_shown_in_a_currency_are_those_a_cart_in_it_can_meet()
    {
        await using var f = await KassaFactory.CreateAsync();
        var admin = f.Admin();
        async Task<long> Rule(string json) => (await (await admin.PostJson($"{Admin}/cart_rules", json)).Expect(HttpStatusCode.Created)).Id();
        // Free shipping from 50 EUR or 500 NOK, and past 20 EUR (or 800 NOK) of items with tax: in NOK the second is reached last.
        var both = await Rule("""
            {"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":">=","value":"50","values":{"NOK":"500"}},
                                                  {"field":"items_total_amount","comparator":">","value":"20","values":{"NOK":"800"}}],
             "result":{"field":"shipping_subtotal_amount","value":"0","values":{"NOK":"0"}}}
            """);
        var euroOnly = await Rule("""
            {"kind":"minimum_order_value","conditions":[],"result":{"field":"items_total_amount","value":"15"}}
            """);

        var shopper = f.Anonymous();
        var euro = (await shopper.Read(Store)).Body.GetProperty("cart_rules");
        Assert.Equal([both, euroOnly], euro.Ids());
        Assert.Equal(("items_subtotal_amount", "50.00"), (euro[0].GetProperty("threshold").Text("field"), euro[0].GetProperty("threshold").GetProperty("amounts").Text("EUR")));

        var nok = (await shopper.Read($"{Store}?currency=NOK")).Body.GetProperty("cart_rules");
        // The minimum has no NOK amount: a NOK cart never meets it (no exchange rates).
        Assert.Equal([both], nok.Ids());
        var threshold = nok[0].GetProperty("threshold");
        Assert.Equal(("items_total_amount", ">", "800.00"), (threshold.Text("field"), threshold.Text("comparator"), threshold.GetProperty("amounts").Text("NOK")));
    }
}
