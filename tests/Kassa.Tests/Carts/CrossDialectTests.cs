using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>One cart, two dialects: whatever one writes, the other reads and can change.</summary>
[Collection(SharedKassa.Carts)]
public sealed class CrossDialectTests(KassaFactory factory)
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task An_Outshifter_cart_is_read_and_changed_through_Voog()
    {
        var id = await _client.CreateOutshifterCart(session: "cross-1");
        var lines = (await _client.AddOutshifter(id, new { product_id = 1, quantity = 1 }, new { product_id = 5, variant_id = 6, quantity = 2 })).Items("line_items");

        var voog = await _client.GetVoog(id);
        Assert.Equal(id, voog.Str("uuid"));
        Assert.Equal("created", voog.Str("status"));
        Assert.Equal("EUR", voog.Str("currency"));
        var items = voog.Items();
        Assert.Equal(new long[] { 1, 6 }, items.Select(i => i.GetProperty("product_id").GetInt64()));
        Assert.Equal(new[] { 1, 2 }, items.Select(i => i.GetProperty("quantity").GetInt32()));
        Assert.Equal("2515.05", voog.Str("items_subtotal_amount")); // 2475.25 + 39.80
        Assert.Equal("32.71", voog.Str("items_tax_amount"));        // 24.75 + 7.96
        Assert.Equal("2547.76", voog.Str("total_amount"));

        // Voog adds the discount and shipping and changes a quantity…
        var changed = await _client.PutVoog(id, new
        {
            discount_code = "XMAS",
            shipping_method_id = 1,
            items = new[] { new { product_id = 1, quantity = 1 }, new { product_id = 6, quantity = 3 } },
            customer = new { name = "Ann", email = "ann@example.com" },
        });
        AssertTotalsAddUp(changed);
        // 1658.42 + 16.58 = 1675.00; 59.70 − 19.70 = 40.00 + 8.00 = 48.00; shipping 4.20
        Assert.Equal("1727.2", changed.Str("total_amount"));

        // …and Outshifter sees it all, its line ids unchanged.
        var outshifter = await _client.GetOutshifter(id);
        Assert.Equal("1727.20", outshifter.Str("total_amount"));
        Assert.Equal("cross-1", outshifter.Str("customer_session_id"));
        var after = outshifter.Items("line_items");
        Assert.Equal(lines.Select(l => l.Str("id")), after.Select(l => l.Str("id")));
        Assert.Equal(3, after[1].GetProperty("quantity").GetInt32());
        Assert.Equal(5, after[1].GetProperty("product_id").GetInt64());
        Assert.Equal(6, after[1].GetProperty("variant_id").GetInt64());
    }

    [Fact]
    public async Task A_Voog_cart_is_read_and_changed_through_Outshifter()
    {
        var (uuid, created, _) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = 3, quantity = 2 } },
            discount_code = "XMAS",
        });
        var voogItemId = created.Items()[0].GetProperty("id").GetInt64();

        var outshifter = await _client.GetOutshifter(uuid);
        Assert.Equal(uuid, outshifter.Str("cart_id"));
        Assert.True(outshifter.IsNull("customer_session_id"));
        var line = Assert.Single(outshifter.Items("line_items"));
        Assert.Equal(3, line.GetProperty("product_id").GetInt64());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        // 19.98 − 6.59 (33 %) = 13.39 + 1.21 (9 %)
        Assert.Equal("14.6", created.Str("total_amount"));
        Assert.Equal("14.60", outshifter.Str("total_amount"));

        await _client.AddOutshifter(uuid, new { product_id = 4, quantity = 1 });
        var voog = await _client.GetVoog(uuid);
        Assert.Equal(new long[] { 3, 4 }, voog.Items().Select(i => i.GetProperty("product_id").GetInt64()));
        Assert.Equal("XMAS", voog.GetProperty("discount").Str("code"));
        // The gift card is discounted too: 50 − 16.50.
        Assert.Equal("48.1", voog.Str("total_amount"));

        // Outshifter's update accepts the numeric item id Voog shows, as well as its own uuid.
        var update = await _client.PatchAsJsonAsync($"{Outshifter}/{uuid}/item/update/{voogItemId}", new { qty = 5 });
        await update.Expect(HttpStatusCode.OK);
        voog = await _client.GetVoog(uuid);
        var book = voog.Items().Single(i => i.GetProperty("id").GetInt64() == voogItemId);
        Assert.Equal(5, book.GetProperty("quantity").GetInt32());

        var cardId = voog.Items().Single(i => i.GetProperty("product_id").GetInt64() == 4).GetProperty("id").GetInt64();
        await (await _client.PatchAsync($"{Outshifter}/{uuid}/item/delete/{cardId}", null)).Expect(HttpStatusCode.OK);
        voog = await _client.GetVoog(uuid);
        Assert.Equal(voogItemId, Assert.Single(voog.Items()).GetProperty("id").GetInt64());
        // 49.95 − 16.48 = 33.47 + 3.01
        Assert.Equal("36.48", voog.Str("total_amount"));
        Assert.Equal("36.48", (await _client.GetOutshifter(uuid)).Str("total_amount"));
    }

    [Fact]
    public async Task Both_dialects_show_the_same_version_and_the_same_totals()
    {
        var (uuid, _, etag) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 2, quantity = 1 } }, shipping_method_id = 2, shipping_method_option = "express" });
        var voog = await _client.GetAsync($"{Voog}/{uuid}");
        var outshifter = await _client.GetAsync($"{Outshifter}/{uuid}");
        Assert.Equal(etag, voog.Headers.ETag!.Tag);
        Assert.Equal(etag, outshifter.Headers.ETag!.Tag);
        // 899 + 179.80 + 7.50 + 1.50
        Assert.Equal("1087.8", (await voog.Body()).Str("total_amount"));
        Assert.Equal("1087.80", (await outshifter.Body()).Str("total_amount"));

        await _client.AddOutshifter(uuid, new { product_id = 3, quantity = 1 });
        var next = await _client.GetAsync($"{Voog}/{uuid}");
        Assert.Equal("\"2\"", next.Headers.ETag!.Tag);
        Assert.Equal("1098.69", (await next.Body()).Str("total_amount"));
    }

    [Fact]
    public async Task Outshifter_item_ids_are_unknown_to_other_carts()
    {
        var first = await _client.CreateOutshifterCart();
        var item = (await _client.AddOutshifter(first, new { product_id = 3, quantity = 1 })).Items("line_items")[0].Str("id");
        var (second, created, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        var before = await _client.Snapshot(second);

        await (await _client.PatchAsJsonAsync($"{Outshifter}/{second}/item/update/{item}", new { qty = 3 })).ExpectProblem(HttpStatusCode.NotFound, text: item);
        var firstVoogId = (await _client.GetVoog(first)).Items()[0].GetProperty("id").GetInt64();
        await (await _client.PatchAsync($"{Outshifter}/{second}/item/delete/{firstVoogId}", null)).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await _client.Snapshot(second));
        Assert.NotEqual(firstVoogId, created.Items()[0].GetProperty("id").GetInt64());
    }
}
