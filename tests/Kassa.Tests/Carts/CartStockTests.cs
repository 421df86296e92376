using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>Carts hold only what can be sold: live products, within stock.</summary>
public sealed class CartStockTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    private Task<long> Product(int? stock, string status = "live") =>
        factory.CreateProduct(new { name = $"Probe {Guid.NewGuid():N}", price = 10.00m, tax_rate = 20, stock, status });

    [Fact]
    public async Task Adding_more_than_the_stock_is_refused_in_both_dialects()
    {
        var product = await Product(stock: 2);

        var before = await factory.CartCount();
        await (await _client.PostAsJsonAsync(Voog, new { items = new[] { new { product_id = product, quantity = 3 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].quantity", "Only 2");
        Assert.Equal(before, await factory.CartCount());

        var id = await _client.CreateOutshifterCart();
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = product, quantity = 3 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].quantity", "Only 2");

        // Exactly the stock is fine; one more, merged into the line, is not.
        var line = (await _client.AddOutshifter(id, new { product_id = product, quantity = 2 })).Items("line_items")[0].Str("id");
        var before2 = await _client.Snapshot(id);
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = product, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].quantity", "Only 2");
        await (await _client.PatchAsJsonAsync($"{Outshifter}/{id}/item/update/{line}", new { qty = 3 }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "qty", "Only 2");
        await (await _client.PutAsJsonAsync($"{Voog}/{id}", new { items = new[] { new { product_id = product, quantity = 3 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].quantity", "Only 2");
        Assert.Equal(before2, await _client.Snapshot(id));
        Assert.Equal("24.00", (await _client.GetOutshifter(id)).Str("total_amount"));
    }

    [Fact]
    public async Task A_product_with_no_stock_is_out_of_stock()
    {
        var product = await Product(stock: 0);
        await (await _client.PostAsJsonAsync(Voog, new { items = new[] { new { product_id = product, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].quantity", "out of stock");
    }

    [Fact]
    public async Task A_draft_product_cannot_be_added()
    {
        var product = await Product(stock: null, status: "draft");
        await (await _client.PostAsJsonAsync(Voog, new { items = new[] { new { product_id = product, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].product_id", "not for sale");
        var id = await _client.CreateOutshifterCart();
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = product, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].product_id", "not for sale");
        Assert.Empty((await _client.GetOutshifter(id)).Items("line_items"));
    }

    [Fact]
    public async Task A_product_that_goes_draft_or_sells_out_blocks_checkout_of_carts_holding_it()
    {
        var product = await Product(stock: 5);
        var (uuid, cart, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = product, quantity = 3 } } });
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.True(cart.Items()[0].GetProperty("product").GetProperty("available").GetBoolean());

        var admin = factory.Admin();
        await (await admin.PutAsJsonAsync($"{VoogApi}/products/{product}", new { stock = 2 })).Expect(HttpStatusCode.OK);
        cart = await _client.GetVoog(uuid);
        Assert.False(cart.Items()[0].GetProperty("product").GetProperty("available").GetBoolean());
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        // Lowering the quantity to what is left fixes it.
        cart = await _client.PutVoog(uuid, new { items = new[] { new { product_id = product, quantity = 2 } } });
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        await (await admin.PutAsJsonAsync($"{VoogApi}/products/{product}", new { status = "draft" })).Expect(HttpStatusCode.OK);
        cart = await _client.GetVoog(uuid);
        Assert.False(cart.Items()[0].GetProperty("product").GetProperty("available").GetBoolean());
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        // The line is still priced, so the shopper sees what they had.
        Assert.Equal("24.0", cart.Str("total_amount"));
    }

    [Fact]
    public async Task Stock_counts_every_line_of_the_product()
    {
        var product = await Product(stock: 3);
        var admin = factory.Admin();
        var id = await admin.CreateOutshifterCart();
        // An admin-priced line and a catalog-priced line of one product share its stock.
        await admin.AddOutshifter(id, new { product_id = product, quantity = 2, price_data = new { unit_price = "5.00" } });
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = product, quantity = 2 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].quantity", "Only 3");
        await _client.AddOutshifter(id, new { product_id = product, quantity = 1 });
        Assert.Equal(2, (await _client.GetOutshifter(id)).Items("line_items").Count);
    }
}
