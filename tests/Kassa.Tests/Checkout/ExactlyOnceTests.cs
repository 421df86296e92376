using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>Orders are created exactly once, whatever the client repeats or races.</summary>
[StartsFirst]
public sealed class ExactlyOnceTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const int Racers = 20;

    private static async Task<string> Describe(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(" | ", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));

    [Fact]
    public async Task Twenty_parallel_payment_initiations_for_one_checkout_make_one_order()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 10);
        var (cartId, id) = await client.ReadyCheckout("sandbox", (product, 3));

        var responses = await AllAtOnce(Racers, _ => client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { success_url = "https://shop.example/ok" }));

        var failed = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {Racers} failed: {await Describe(failed.Take(3))}");
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var orderIds = bodies.Select(b => b.GetProperty("order_id").GetInt64()).Distinct().ToList();
        Assert.Single(orderIds);
        Assert.Single(bodies.Select(b => b.Str("checkout_url")).Distinct());
        Assert.Equal(1, await factory.OrderCountForCart(cartId));
        Assert.Equal(7, await factory.Stock(product));
        Assert.Equal("pending", (await factory.GetOrder(orderIds[0])).Str("payment_status"));
    }

    [Fact]
    public async Task Twenty_parallel_voog_checkouts_of_one_cart_make_one_order()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 10);
        var (uuid, _) = await client.VoogCart((product, 2));

        var responses = await AllAtOnce(Racers, _ => client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" }));

        var failed = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {Racers} failed: {await Describe(failed.Take(3))}");
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(bodies.Select(b => b.GetProperty("id").GetInt64()).Distinct());
        Assert.Single(bodies.Select(b => b.Str("code")).Distinct());
        Assert.Equal(1, await factory.OrderCountForCart(uuid));
        Assert.Equal(8, await factory.Stock(product));
        Assert.Equal("closed", (await client.GetVoogCart(uuid)).Str("status"));
    }

    [Theory]
    [InlineData("voog", "voog")]
    [InlineData("voog", "outshifter")]
    [InlineData("outshifter", "outshifter")]
    public async Task Two_shoppers_racing_for_the_last_unit_make_one_order(string first, string second)
    {
        var client = factory.Anonymous();
        for (var round = 0; round < 3; round++)
        {
            var product = await factory.CreateProduct(stock: 1);
            var shoppers = new[] { await Shopper(client, first, product), await Shopper(client, second, product) };
            var before = await factory.OrderCount();

            var responses = await AllAtOnce(2, i => shoppers[i].Buy());

            var won = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var lost = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            Assert.True(won.Count == 1, $"Expected one winner: {await Describe(responses)}");
            var problem = await lost[0].ExpectProblem(lost[0].StatusCode);
            Assert.True(lost[0].StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{await Describe(lost)}");
            Assert.Contains(product.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(" ", HttpAssertions.Strings(problem)));
            Assert.Equal(0, await factory.Stock(product));
            Assert.Equal(before + 1, await factory.OrderCount());
            // The loser's cart is still open for a change.
            var loser = shoppers[responses.ToList().IndexOf(lost[0])];
            var cart = await client.GetVoogCart(loser.CartId);
            Assert.Equal("created", cart.Str("status"));
            Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        }
    }

    private sealed record ShopperCart(string CartId, Func<Task<HttpResponseMessage>> Buy);

    private static async Task<ShopperCart> Shopper(HttpClient client, string dialect, long product)
    {
        if (dialect == "voog")
        {
            var (uuid, _) = await client.VoogCart((product, 1));
            return new ShopperCart(uuid, () => client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" }));
        }
        var (cartId, id) = await client.ReadyCheckout("sandbox", (product, 1));
        return new ShopperCart(cartId, () => client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { }));
    }

    [Fact]
    public async Task Parallel_checkouts_of_carts_holding_the_same_products_in_opposite_order_all_succeed()
    {
        // Stock is taken product by product; two orders taking the same products in opposite
        // order must not deadlock each other.
        var client = factory.Anonymous();
        var p1 = await factory.CreateProduct(stock: 100);
        var p2 = await factory.CreateProduct(stock: 100);
        var p3 = await factory.CreateProduct(stock: 100);
        var carts = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var order = (i % 3) switch { 0 => new[] { p1, p2, p3 }, 1 => [p3, p2, p1], _ => [p2, p3, p1] };
            var (uuid, _) = await client.VoogCart(order.Select(p => (p, 1)).ToArray());
            carts.Add(uuid);
        }

        var responses = await AllAtOnce(carts.Count, i => client.PostAsJsonAsync($"{VoogCarts}/{carts[i]}/checkout", new { gateway_code = "offline" }));

        var failed = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {carts.Count} failed: {await Describe(failed.Take(3))}");
        foreach (var p in new[] { p1, p2, p3 }) Assert.Equal(100 - carts.Count, await factory.Stock(p));
        var codes = (await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()))).Select(b => b.Str("code")).ToList();
        Assert.Equal(carts.Count, codes.Distinct().Count());
    }

    [Fact]
    public async Task Parallel_checkout_creation_for_one_cart_makes_one_checkout()
    {
        var client = factory.Anonymous();
        var cartId = await client.OutshifterCart((StarChart, 1));

        var responses = await AllAtOnce(Racers, _ => client.PostAsJsonAsync(CheckoutPath, new { cart_id = cartId }));

        var failed = responses.Where(r => r.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created)).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} failed: {await Describe(failed.Take(3))}");
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var ids = (await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()))).Select(b => b.Str("id")).Distinct().ToList();
        Assert.Single(ids);
        await using var scope = factory.Scope(out var db);
        var uuid = Guid.Parse(cartId);
        Assert.Equal(1, await db.Checkouts.IgnoreQueryFilters().CountAsync(c => c.Cart.Uuid == uuid));
    }

    [Fact]
    public async Task One_idempotency_key_sent_for_different_carts_at_once_serves_one_and_refuses_the_rest()
    {
        var client = factory.Anonymous();
        var carts = new List<string>();
        for (var i = 0; i < 8; i++) carts.Add((await client.VoogCart((StarChart, 1))).Uuid);
        var key = "shared-" + Guid.NewGuid();

        var responses = await AllAtOnce(carts.Count, i => client.Send(HttpMethod.Post, $"{VoogCarts}/{carts[i]}/checkout", new { gateway_code = "offline" }, key));

        Assert.True(responses.All(r => (int)r.StatusCode < 500), await Describe(responses.Where(r => (int)r.StatusCode >= 500)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, await Describe([refused]));
            await refused.ExpectProblem(refused.StatusCode);
        }
        var orders = 0;
        foreach (var cart in carts) orders += await factory.OrderCountForCart(cart);
        Assert.Equal(1, orders);

        // The same holds for payment initiation and checkout creation.
        var checkouts = new List<string>();
        for (var i = 0; i < 6; i++) checkouts.Add((await client.ReadyCheckout("sandbox")).CheckoutId);
        var payKey = "shared-pay-" + Guid.NewGuid();
        var payments = await AllAtOnce(checkouts.Count, i => client.Send(HttpMethod.Patch, $"{CheckoutPath}/{checkouts[i]}/payment", new { }, payKey));
        Assert.True(payments.All(r => (int)r.StatusCode < 500), await Describe(payments.Where(r => (int)r.StatusCode >= 500)));
        Assert.Equal(1, payments.Count(r => r.StatusCode == HttpStatusCode.OK));

        var fresh = new List<string>();
        for (var i = 0; i < 6; i++) fresh.Add(await client.OutshifterCart((StarChart, 1)));
        var createKey = "shared-create-" + Guid.NewGuid();
        var creates = await AllAtOnce(fresh.Count, i => client.Send(HttpMethod.Post, CheckoutPath, new { cart_id = fresh[i] }, createKey));
        Assert.True(creates.All(r => (int)r.StatusCode < 500), await Describe(creates.Where(r => (int)r.StatusCode >= 500)));
        Assert.Equal(1, creates.Count(r => r.StatusCode == HttpStatusCode.Created));
    }

    [Fact]
    public async Task Deleting_a_checkout_while_it_is_being_changed_or_paid_is_never_a_server_error()
    {
        var client = factory.Anonymous();
        for (var round = 0; round < 6; round++)
        {
            var (cartId, id) = await client.ReadyCheckout("sandbox");
            var responses = await AllAtOnce(6, i => (i % 3) switch
            {
                0 => client.DeleteAsync($"{CheckoutPath}/{id}"),
                1 => client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { email = $"r{i}@example.com" }),
                _ => client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { }),
            });
            foreach (var r in responses)
            {
                Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict,
                    $"round {round}: {await Describe([r])}");
                if (r.StatusCode != HttpStatusCode.OK) await r.ExpectProblem(r.StatusCode);
            }
            // Whatever won, at most one order, and a deleted checkout has no payment under way.
            Assert.True(await factory.OrderCountForCart(cartId) <= 1);
        }
    }

    [Fact]
    public async Task Idempotency_key_on_voog_checkout_replays_the_first_answer_and_refuses_another_body()
    {
        var client = factory.Anonymous();
        var (uuid, _) = await client.VoogCart((StarChart, 1));
        var key = "voog-" + Guid.NewGuid();
        var path = $"{VoogCarts}/{uuid}/checkout";
        var body = new { gateway_code = "offline", return_url = "https://shop.example/a" };

        var first = await client.Send(HttpMethod.Post, path, body, key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstText);
        var orderId = JsonDocument.Parse(firstText).RootElement.GetProperty("id").GetInt64();

        // The order moves on; a retry still gets the first answer, byte for byte.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{orderId}", new { shipping_status = "dispatched" })).Expect(HttpStatusCode.OK);
        var replays = await AllAtOnce(5, _ => client.Send(HttpMethod.Post, path, body, key));
        foreach (var replay in replays)
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());
            Assert.Equal("application/json", replay.Content.Headers.ContentType?.MediaType);
        }

        await (await client.Send(HttpMethod.Post, path, new { gateway_code = "offline", return_url = "https://shop.example/b" }, key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        // The same key on another cart is another request too.
        var (other, _) = await client.VoogCart((StarChart, 1));
        await (await client.Send(HttpMethod.Post, $"{VoogCarts}/{other}/checkout", body, key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal("created", (await client.GetVoogCart(other)).Str("status"));
        Assert.Equal(0, await factory.OrderCountForCart(other));
        Assert.Equal(1, await factory.OrderCountForCart(uuid));
    }

    [Fact]
    public async Task Parallel_voog_checkouts_with_one_idempotency_key_make_one_order_and_one_answer()
    {
        var client = factory.Anonymous();
        var (uuid, _) = await client.VoogCart((StarChart, 1));
        var key = "race-" + Guid.NewGuid();

        var responses = await AllAtOnce(10, _ => client.Send(HttpMethod.Post, $"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" }, key));

        var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var other = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.NotEmpty(ok);
        foreach (var conflict in other) await conflict.ExpectProblem(HttpStatusCode.Conflict);
        Assert.Single((await Task.WhenAll(ok.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, await factory.OrderCountForCart(uuid));
    }

    [Fact]
    public async Task Idempotency_key_on_payment_initiation_replays_the_first_answer_and_refuses_another_body()
    {
        var client = factory.Anonymous();
        var (cartId, id) = await client.ReadyCheckout("sandbox");
        var key = "pay-" + Guid.NewGuid();
        var path = $"{CheckoutPath}/{id}/payment";
        var body = new { success_url = "https://shop.example/ok", email = "ada@example.com" };

        var first = await client.Send(HttpMethod.Patch, path, body, key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstText);

        // Paid meanwhile: the replay is still the first answer (with its checkout url).
        var pay = await client.Sandbox(JsonDocument.Parse(firstText).RootElement.Str("checkout_url"), "pay");
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        var replay = await client.Send(HttpMethod.Patch, path, body, key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());

        await (await client.Send(HttpMethod.Patch, path, new { success_url = "https://shop.example/ok", email = "eve@example.com" }, key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(1, await factory.OrderCountForCart(cartId));
        var payment = await (await client.GetAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("ada@example.com", payment.Str("email"));
    }

    [Fact]
    public async Task Idempotency_key_on_checkout_creation_replays_the_first_answer_and_refuses_another_body()
    {
        var client = factory.Anonymous();
        var cartA = await client.OutshifterCart((StarChart, 1));
        var cartB = await client.OutshifterCart((StarChart, 1));
        var key = "create-" + Guid.NewGuid();

        var first = await client.Send(HttpMethod.Post, CheckoutPath, new { cart_id = cartA }, key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstText);
        var id = JsonDocument.Parse(firstText).RootElement.Str("id");

        // The checkout changes; the replay is the first answer, with its first status code.
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await client.PatchCheckout(id, new { email = "later@example.com" });
        var replay = await client.Send(HttpMethod.Post, CheckoutPath, new { cart_id = cartA }, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync());

        var mismatch = await client.Send(HttpMethod.Post, CheckoutPath, new { cart_id = cartB }, key);
        await mismatch.ExpectProblem(HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await using var scope = factory.Scope(out var db);
        var b = Guid.Parse(cartB);
        Assert.False(await db.Checkouts.AnyAsync(c => c.Cart.Uuid == b));
    }

    [Fact]
    public async Task A_discount_with_one_redemption_left_goes_to_one_of_two_parallel_checkouts()
    {
        var client = factory.Anonymous();
        var code = "ONCE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var discountResponse = await factory.Admin().PostAsJsonAsync($"{VoogApi}/discounts",
            new { code, discount_type = "percentage", amount = 10, redemption_limit = 1 });
        var discountId = (await discountResponse.Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var carts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (uuid, cart) = await client.VoogCart(new { items = new[] { new { product_id = StarChart, quantity = 1 } }, discount_code = code });
            Assert.Equal(code, cart.GetProperty("discount").Str("code"));
            carts.Add(uuid);
        }

        var responses = await AllAtOnce(2, i => client.PostAsJsonAsync($"{VoogCarts}/{carts[i]}/checkout", new { gateway_code = "offline" }));

        var won = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.True(won.Count == 1, await Describe(responses));
        var lost = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
        Assert.True(lost.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, await Describe([lost]));
        await lost.ExpectProblem(lost.StatusCode, "discount_code");
        var discount = await (await factory.Admin().GetAsync($"{VoogApi}/discounts/{discountId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, discount.GetProperty("redemption_count").GetInt32());

        // Cancelling the winner's order gives the redemption back; the other shopper can use it now.
        var order = await won[0].Content.ReadFromJsonAsync<JsonElement>();
        await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{order.GetProperty("id").GetInt64()}", new { payment_status = "cancelled" })).Expect(HttpStatusCode.OK);
        discount = await (await factory.Admin().GetAsync($"{VoogApi}/discounts/{discountId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, discount.GetProperty("redemption_count").GetInt32());
        var loser = carts[responses.ToList().IndexOf(lost)];
        var second = await (await client.PostAsJsonAsync($"{VoogCarts}/{loser}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal(code, second.GetProperty("discount").Str("code"));
        Assert.True(second.Dec("items_subtotal_amount") < second.Dec("items_original_amount"), $"{second}");
    }
}
