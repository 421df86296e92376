using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>Currencies with 0 and 3 minor units, once the store sells in them.</summary>
public sealed class CartCurrencyTests(KassaFactory factory) : IClassFixture<KassaFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.Anonymous();

    public Task InitializeAsync() => factory.PutSettings(new { allowed_currencies = new[] { "EUR", "USD", "NOK", "JPY", "BHD" } });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_yen_cart_rounds_to_whole_yen()
    {
        var product = await factory.CreateProduct(new { name = "Tea set", price = 12.00m, prices = new Dictionary<string, decimal> { ["JPY"] = 1234m }, tax_rate = 8.5m });
        var (uuid, cart, _) = await _client.CreateVoogCart(new { currency = "JPY", items = new[] { new { product_id = product, quantity = 1 } } });

        // 1234 × 8.5 % = 104.89 → 105 yen.
        Assert.Equal("JPY", cart.Str("currency"));
        Assert.Equal("1234.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("105.0", cart.Str("items_tax_amount"));
        Assert.Equal("1339.0", cart.Str("total_amount"));
        var outshifter = await _client.GetOutshifter(uuid);
        Assert.Equal("1339", outshifter.Str("total_amount"));
        Assert.Equal("1234", outshifter.Items("line_items")[0].GetProperty("price_data").Str("unit_price"));
        Assert.Equal("8.5", outshifter.Items("line_items")[0].GetProperty("price_data").Str("tax"));

        // An empty yen cart shows no decimals either.
        var id = await _client.CreateOutshifterCart("JPY");
        Assert.Equal("0", (await _client.GetOutshifter(id)).Str("total_amount"));

        // Anonymous price_data in yen must match to the yen.
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = product, quantity = 1, price_data = new { unit_price = "1200", currency = "JPY" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.unit_price", "1234");
        await _client.AddOutshifter(id, new { product_id = product, quantity = 2, price_data = new { unit_price = "1234", currency = "JPY" } });
        Assert.Equal("2678", (await _client.GetOutshifter(id)).Str("total_amount")); // 2468 + 209.78 → 210
    }

    [Fact]
    public async Task A_dinar_cart_keeps_three_decimals()
    {
        var product = await factory.CreateProduct(new { name = "Dates", price = 3m, prices = new Dictionary<string, decimal> { ["BHD"] = 1.235m }, tax_rate = 10m });
        var (uuid, cart, _) = await _client.CreateVoogCart(new { currency = "BHD", items = new[] { new { product_id = product, quantity = 3 } } });
        // 3.705 × 10 % = 0.3705 → 0.371 (half away from zero).
        Assert.Equal("3.705", cart.Str("items_subtotal_amount"));
        Assert.Equal("0.371", cart.Str("items_tax_amount"));
        Assert.Equal("4.076", cart.Str("total_amount"));
        Assert.Equal("4.076", (await _client.GetOutshifter(uuid)).Str("total_amount"));
        Assert.Equal("1.235", (await _client.GetOutshifter(uuid)).Items("line_items")[0].GetProperty("price_data").Str("unit_price"));
    }

    [Fact]
    public async Task A_product_without_a_yen_price_is_not_sold_in_yen()
    {
        await (await _client.PostAsJsonAsync(Voog, new { currency = "JPY", items = new[] { new { product_id = 3, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].product_id", "JPY");
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        var before = await _client.Snapshot(uuid);
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { currency = "JPY" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "no price in JPY");
        Assert.Equal(before, await _client.Snapshot(uuid));
    }

    [Fact]
    public async Task A_currency_the_store_does_not_list_is_still_refused()
    {
        await (await _client.PostAsJsonAsync(Outshifter, new { currency = "SEK" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "does not sell in SEK");
    }
}
