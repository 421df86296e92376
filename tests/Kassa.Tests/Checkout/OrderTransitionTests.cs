using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Http;
using Kassa.Ordering;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using Kassa.Validation;

namespace Kassa.Tests.Checkout;

/// <summary>The order's one table of moves (<see cref="OrderTransitions"/>): what it allows, and that nothing else gets through.</summary>
public sealed class OrderTransitionTableTests
{
    private static Order Order(string status, string payment, string shipping = OrderShippingStatus.NotDispatched, string gateway = "sandbox") =>
        new() { Number = 7, Status = status, PaymentStatus = payment, ShippingStatus = shipping, GatewayCode = gateway };

    public static TheoryData<string, string, string, string, string, string, bool> Moves => new()
    {
        // status, payment, shipping, gateway | field, to | allowed
        { "created", "pending", "not_dispatched", "sandbox", "payment_status", "paid", true },
        { "created", "pending", "not_dispatched", "sandbox", "payment_status", "cancelled", true },
        { "created", "pending", "not_dispatched", "sandbox", "payment_status", "expired", true },
        { "created", "pending", "not_dispatched", "sandbox", "payment_status", "refunded", false },
        { "created", "pending", "not_dispatched", "sandbox", "status", "completed", false },
        { "created", "pending", "not_dispatched", "sandbox", "status", "cancelled", true },
        { "created", "pending", "not_dispatched", "sandbox", "shipping_status", "dispatched", false },
        { "created", "pending", "not_dispatched", "offline", "shipping_status", "dispatched", true },
        { "created", "pending", "dispatched", "offline", "status", "cancelled", false },
        { "created", "pending", "dispatched", "offline", "payment_status", "paid", true },
        { "completed", "paid", "not_dispatched", "sandbox", "status", "cancelled", false },
        { "completed", "paid", "not_dispatched", "sandbox", "status", "created", false },
        { "completed", "paid", "not_dispatched", "sandbox", "payment_status", "cancelled", false },
        { "completed", "paid", "not_dispatched", "sandbox", "payment_status", "pending", false },
        { "completed", "paid", "not_dispatched", "sandbox", "payment_status", "refunded", true },
        { "completed", "paid", "not_dispatched", "sandbox", "shipping_status", "dispatched", true },
        { "completed", "paid", "not_dispatched", "sandbox", "shipping_status", "delivered", true },
        { "completed", "paid", "dispatched", "sandbox", "shipping_status", "delivered", true },
        { "completed", "paid", "dispatched", "sandbox", "shipping_status", "not_dispatched", false },
        { "completed", "paid", "delivered", "sandbox", "shipping_status", "dispatched", false },
        { "completed", "refunded", "not_dispatched", "sandbox", "status", "cancelled", true },
        { "completed", "refunded", "dispatched", "sandbox", "status", "cancelled", false },
        { "completed", "refunded", "not_dispatched", "sandbox", "payment_status", "paid", false },
        { "cancelled", "cancelled", "not_dispatched", "sandbox", "status", "completed", false },
        { "cancelled", "cancelled", "not_dispatched", "sandbox", "status", "created", false },
        { "cancelled", "cancelled", "not_dispatched", "sandbox", "payment_status", "paid", false },
        { "cancelled", "expired", "not_dispatched", "sandbox", "payment_status", "paid", false },
        { "cancelled", "expired", "not_dispatched", "sandbox", "payment_status", "pending", false },
        { "cancelled", "cancelled", "not_dispatched", "offline", "shipping_status", "dispatched", false },
        { "cancelled", "refunded", "not_dispatched", "sandbox", "payment_status", "paid", false },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Only_the_table_s_moves_are_allowed(string status, string payment, string shipping, string gateway, string field, string to, bool allowed)
    {
        var order = Order(status, payment, shipping, gateway);
        if (allowed)
        {
            OrderTransitions.Check(order, field, to);
            Assert.Contains(OrderTransitions.Allowed(order), t => t.Field == field && t.To == to);
            return;
        }
        var refused = Assert.Throws<ConflictException>(() => OrderTransitions.Check(order, field, to));
        // The answer names where the order stands, so the caller knows what it may do instead.
        Assert.Contains($"status {status}, payment_status {payment}, shipping_status {shipping}", refused.Message);
        Assert.DoesNotContain(OrderTransitions.Allowed(order), t => t.Field == field && t.To == to);
    }

    [Fact]
    public void Staying_put_is_always_allowed()
    {
        foreach (var status in OrderStatus.All)
        foreach (var payment in OrderPaymentStatus.All)
        foreach (var shipping in OrderShippingStatus.All)
        {
            var order = Order(status, payment, shipping);
            OrderTransitions.Check(order, OrderTransitions.StatusField, status);
            OrderTransitions.Check(order, OrderTransitions.PaymentStatusField, payment);
            OrderTransitions.Check(order, OrderTransitions.ShippingStatusField, shipping);
        }
    }

    [Fact]
    public void Every_move_of_the_table_is_between_known_states()
    {
        foreach (var t in OrderTransitions.Table)
        {
            var states = t.Field switch
            {
                OrderTransitions.StatusField => OrderStatus.All,
                OrderTransitions.PaymentStatusField => OrderPaymentStatus.All,
                _ => OrderShippingStatus.All,
            };
            Assert.Contains(t.From, states);
            Assert.Contains(t.To, states);
            Assert.NotEqual(t.From, t.To);
        }
    }
}

/// <summary>The table holds through the admin API and against a provider's webhook racing an admin.</summary>
public sealed class OrderTransitionApiTests(KassaFactory kassa) : IClassFixture<KassaFactory>
{
    private KassaFactory Kassa => kassa;

