using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Storefront.StorefrontTestApi;

namespace Kassa.Tests.Storefront;

/// <summary>
/// The public catalog in a requested currency and with a country's tax: what it shows is the one-unit line of a cart in
/// that currency shipped to that country, in every entry mode; a new rate is shown at once; a bad country is a 400.
/// </summary>
public sealed class StorefrontDestinationPriceTests
{
    [Theory]
    [InlineData("net", false)]
    [InlineData("gross", false)]
    [InlineData("gross", true)]
    public async Task A_price_in_a_currency_for_a_country_is_what_a_cart_in_that_currency_sent_there_charges(string mode, bool follow)
    {
        await using var f = await KassaFactory.CreateAsync(("Kassa:SeedDemoData", "false"));
        var (admin, shopper) = (f.Admin(), f.Anonymous());
        await (await admin.PutAsJsonAsync($"{Admin}/settings", new
        {
            price_entry_mode = mode, default_tax_rate = 20m, allowed_currencies = new[] { "EUR", "NOK" }, country_code = "EE", gross_prices_follow_destination = follow,
        })).Expect(HttpStatusCode.OK);
        foreach (var (country, taxClass, rate) in new[] { ("EE", "standard", 22m), ("EE", "reduced", 9m), ("FI", "standard", 25.5m), ("FI", "reduced", 14m) })
            await (await admin.PostAsJsonAsync($"{Admin}/tax_rates", new { country_code = country, tax_class = taxClass, rate })).Expect(HttpStatusCode.Created);
        var ids = new List<long>();
        foreach (var (price, nok, taxClass) in new[] { (9.99m, 119m, "standard"), (24.95m, 299.9m, "reduced"), (50m, 555m, "zero") })
        {
            var created = await admin.PostAsJsonAsync($"{Admin}/products", new { name = $"{price} {taxClass}", price, prices = new Dictionary<string, decimal> { ["NOK"] = nok }, tax_class = taxClass });
            ids.Add((await created.Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64());
        }

        foreach (var (currency, country) in new[] { ("NOK", "FI"), ("EUR", "FI"), ("EUR", "EE"), ("NOK", "SE") })
        {
            var (catalog, _) = await shopper.Read($"{Products}?currency={currency}&country={country}");
            var cart = await (await shopper.PostAsJsonAsync("/admin/api/ecommerce/v1/carts?include=items", new
            {
                currency,
                items = ids.Select(id => new { product_id = id, quantity = 1 }),
                shipping_address = new { name = "Ada", country_code = country.ToLowerInvariant() },
            })).Expect(HttpStatusCode.Created);
            var lines = cart.GetProperty("items").EnumerateArray().ToList();
            foreach (var id in ids)
            {
                var price = catalog.WithId(id).GetProperty("price");
                var line = lines.Single(l => l.GetProperty("product_id").GetInt64() == id);
                var what = $"{mode}/{follow} {currency} {country} product {id}: {price} vs {line}";
                Assert.True(currency == price.Text("currency"), what);
                Assert.True(price.Amount("net") == line.Amount("subtotal_amount"), what);
                Assert.True(price.Amount("tax") == line.Amount("tax_amount"), what);
                Assert.True(price.Amount("gross") == line.Amount("amount"), what);
                Assert.True(price.Amount("tax_rate") == line.Amount("tax_rate"), what);
            }
        }
    }

    [Fact]
    public async Task A_rate_added_after_a_read_is_shown_by_the_next_read()
    {
        await using var f = await KassaFactory.CreateAsync();
        var shopper = f.Anonymous();
        var (before, _) = await shopper.Read($"{Products}/{Demo.StarChart}?country=FI");
        Assert.Equal(9m, before.GetProperty("price").Amount("tax_rate"));
        await (await f.Admin().PostAsJsonAsync($"{Admin}/tax_rates", new { country_code = "FI", rate = 25.5m })).Expect(HttpStatusCode.Created);
        var (after, _) = await shopper.Read($"{Products}/{Demo.StarChart}?country=FI");
        Assert.Equal(25.5m, after.GetProperty("price").Amount("tax_rate"));
        // Another country, and no country, still show the product's own rate.
        Assert.Equal(9m, (await shopper.Read($"{Products}/{Demo.StarChart}?country=SE")).Body.GetProperty("price").Amount("tax_rate"));
        Assert.Equal(9m, (await shopper.Read($"{Products}/{Demo.StarChart}")).Body.GetProperty("price").Amount("tax_rate"));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("Finland")]
    public async Task A_country_that_is_not_one_is_a_400(string country)
    {
        await using var f = await KassaFactory.CreateAsync();
        await (await f.Anonymous().GetAsync($"{Products}?country={country}")).ExpectProblem(HttpStatusCode.BadRequest, "country");
    }
}
