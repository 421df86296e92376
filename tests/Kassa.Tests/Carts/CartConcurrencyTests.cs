using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Carts;

/// <summary>Real parallel requests against one cart: every write lands, none is lost, none fails.</summary>
public sealed class CartConcurrencyTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const int Writers = 100;

    [Fact]
    public async Task Hundred_parallel_outshifter_adds_to_one_cart_all_land()
    {
        var client = factory.Anonymous();
        var cartId = await CreateOutshifterCart(client);

        // Four products with untracked stock, each added 25 times: new lines and merges race.
        var products = await CreateProducts(4);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Writers).Select(async i =>
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/cart/{cartId}/item/add",
                new { line_items = new[] { new { product_id = products[i % products.Length], quantity = 1 } } });
        }).ToList();
        start.Release(Writers);
        var responses = await Task.WhenAll(tasks);

        var failures = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {Writers} adds failed: {string.Join(" | ", await Task.WhenAll(failures.Take(3).Select(f => f.Content.ReadAsStringAsync())))}");

        var cart = await client.GetFromJsonAsync<JsonElement>($"/api/cart/{cartId}");
        var quantities = cart.GetProperty("line_items").EnumerateArray()
            .ToDictionary(l => l.GetProperty("product_id").GetInt64(), l => l.GetProperty("quantity").GetInt32());
        Assert.Equal(products.ToDictionary(p => p, _ => Writers / products.Length), quantities);

        var etag = (await client.GetAsync($"/api/cart/{cartId}")).Headers.ETag!.Tag;
        Assert.Equal($"\"{Writers + 1}\"", etag);
    }

    [Fact]
    public async Task Parallel_creates_and_adds_across_many_carts_all_land_in_their_own_cart()
    {
        // Writes of different carts commit together on SQLite (group commit): each must still land in its own cart.
        var client = factory.Anonymous();
        var products = await CreateProducts(3);
        using var start = new SemaphoreSlim(0);
        var creating = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            return await CreateOutshifterCart(client);
        }).ToList();
        start.Release(creating.Count);
        var carts = await Task.WhenAll(creating);

        var adds = carts.SelectMany((cart, c) => Enumerable.Range(0, 5).Select(i => (cart, product: products[(c + i) % products.Length]))).ToList();
        var tasks = adds.Select(async add =>
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/cart/{add.cart}/item/add",
                new { line_items = new[] { new { product_id = add.product, quantity = 1 } } });
        }).ToList();
        start.Release(adds.Count);
        var responses = await Task.WhenAll(tasks);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        for (var c = 0; c < carts.Length; c++)
        {
            var response = await client.GetAsync($"/api/cart/{carts[c]}");
            var cart = await response.Content.ReadFromJsonAsync<JsonElement>();
            var quantities = cart.GetProperty("line_items").EnumerateArray()
                .ToDictionary(l => l.GetProperty("product_id").GetInt64(), l => l.GetProperty("quantity").GetInt32());
            var expected = adds.Where(a => a.cart == carts[c]).GroupBy(a => a.product).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(expected, quantities);
            Assert.Equal("\"6\"", response.Headers.ETag!.Tag);
        }
    }

    [Fact]
    public async Task Parallel_voog_puts_and_outshifter_quantity_updates_leave_a_consistent_cart()
    {
        var client = factory.Anonymous();
        var products = await CreateProducts(2);
        var created = await client.PostAsJsonAsync("/admin/api/ecommerce/v1/carts?include=items",
            new { items = new[] { new { product_id = products[0], quantity = 1 }, new { product_id = products[1], quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var uuid = body.GetProperty("uuid").GetString();
        var itemId = body.GetProperty("items")[1].GetProperty("id").GetInt64();

        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(1, 40).Select(async i =>
        {
            await start.WaitAsync();
            return i % 2 == 0
                ? await client.PutAsJsonAsync($"/admin/api/ecommerce/v1/carts/{uuid}",
                    new { items = new[] { new { product_id = products[0], quantity = i }, new { product_id = products[1], quantity = 1 } }, discount_code = i % 4 == 0 ? "XMAS" : null })
                : await client.PatchAsJsonAsync($"/api/cart/{uuid}/item/update/{itemId}", new { qty = i + 100 });
        }).ToList();
        start.Release(40);
        var responses = await Task.WhenAll(tasks);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        // Whatever order they ran in, the cart is one of the written states and its totals add up.
        var cart = await client.GetFromJsonAsync<JsonElement>($"/admin/api/ecommerce/v1/carts/{uuid}?include=items");
        var items = cart.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var subtotal = items.Sum(i => decimal.Parse(i.GetProperty("subtotal_amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(subtotal, decimal.Parse(cart.GetProperty("items_subtotal_amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("\"41\"", (await client.GetAsync($"/api/cart/{uuid}")).Headers.ETag!.Tag);
    }

    private async Task<long[]> CreateProducts(int count)
    {
        var admin = factory.Admin();
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var response = await admin.PostAsJsonAsync("/admin/api/ecommerce/v1/products",
                new { name = $"Concurrency product {i}", price = 10.5m + i, tax_rate = 20 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        return ids;
    }

    private static async Task<string> CreateOutshifterCart(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/cart", new { customer_session_id = "concurrency", currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cart_id").GetString()!;
    }
}