    private Task<(long Id, string Uuid, long Product)> SandboxOrder(int stock = 2, int quantity = 2) => SandboxOrderOn(Kassa, stock, quantity);

    internal static async Task<(long Id, string Uuid, long Product)> SandboxOrderOn(KassaFactory kassa, int stock, int quantity)
    {
        var product = await kassa.CreateProduct(stock);
        var client = kassa.Anonymous();
        var (uuid, _) = await client.VoogCart(new
        {
            items = new[] { new { product_id = product, quantity } },
            customer = new { email = "ada@example.com", name = "Ada Lovelace" },
        });
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        return (order.GetProperty("id").GetInt64(), order.Str("uuid"), product);
    }

    private Task<HttpResponseMessage> Put(long order, object body) => Kassa.Admin().PutAsJsonAsync($"{OrderPath}/{order}", body);

    [Fact]
    public async Task A_cancelled_order_is_never_completed_nor_paid_and_sells_no_units_twice()
    {
        var (id, _, product) = await SandboxOrder(stock: 2, quantity: 2);
        await (await Put(id, new { status = "cancelled" })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, await Kassa.Stock(product));

        var completed = await (await Put(id, new { status = "completed" })).ExpectProblem(HttpStatusCode.Conflict, "status");
        Assert.Contains("status cancelled", completed.Str("detail"));
        await (await Put(id, new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Conflict, "payment_status");

        var order = await Kassa.GetOrder(id);
        Assert.Equal("cancelled", order.Str("status"));
        Assert.Equal("cancelled", order.Str("payment_status"));
        Assert.Equal(2, await Kassa.Stock(product));
    }

    [Fact]
    public async Task A_paid_order_is_cancelled_only_after_a_refund()
    {
        var (id, _, product) = await SandboxOrder(stock: 3, quantity: 2);
        await (await Put(id, new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await Kassa.Stock(product));

        var refused = await (await Put(id, new { status = "cancelled" })).ExpectProblem(HttpStatusCode.Conflict, "status");
        Assert.Contains("payment_status paid", refused.Str("detail"));
        Assert.Contains("Refund it first", refused.Str("detail"));
        Assert.Equal(1, await Kassa.Stock(product));
        Assert.Equal("paid", (await Kassa.GetOrder(id)).Str("payment_status"));

        var done = await (await Put(id, new { payment_status = "refunded", status = "cancelled" })).Expect(HttpStatusCode.OK);
        Assert.Equal("refunded", done.Str("payment_status"));
        Assert.Equal("cancelled", done.Str("status"));
        Assert.Equal(3, await Kassa.Stock(product));
    }

    [Fact]
    public async Task An_online_order_ships_only_once_paid_and_shipping_only_moves_forward()
    {
        var (id, _, _) = await SandboxOrder();
        await (await Put(id, new { shipping_status = "dispatched" })).ExpectProblem(HttpStatusCode.Conflict, "shipping_status");
        await (await Put(id, new { payment_status = "paid", shipping_status = "dispatched" })).Expect(HttpStatusCode.OK);
        await (await Put(id, new { shipping_status = "not_dispatched" })).ExpectProblem(HttpStatusCode.Conflict, "shipping_status");
        var delivered = await (await Put(id, new { shipping_status = "delivered" })).Expect(HttpStatusCode.OK);
        Assert.Equal("delivered", delivered.Str("shipping_status"));
    }

    [Fact]
    public async Task A_refused_move_changes_nothing_of_a_request_that_asked_for_several()
    {
        var (id, _, product) = await SandboxOrder(stock: 2, quantity: 1);
        // Paid alone would be allowed; with an invalid shipping_status, or a move the table refuses, the whole request is refused, paid included.
        await (await Put(id, new { payment_status = "paid", shipping_status = "bogus" })).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        await (await Put(id, new { payment_status = "cancelled", status = "completed" })).ExpectProblem(HttpStatusCode.Conflict, "status");
        var order = await Kassa.GetOrder(id);
        Assert.Equal("pending", order.Str("payment_status"));
        Assert.Equal("created", order.Str("status"));
        Assert.Equal(1, await Kassa.Stock(product));
    }

    [Fact]
    public async Task An_unknown_order_is_a_404()
    {
        await (await Put(987654, new { status = "cancelled" })).ExpectProblem(HttpStatusCode.NotFound);
    }
}

/// <summary>Two Kassa instances on one database: a provider's webhook on one, an admin on the other.</summary>
public sealed class OrderTransitionRaceTests : IAsyncLifetime
{
    private readonly KassaFactory _first = new() { KeepDatabase = true };
    private KassaFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        _first.CreateClient().Dispose();
        _second = KassaFactory.OnDatabaseOf(_first);
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_payment_webhook_racing_an_admin_cancel_ends_in_exactly_one_outcome()
    {
        for (var round = 0; round < 10; round++)
        {
            var (id, uuid, product) = await OrderTransitionApiTests.SandboxOrderOn(_first, stock: 2, quantity: 2);
            var body = SandboxEvent($"evt_{Guid.NewGuid():N}", "payment.paid", uuid);
            var paid = _second.Anonymous().PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, _second.Clock.GetUtcNow()));
            var cancel = _first.Admin().PutAsJsonAsync($"{OrderPath}/{id}", new { status = "cancelled" });
            await Task.WhenAll(paid, cancel);
            Assert.Equal(HttpStatusCode.OK, (await paid).StatusCode);
            Assert.Contains((await cancel).StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });

            var order = await _first.GetOrder(id);
            var outcome = (order.Str("status"), order.Str("payment_status"), await _first.Stock(product));
            Assert.True(outcome is ("completed", "paid", 0) or ("cancelled", "cancelled", 2), $"round {round}: {outcome}");
        }
    }
}
