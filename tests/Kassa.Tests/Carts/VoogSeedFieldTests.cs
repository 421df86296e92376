using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>
/// Small places where the Voog dialect followed the seed too loosely: item <c>kind</c> and <c>status</c>, the
/// seed's own <c>include=variants</c>, and a PUT that changes currency and items at once.
/// </summary>
[Collection(SharedKassa.Carts)]
public sealed class VoogSeedFieldTests(KassaFactory factory)
{
    private static void AssertSeedItemFields(JsonElement item, string status)
    {
        var names = item.EnumerateObject().Select(p => p.Name).ToList();
        // The seed's item starts "id", "kind", "status", "product_id".
        Assert.Equal(["id", "kind", "status", "product_id"], names.Take(4));
        Assert.Equal("payment", item.Str("kind"));
        Assert.Equal(status, item.Str("status"));
    }

    [Fact]
    public async Task Every_cart_item_has_the_seeds_kind_and_a_pending_status_in_every_answer()
    {
        var client = factory.Anonymous();
        var (uuid, created, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = IonDrive, quantity = 1 } } });
        var updated = await client.PutVoog(uuid, new { items = new[] { new { product_id = IonDrive, quantity = 1 }, new { product_id = StarChart, quantity = 2 } } });
        var read = await client.GetVoog(uuid);
        var listed = await (await factory.Admin().GetAsync($"{Voog}?include=items&q.cart.uuid.$eq={uuid}")).Expect(HttpStatusCode.OK);

        foreach (var cart in new[] { created, updated, read, listed[0] })
            foreach (var item in cart.Items())
                AssertSeedItemFields(item, "pending");
        Assert.Equal(2, read.Items().Count);
    }

    [Fact]
    public async Task An_orders_items_carry_the_orders_payment_status()
    {
        var client = factory.Anonymous();
        var (uuid, _, _) = await client.CreateVoogCart(new
        {
            items = new[] { new { product_id = StarChart, quantity = 1 } },
            shipping_method_id = 1,
            billing_address = new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" },
        });
        var order = await (await client.PostAsJsonAsync($"{Voog}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", order.Str("payment_status"));
        AssertSeedItemFields(order.Items()[0], "pending");

        var id = order.GetProperty("id").GetInt64();
        var paid = await (await factory.Admin().PutAsJsonAsync($"{VoogApi}/orders/{id}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        AssertSeedItemFields(paid.Items()[0], "paid");
        var read = await (await factory.Admin().GetAsync($"{VoogApi}/orders/{id}")).Expect(HttpStatusCode.OK);
        AssertSeedItemFields(read.Items()[0], "paid");
    }

    [Theory]
    [InlineData("include=variants,translations")] // the seed's own example
    [InlineData("include=variants")]
    [InlineData("include=translations,orders,everything")]
    [InlineData("include=items,,variants,")]
    public async Task Include_values_Kassa_does_not_know_are_ignored_on_every_cart_endpoint(string query)
    {
        var client = factory.Anonymous();
        var known = string.Join(",", query["include=".Length..].Split(',').Where(v => v is "items" or "translations"));
        var expected = $"include={known}";

        var created = await client.PostAsJsonAsync($"{Voog}?{query}", new { items = new[] { new { product_id = IonDrive, quantity = 1 } } });
        var uuid = (await created.Expect(HttpStatusCode.Created)).Str("uuid");
        var put = await (await client.PutAsJsonAsync($"{Voog}/{uuid}?{query}", new { note = "x" })).Expect(HttpStatusCode.OK);
        var get = await (await client.GetAsync($"{Voog}/{uuid}?{query}")).Expect(HttpStatusCode.OK);
        var list = await (await factory.Admin().GetAsync($"{Voog}?{query}&q.cart.uuid.$eq={uuid}")).Expect(HttpStatusCode.OK);

        // Each answers as if only the known values had been asked for.
        var reference = await client.GetVoog(uuid, expected);
        Assert.Equal(reference.GetRawText(), get.GetRawText());
        Assert.Equal(reference.GetRawText(), put.GetRawText());
        Assert.Equal(reference.GetRawText(), list[0].GetRawText());
    }

    [Fact]
    public async Task A_put_that_changes_currency_and_items_together_is_judged_by_the_new_items()
    {
        var client = factory.Anonymous();
        // Ion drive has no NOK price; the PUT replaces it with the space suit, which has one.
        var (uuid, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = IonDrive, quantity = 1 } } });

        var cart = await client.PutVoog(uuid, new { currency = "NOK", items = new[] { new { product_id = SpaceSuit, quantity = 1 } } });

        Assert.Equal("NOK", cart.Str("currency"));
        var item = Assert.Single(cart.Items());
        Assert.Equal(SpaceSuit, item.GetProperty("product_id").GetInt64());
        Assert.Equal("10500.0", item.Str("price"));
    }

    [Fact]
    public async Task A_put_that_changes_currency_still_refuses_items_it_keeps_or_adds_without_a_price_in_it()
    {
        var client = factory.Anonymous();
        var (uuid, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = SpaceSuit, quantity = 1 } } });
        var before = await client.Snapshot(uuid);

        // Kept: the ion drive stays in the cart (its quantity changes) and has no NOK price.
        var kept = await client.PutAsJsonAsync($"{Voog}/{uuid}", new { currency = "NOK", items = new[] { new { product_id = SpaceSuit, quantity = 1 }, new { product_id = IonDrive, quantity = 1 } } });
        await kept.ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[1].product_id", "NOK");
        // Unchanged items: the ones in the cart are judged.
        var (other, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = IonDrive, quantity = 1 } } });
        await (await client.PutAsJsonAsync($"{Voog}/{other}", new { currency = "NOK" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "no price in NOK");
        await (await client.PutAsJsonAsync($"{Voog}/{other}", new { currency = "NOK", items = new[] { new { product_id = IonDrive, quantity = 2 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "no price in NOK");

        Assert.Equal(before, await client.Snapshot(uuid));
    }
}
