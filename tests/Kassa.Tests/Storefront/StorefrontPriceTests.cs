using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Kassa.Tests.Storefront.StorefrontTestApi;

namespace Kassa.Tests.Storefront;

/// <summary>What the catalog shows is what a cart charges, to the cent, in either price entry mode.</summary>
public sealed class StorefrontPriceTests
{
    // Prices whose net/gross split rounds (9.99 at 20 %: 8.325 net), awkward rates, none and the default.
    private static readonly (decimal Price, decimal? TaxRate)[] Shelf =
        [(9.99m, 20m), (5.55m, 9m), (2475.25m, 1m), (0.05m, 24m), (19.90m, null), (1m, 13.5m), (50m, 0m), (1234.56m, 25.5m)];

    [Theory]
    [InlineData("net")]
    [InlineData("gross")]
    public async Task A_products_catalog_price_is_its_one_unit_cart_line_in_both_dialects(string mode)
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:SeedDemoData", "false"));
        var (admin, shopper) = (own.Admin(), own.Anonymous());
        await (await admin.PutAsJsonAsync($"{Admin}/settings", new { price_entry_mode = mode, default_tax_rate = 22m })).Expect(HttpStatusCode.OK);
        var ids = new List<long>();
        foreach (var (price, rate) in Shelf)
        {
            var created = await admin.PostAsJsonAsync($"{Admin}/products", new { name = $"{price} at {rate}", price, tax_rate = rate });
            ids.Add((await created.Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64());
        }

        var (catalog, _) = await shopper.Read($"{Products}?per_page=250");
        var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts?include=items",
            new { items = ids.Select(id => new { product_id = id, quantity = 1 }) })).Expect(HttpStatusCode.Created);
        var lines = cart.GetProperty("items").EnumerateArray().ToList();

        for (var i = 0; i < ids.Count; i++)
        {
            var price = catalog.WithId(ids[i]).GetProperty("price");
            var line = lines.Single(l => l.GetProperty("product_id").GetInt64() == ids[i]);
            var what = $"{mode}: {Shelf[i]}";
            Assert.True(price.Amount("net") == line.Amount("subtotal_amount"), $"{what}: net {price.Text("net")}, line {line}");
            Assert.True(price.Amount("tax") == line.Amount("tax_amount"), $"{what}: tax {price.Text("tax")}, line {line}");
            Assert.True(price.Amount("gross") == line.Amount("amount"), $"{what}: gross {price.Text("gross")}, line {line}");
            Assert.Equal(line.Amount("tax_rate"), price.Amount("tax_rate"));
            // The entered price is the one the entry mode names, unchanged.
            Assert.Equal(Shelf[i].Price, price.Amount(mode));
        }

        // The Outshifter cart shows the entered unit price and the rate; its total is the gross.
        var outshifter = (await (await shopper.PostAsJsonAsync("/api/cart", new { customer_session_id = "s" })).Expect(HttpStatusCode.Created)).Text("cart_id");
        var added = await (await shopper.PostAsJsonAsync($"/api/cart/{outshifter}/item/add",
            new { line_items = new[] { new { product_id = ids[0], quantity = 1 } } })).Expect(HttpStatusCode.OK);
        Assert.Equal(catalog.WithId(ids[0]).GetProperty("price").Text(mode), added.GetProperty("line_items")[0].GetProperty("price_data").Text("unit_price"));
        var read = await (await shopper.GetAsync($"/api/cart/{outshifter}")).Expect(HttpStatusCode.OK);
        Assert.Equal(catalog.WithId(ids[0]).GetProperty("price").Text("gross"), read.Text("total_amount"));
    }

    [Theory]
    [InlineData("net")]
    [InlineData("gross")]
    public async Task A_shipping_methods_price_or_its_options_prices_are_what_a_cart_charges_for_them(string mode)
    {
        await using var own = await KassaFactory.CreateAsync();
        var (admin, shopper) = (own.Admin(), own.Anonymous());
        await (await admin.PutAsJsonAsync($"{Admin}/settings", new { price_entry_mode = mode })).Expect(HttpStatusCode.OK);
        var courier = await CreateMethod(admin, new { name = "Courier", amount = 4.99m, tax_rate = 24m });
        var choices = await CreateMethod(admin, new
        {
            name = "Parcel", amount = 1m, tax_rate = 9m, options = new[] { new { name = "machine", amount = 2.95m }, new { name = "evening", amount = 7.77m } },
        });

        var methods = (await shopper.Read(Store)).Body.GetProperty("shipping_methods");
        var parcel = methods.WithId(choices);
        // A method with options is charged for the option chosen, never at its own amount.
        Assert.Equal(JsonValueKind.Null, parcel.GetProperty("price").ValueKind);
        var priced = new List<(long Method, string? Option, JsonElement Price)> { (courier, null, methods.WithId(courier).GetProperty("price")) };
        priced.AddRange(parcel.GetProperty("options").EnumerateArray().Select(o => (choices, (string?)o.Text("name"), o.GetProperty("price"))));
        Assert.Equal(3, priced.Count);
        foreach (var (method, option, price) in priced)
        {
            var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts",
                new { items = new[] { new { product_id = 3, quantity = 1 } }, shipping_method_id = method, shipping_method_option = option })).Expect(HttpStatusCode.Created);
            Assert.Equal(
                (price.Amount("net"), price.Amount("tax"), price.Amount("gross")),
                (cart.Amount("shipping_subtotal_amount"), cart.Amount("shipping_tax_amount"), cart.Amount("shipping_total_amount")));
        }
        // The entered amount is the one the entry mode names, unchanged.
        Assert.Equal(4.99m, priced[0].Price.Amount(mode));
        Assert.Equal(7.77m, priced[2].Price.Amount(mode));
    }

    private static async Task<long> CreateMethod(HttpClient admin, object method) =>
        (await (await admin.PostAsJsonAsync($"{Admin}/shipping_methods", method)).Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    [Fact]
    public async Task A_price_in_another_currency_is_that_currencys_cart_line()
    {
        await using var own = await KassaFactory.CreateAsync();
        var shopper = own.Anonymous();
        var (catalog, _) = await shopper.Read($"{Products}?currency=NOK");
        var suit = catalog.WithId(2).GetProperty("price");
        Assert.Equal("NOK", suit.Text("currency"));

        var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts?include=items",
            new { currency = "NOK", items = new[] { new { product_id = 2, quantity = 1 } } })).Expect(HttpStatusCode.Created);
        var line = cart.GetProperty("items")[0];
        Assert.Equal((suit.Amount("net"), suit.Amount("tax"), suit.Amount("gross")),
            (line.Amount("subtotal_amount"), line.Amount("tax_amount"), line.Amount("amount")));
        Assert.Equal(JsonValueKind.Null, catalog.WithId(1).GetProperty("price").ValueKind);
    }
}
