using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Checkout.CheckoutApi;
using Kassa.Data;

namespace Kassa.Tests.Checkout;

/// <summary>
/// Bad input of every kind at every checkout, shipping, order and payment endpoint: a 4xx problem that
/// names the field, and nothing changed anywhere.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed class CheckoutBadInputTests(KassaFactory factory)
{
    /// <summary>What a row can reach: an open Outshifter cart with a bare checkout, open, empty and closed Voog carts, orders.</summary>
    private sealed record World(
        string CartId,
        string CheckoutId,
        string VoogCart,
        string EmptyCart,
        string ClosedCart,
        long CancelledOrder,
        long PendingOrder,
        string PendingOrderUuid,
        string PendingCart);

    private delegate Task<HttpResponseMessage> Request(World w, HttpClient anonymous, HttpClient admin);

    private sealed record Row(Request Send, HttpStatusCode Status, string? Field = null);

    private static readonly string Unknown = Guid.NewGuid().ToString();
    private static readonly string LongKey = new('k', 256);

    private static Task<HttpResponseMessage> Raw(HttpClient client, HttpMethod method, string path, string body, string? key = null) =>
        client.Send(method, path, body, key);

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, object body) => client.PatchAsJsonAsync(path, body);
    private static Task<HttpResponseMessage> Put(HttpClient client, string path, object body) => client.PutAsJsonAsync(path, body);

    private static string Co(World w) => $"{CheckoutPath}/{w.CheckoutId}";
    private static string Vc(string cart) => $"{VoogCarts}/{cart}/checkout";

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // ---- POST /api/checkout ----
        ["create: empty body"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, ""), HttpStatusCode.BadRequest),
        ["create: malformed JSON"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, "{\"cart_id\":"), HttpStatusCode.BadRequest),
        ["create: body is an array"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, "[]"), HttpStatusCode.BadRequest),
        ["create: no cart_id"] = new((w, a, _) => Post(a, CheckoutPath, new { }), HttpStatusCode.UnprocessableEntity, "cart_id"),
        ["create: cart_id null"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, "{\"cart_id\":null}"), HttpStatusCode.UnprocessableEntity, "cart_id"),
        ["create: cart_id not a uuid"] = new((w, a, _) => Post(a, CheckoutPath, new { cart_id = "aasd3432rfsd" }), HttpStatusCode.UnprocessableEntity, "cart_id"),
        ["create: cart_id a number"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, "{\"cart_id\":112321203}"), HttpStatusCode.BadRequest, "cart_id"),
        ["create: unknown cart"] = new((w, a, _) => Post(a, CheckoutPath, new { cart_id = Unknown }), HttpStatusCode.NotFound),
        ["create: closed cart"] = new((w, a, _) => Post(a, CheckoutPath, new { cart_id = w.ClosedCart }), HttpStatusCode.Conflict),
        ["create: JSON null"] = new((w, a, _) => Raw(a, HttpMethod.Post, CheckoutPath, "null"), HttpStatusCode.BadRequest),
        ["create: Idempotency-Key too long"] = new((w, a, _) => a.Send(HttpMethod.Post, CheckoutPath, new { cart_id = w.VoogCart }, LongKey), HttpStatusCode.BadRequest),

        // ---- GET/PATCH/DELETE /api/checkout/:id ----
        ["get: unknown checkout"] = new((w, a, _) => a.GetAsync($"{CheckoutPath}/{Unknown}"), HttpStatusCode.NotFound),
        ["get: checkout id not a uuid"] = new((w, a, _) => a.GetAsync($"{CheckoutPath}/67954a7d"), HttpStatusCode.NotFound),
        ["patch: unknown checkout"] = new((w, a, _) => Patch(a, $"{CheckoutPath}/{Unknown}", new { email = "a@example.com" }), HttpStatusCode.NotFound),
        ["delete: unknown checkout"] = new((w, a, _) => a.DeleteAsync($"{CheckoutPath}/{Unknown}"), HttpStatusCode.NotFound),
        ["delete: a cart id is not a checkout id"] = new((w, a, _) => a.DeleteAsync($"{CheckoutPath}/{w.CartId}"), HttpStatusCode.NotFound),
        ["patch: bad email"] = new((w, a, _) => Patch(a, Co(w), new { email = "john.example.com" }), HttpStatusCode.UnprocessableEntity, "email"),
        ["patch: bad shipping_address.email"] = new((w, a, _) => Patch(a, Co(w), new { shipping_address = new { first_name = "J", email = "j@" } }), HttpStatusCode.UnprocessableEntity, "shipping_address.email"),
        ["patch: bad shipping country"] = new((w, a, _) => Patch(a, Co(w), new { shipping_address = new { country_code = "NOR" } }), HttpStatusCode.UnprocessableEntity, "shipping_address.country_code"),
        ["patch: bad billing country"] = new((w, a, _) => Patch(a, Co(w), new { billing_address = new { country_code = "1" } }), HttpStatusCode.UnprocessableEntity, "billing_address.country_code"),
        ["patch: success_url not absolute"] = new((w, a, _) => Patch(a, Co(w), new { success_url = "shop.example/ok" }), HttpStatusCode.UnprocessableEntity, "success_url"),
        ["patch: cancel_url not http"] = new((w, a, _) => Patch(a, Co(w), new { cancel_url = "javascript:alert(1)" }), HttpStatusCode.UnprocessableEntity, "cancel_url"),
        ["patch: unknown payment_method"] = new((w, a, _) => Patch(a, Co(w), new { payment_method = "bitcoin" }), HttpStatusCode.UnprocessableEntity, "payment_method"),
        ["patch: unknown shipping method"] = new((w, a, _) => Patch(a, Co(w), new { shipping_rate = new { shipping_method_id = 999_999 } }), HttpStatusCode.UnprocessableEntity, "shipping_rate.shipping_method_id"),
        ["patch: unknown shipping option"] = new((w, a, _) => Patch(a, Co(w), new { shipping_rate = new { shipping_method_id = AdvancedShipping, option = "teleport" } }), HttpStatusCode.UnprocessableEntity, "shipping_rate.option"),
        ["patch: shipping option missing"] = new((w, a, _) => Patch(a, Co(w), new { shipping_rate = new { shipping_method_id = AdvancedShipping } }), HttpStatusCode.UnprocessableEntity, "shipping_rate.option"),
        ["patch: empty shipping_rate"] = new((w, a, _) => Patch(a, Co(w), new { shipping_rate = new { } }), HttpStatusCode.UnprocessableEntity, "shipping_rate"),
        ["patch: flat rate before a destination"] = new((w, a, _) => Patch(a, Co(w), new { shipping_rate = new { service_code = "1-FRP" } }), HttpStatusCode.UnprocessableEntity, "shipping_rate.service_code"),
        ["patch: first_name too long"] = new((w, a, _) => Patch(a, Co(w), new { first_name = new string('x', 201) }), HttpStatusCode.UnprocessableEntity, "first_name"),
        ["patch: zip too long"] = new((w, a, _) => Patch(a, Co(w), new { shipping_address = new { zip = new string('9', 30) } }), HttpStatusCode.UnprocessableEntity, "shipping_address.zip"),
        ["patch: one good field and one bad"] = new((w, a, _) => Patch(a, Co(w), new { email = "fine@example.com", success_url = "nope" }), HttpStatusCode.UnprocessableEntity, "success_url"),
        ["patch: email is a number"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "{\"email\":5}"), HttpStatusCode.BadRequest, "email"),
        ["patch: shipping_address is a string"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "{\"shipping_address\":\"Main St 1\"}"), HttpStatusCode.BadRequest, "shipping_address"),
        ["patch: phone is a boolean"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "{\"shipping_address\":{\"phone\":true}}"), HttpStatusCode.BadRequest, "shipping_address.phone"),
        ["patch: JSON null"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "null"), HttpStatusCode.BadRequest),
        ["patch: unquoted service code"] = new((w, a, _) => Patch(a, Co(w), new { shipping_address = new { country_code = "NO" }, shipping_rate = new { service_code = "nonsense" } }), HttpStatusCode.UnprocessableEntity, "shipping_rate.service_code"),
        ["patch: malformed JSON"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "{\"email\":\"a@example.com\""), HttpStatusCode.BadRequest),
        ["patch: duplicate keys"] = new((w, a, _) => Raw(a, HttpMethod.Patch, Co(w), "{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}"), HttpStatusCode.BadRequest),

        // ---- PATCH/GET /api/checkout/:id/payment ----
        ["payment: unknown checkout"] = new((w, a, _) => Patch(a, $"{CheckoutPath}/{Unknown}/payment", new { }), HttpStatusCode.NotFound),
        ["payment info: unknown checkout"] = new((w, a, _) => a.GetAsync($"{CheckoutPath}/{Unknown}/payment"), HttpStatusCode.NotFound),
        ["payment: nothing given"] = new((w, a, _) => Patch(a, $"{Co(w)}/payment", new { }), HttpStatusCode.UnprocessableEntity, "email"),
        ["payment: bad success_url"] = new((w, a, _) => Patch(a, $"{Co(w)}/payment", new { success_url = "https//x" }), HttpStatusCode.UnprocessableEntity, "success_url"),
        ["payment: unknown payment_method"] = new((w, a, _) => Patch(a, $"{Co(w)}/payment", new { payment_method = "Bitcoin", email = "a@example.com", first_name = "A" }), HttpStatusCode.UnprocessableEntity, "payment_method"),
        ["payment: bad country"] = new((w, a, _) => Patch(a, $"{Co(w)}/payment", new { address1 = "Main 1", city = "Oslo", country_code = "Norway" }), HttpStatusCode.UnprocessableEntity, "billing_address.country_code"),
        ["payment: bad email"] = new((w, a, _) => Patch(a, $"{Co(w)}/payment", new { email = "@example.com" }), HttpStatusCode.UnprocessableEntity, "email"),
        ["payment: phone is an object"] = new((w, a, _) => Raw(a, HttpMethod.Patch, $"{Co(w)}/payment", "{\"phone\":{}}"), HttpStatusCode.BadRequest, "phone"),
        ["payment: JSON null"] = new((w, a, _) => Raw(a, HttpMethod.Patch, $"{Co(w)}/payment", "null"), HttpStatusCode.BadRequest),
        ["payment: malformed JSON"] = new((w, a, _) => Raw(a, HttpMethod.Patch, $"{Co(w)}/payment", "{,}"), HttpStatusCode.BadRequest),
        ["payment: Idempotency-Key too long"] = new((w, a, _) => a.Send(HttpMethod.Patch, $"{Co(w)}/payment", new { }, LongKey), HttpStatusCode.BadRequest),

        // ---- POST /api/shipping/flat-rate ----
        ["flat-rate: empty body"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, ""), HttpStatusCode.BadRequest),
        ["flat-rate: JSON null"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, "null"), HttpStatusCode.BadRequest),
        ["flat-rate: items an object"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, "{\"items\":{\"productId\":1},\"destination\":{\"country\":\"NO\"}}"), HttpStatusCode.BadRequest, "items"),
        ["flat-rate: no items"] = new((w, a, _) => Post(a, FlatRate, new { destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items"),
        ["flat-rate: empty items"] = new((w, a, _) => Post(a, FlatRate, new { items = Array.Empty<object>(), destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items"),
        ["flat-rate: no destination"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 1 } } }), HttpStatusCode.UnprocessableEntity, "destination.country"),
        ["flat-rate: country as a name"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 1 } }, destination = new { country = "Norway" } }), HttpStatusCode.UnprocessableEntity, "destination.country"),
        ["flat-rate: unknown product"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = 999_999L, quantity = 1 } }, destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items[0].productId"),
        ["flat-rate: no productId"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { quantity = 1 } }, destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items[0].productId"),
        ["flat-rate: null item"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, "{\"items\":[null],\"destination\":{\"country\":\"NO\"}}"), HttpStatusCode.UnprocessableEntity, "items[0].productId"),
        ["flat-rate: quantity zero"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 0 } }, destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items[0].quantity"),
        ["flat-rate: negative quantity"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = StarChart, quantity = 1 }, new { productId = IonDrive, quantity = -3 } }, destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items[1].quantity"),
        ["flat-rate: huge quantity"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 2_000_000_000 } }, destination = new { country = "NO" } }), HttpStatusCode.UnprocessableEntity, "items[0].quantity"),
        ["flat-rate: quantity beyond int"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, "{\"items\":[{\"productId\":1,\"quantity\":99999999999}],\"destination\":{\"country\":\"NO\"}}"), HttpStatusCode.BadRequest),
        ["flat-rate: quantity a word"] = new((w, a, _) => Raw(a, HttpMethod.Post, FlatRate, "{\"items\":[{\"productId\":1,\"quantity\":\"many\"}],\"destination\":{\"country\":\"NO\"}}"), HttpStatusCode.BadRequest),
        ["flat-rate: other currency"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 1 } }, destination = new { country = "NO" }, currency = "NOK" }), HttpStatusCode.UnprocessableEntity, "currency"),
        ["flat-rate: unknown currency"] = new((w, a, _) => Post(a, FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 1 } }, destination = new { country = "NO" }, currency = "EURO" }), HttpStatusCode.UnprocessableEntity, "currency"),

        // ---- POST /carts/:uuid/checkout (Voog) ----
        ["voog checkout: unknown gateway"] = new((w, a, _) => Post(a, Vc(w.VoogCart), new { gateway_code = "paypal" }), HttpStatusCode.UnprocessableEntity, "gateway_code"),
        ["voog checkout: method of another gateway"] = new((w, a, _) => Post(a, Vc(w.VoogCart), new { gateway_code = "offline", payment_method = "swedbank" }), HttpStatusCode.UnprocessableEntity, "payment_method"),
        ["voog checkout: no gateway"] = new((w, a, _) => Post(a, Vc(w.VoogCart), new { }), HttpStatusCode.UnprocessableEntity, "gateway_code"),
        ["voog checkout: bad return_url"] = new((w, a, _) => Post(a, Vc(w.VoogCart), new { gateway_code = "offline", return_url = "/thanks" }), HttpStatusCode.UnprocessableEntity, "return_url"),
        ["voog checkout: empty cart"] = new((w, a, _) => Post(a, Vc(w.EmptyCart), new { gateway_code = "offline" }), HttpStatusCode.UnprocessableEntity, "items"),
        ["voog checkout: closed cart"] = new((w, a, _) => Post(a, Vc(w.ClosedCart), new { gateway_code = "offline" }), HttpStatusCode.Conflict),
        ["voog checkout: unknown cart"] = new((w, a, _) => Post(a, Vc(Unknown), new { gateway_code = "offline" }), HttpStatusCode.NotFound),
        ["voog checkout: cart id not a uuid"] = new((w, a, _) => Post(a, Vc("7d5fea69"), new { gateway_code = "offline" }), HttpStatusCode.NotFound),
        ["voog checkout: malformed JSON"] = new((w, a, _) => Raw(a, HttpMethod.Post, Vc(w.VoogCart), "{\"gateway_code\":\"offline\"]"), HttpStatusCode.BadRequest),
        ["voog checkout: gateway_code a number"] = new((w, a, _) => Raw(a, HttpMethod.Post, Vc(w.VoogCart), "{\"gateway_code\":5}"), HttpStatusCode.BadRequest, "gateway_code"),
        ["voog checkout: Idempotency-Key too long"] = new((w, a, _) => a.Send(HttpMethod.Post, Vc(w.VoogCart), new { gateway_code = "offline" }, LongKey), HttpStatusCode.BadRequest),

        // ---- admin orders ----
        ["orders: list without admin key"] = new((w, a, _) => a.GetAsync(OrderPath), HttpStatusCode.Unauthorized),
        ["orders: get without admin key"] = new((w, a, _) => a.GetAsync($"{OrderPath}/{w.PendingOrder}"), HttpStatusCode.Unauthorized),
        ["orders: put without admin key"] = new((w, a, _) => Put(a, $"{OrderPath}/{w.PendingOrder}", new { payment_status = "paid" }), HttpStatusCode.Unauthorized),
        ["orders: put with a wrong key"] = new((w, a, _) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"{OrderPath}/{w.PendingOrder}") { Content = JsonContent.Create(new { payment_status = "paid" }) };
            request.Headers.Authorization = new("Bearer", "not-the-key");
            return a.SendAsync(request);
        }, HttpStatusCode.Unauthorized),
        ["orders: bad payment_status"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.PendingOrder}", new { payment_status = "bogus" }), HttpStatusCode.UnprocessableEntity, "payment_status"),
        ["orders: null payment_status"] = new((w, a, admin) => Raw(admin, HttpMethod.Put, $"{OrderPath}/{w.PendingOrder}", "{\"payment_status\":null}"), HttpStatusCode.UnprocessableEntity, "payment_status"),
        ["orders: bad shipping_status"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.PendingOrder}", new { shipping_status = "lost", payment_status = "paid" }), HttpStatusCode.UnprocessableEntity, "shipping_status"),
        ["orders: bad status"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.PendingOrder}", new { status = "open" }), HttpStatusCode.UnprocessableEntity, "status"),
        ["orders: status a number"] = new((w, a, admin) => Raw(admin, HttpMethod.Put, $"{OrderPath}/{w.PendingOrder}", "{\"status\":1}"), HttpStatusCode.BadRequest, "status"),
        ["orders: malformed JSON"] = new((w, a, admin) => Raw(admin, HttpMethod.Put, $"{OrderPath}/{w.PendingOrder}", "{\"status\""), HttpStatusCode.BadRequest),
        ["orders: JSON null"] = new((w, a, admin) => Raw(admin, HttpMethod.Put, $"{OrderPath}/{w.PendingOrder}", "null"), HttpStatusCode.BadRequest),
        ["orders: refunding an unpaid order"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.PendingOrder}", new { payment_status = "refunded" }), HttpStatusCode.Conflict),
        ["orders: back to pending after cancelling"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.CancelledOrder}", new { payment_status = "pending" }), HttpStatusCode.Conflict),
        ["orders: unknown filter"] = new((w, a, admin) => admin.GetAsync($"{OrderPath}?q.order.secret.$eq=1"), HttpStatusCode.BadRequest, "q.order.secret.$eq"),
        ["orders: unknown order"] = new((w, a, admin) => Put(admin, $"{OrderPath}/999999", new { shipping_status = "dispatched" }), HttpStatusCode.NotFound),
        ["orders: get unknown order"] = new((w, a, admin) => admin.GetAsync($"{OrderPath}/999999"), HttpStatusCode.NotFound),
        ["orders: paying a cancelled order"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.CancelledOrder}", new { payment_status = "paid" }), HttpStatusCode.Conflict),
        ["orders: reopening a cancelled order"] = new((w, a, admin) => Put(admin, $"{OrderPath}/{w.CancelledOrder}", new { status = "created" }), HttpStatusCode.Conflict),
        ["orders: bad per_page"] = new((w, a, admin) => admin.GetAsync($"{OrderPath}?per_page=0"), HttpStatusCode.BadRequest, "per_page"),
        ["invoice: unknown order"] = new((w, a, _) => a.GetAsync($"{VoogApi}/invoices/{Unknown}"), HttpStatusCode.NotFound),

        // ---- payments ----
        ["webhook: unknown gateway"] = new((w, a, _) => a.PostWebhook("{}", null, "paypal"), HttpStatusCode.NotFound),
        ["webhook: offline has no webhooks"] = new((w, a, _) => a.PostWebhook("{}", Sign(KassaFactory.SandboxSecret, "{}", DateTimeOffset.UtcNow), "offline"), HttpStatusCode.BadRequest),
        ["webhook: unsigned"] = new((w, a, _) => a.PostWebhook(SandboxEvent("evt_unsigned", "payment.paid", w.PendingOrderUuid), null), HttpStatusCode.BadRequest),
        ["sandbox page: unknown order"] = new((w, a, _) => a.GetAsync($"/pay/sandbox/{Unknown}"), HttpStatusCode.NotFound),
        ["sandbox pay: unknown order"] = new((w, a, _) => a.PostAsync($"/pay/sandbox/{Unknown}/pay", null), HttpStatusCode.NotFound),
        ["sandbox page: an offline order, with its token"] = new((w, a, _) =>
            a.GetAsync($"/pay/sandbox/{w.PendingOrderUuid}?token={SandboxPayToken(KassaFactory.SandboxSecret, w.PendingOrderUuid)}"), HttpStatusCode.NotFound),
        ["sandbox pay: an offline order, with its token"] = new((w, a, _) => a.PostAsync($"/pay/sandbox/{w.PendingOrderUuid}/pay",
            new FormUrlEncodedContent([new("token", SandboxPayToken(KassaFactory.SandboxSecret, w.PendingOrderUuid))])), HttpStatusCode.NotFound),
    };

    public static TheoryData<string> Cases() => new(Rows.Keys);

    [Fact]
    public void The_table_covers_every_endpoint_with_at_least_40_rows()
    {
        Assert.True(Rows.Count >= 40, $"{Rows.Count} rows");
        foreach (var prefix in new[] { "create:", "get:", "patch:", "delete:", "payment:", "payment info:", "flat-rate:", "voog checkout:", "orders:", "invoice:", "webhook:", "sandbox" })
            Assert.Contains(Rows.Keys, k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_and_changes_nothing(string name)
    {
        var row = Rows[name];
        var anonymous = factory.Anonymous();
        var admin = factory.Admin();
        var world = await Worlds.GetOrAdd(factory, _ => Build(anonymous, admin));
        var before = await Snapshot(world, anonymous);

        var response = await row.Send(world, anonymous, admin);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.ExpectProblem(row.Status, row.Field);
        var after = await Snapshot(world, anonymous);
        Assert.Equal(before, after);
    }

    /// <summary>
    /// One world per host, built by the first row: a row that changed it would fail on its own snapshots, so the rows
    /// need not each pay for ten requests and two order placements.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<KassaFactory, Task<World>> Worlds = new();

    private async Task<World> Build(HttpClient anonymous, HttpClient admin)
    {
        var cartId = await anonymous.OutshifterCart((StarChart, 1));
        var checkoutId = (await anonymous.CreateCheckout(cartId)).Str("id");
        var (voogCart, _) = await anonymous.VoogCart((StarChart, 1));
        var (emptyCart, _) = await anonymous.VoogCart();

        // Closed by a checkout whose payment was then cancelled: no live order left.
        var (closedCart, _) = await anonymous.VoogCart((StarChart, 1));
        var cancelled = await (await anonymous.PostAsJsonAsync(Vc(closedCart), new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var cancelledId = cancelled.GetProperty("id").GetInt64();
        await (await admin.PutAsJsonAsync($"{OrderPath}/{cancelledId}", new { payment_status = "cancelled" })).Expect(HttpStatusCode.OK);

        var (pendingCart, _) = await anonymous.VoogCart((StarChart, 1));
        var pending = await (await anonymous.PostAsJsonAsync(Vc(pendingCart), new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        return new World(cartId, checkoutId, voogCart, emptyCart, closedCart, cancelledId, pending.GetProperty("id").GetInt64(), pending.Str("uuid"), pendingCart);
    }

    /// <summary>Everything the rows could touch, as text: equal snapshots mean nothing changed.</summary>
    private async Task<string> Snapshot(World w, HttpClient anonymous)
    {
        var text = new StringBuilder();
        foreach (var cart in new[] { w.CartId, w.VoogCart, w.EmptyCart, w.ClosedCart, w.PendingCart })
            text.AppendLine(await anonymous.CartSnapshot(cart));
        text.AppendLine(await anonymous.CheckoutBody(w.CheckoutId));
        text.AppendLine((await factory.GetOrder(w.PendingOrder)).GetRawText());
        text.AppendLine((await factory.GetOrder(w.CancelledOrder)).GetRawText());
        text.AppendLine(await factory.RowCounts());
        await using var scope = factory.Scope(out var db);
        var stock = await db.Products.OrderBy(p => p.Id).Select(p => new { p.Id, p.Stock, p.Version }).ToListAsync();
        text.AppendLine(string.Join(",", stock.Select(s => $"{s.Id}:{s.Stock}:{s.Version}")));
        var discounts = await db.Discounts.OrderBy(d => d.Id).Select(d => d.RedemptionCount).ToListAsync();
        text.AppendLine(string.Join(",", discounts));
        return text.ToString();
    }
}
