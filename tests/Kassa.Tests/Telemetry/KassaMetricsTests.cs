using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Kassa.Ordering;
using Kassa.Telemetry;
using Kassa.Tests.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Kassa.Telemetry.KassaMetrics;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Telemetry;

/// <summary>The <c>Kassa</c> meter counts what the shop does, read here through a listener on the test host's meter.</summary>
[StartsFirst]
public sealed class KassaMetricsTests(ObservedKassa fixture) : IClassFixture<ObservedKassa>
{
    private KassaFactory Kassa => fixture.Kassa;

    [Fact]
    public async Task Carts_created_are_counted_by_dialect_and_a_refused_one_is_not()
    {
        using var carts = fixture.Collect<long>("kassa.carts.created");
        var client = Kassa.Anonymous();

        await client.OutshifterCart();
        await client.OutshifterCart();
        await client.VoogCart((StarChart, 1));
        await (await client.PostAsJsonAsync(CartPath, new { customer_session_id = "s", currency = "ZZZ" })).ExpectProblem(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(2, carts.Sum((Tags.Dialect, Dialect.Outshifter)));
        Assert.Equal(1, carts.Sum((Tags.Dialect, Dialect.Voog)));
        Assert.Equal(3, carts.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Orders_placed_paid_and_cancelled_are_counted_by_gateway_and_reason()
    {
        using var placed = fixture.Collect<long>("kassa.orders.placed");
        using var paid = fixture.Collect<long>("kassa.orders.paid");
        using var cancelled = fixture.Collect<long>("kassa.orders.cancelled");
        using var refunded = fixture.Collect<long>("kassa.orders.refunded");
        var client = Kassa.Anonymous();
        var admin = Kassa.Admin();

        // Outshifter, sandbox: placed once however often the payment is asked for, then paid on the pay page.
        var (_, checkoutId) = await client.ReadyCheckout();
        var payment = await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK);
        await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, placed.Sum((Tags.Gateway, "sandbox")));
        Assert.Equal(HttpStatusCode.Found, (await client.Sandbox(payment.Str("checkout_url")!, "pay")).StatusCode);
        Assert.Equal(1, paid.Sum((Tags.Gateway, "sandbox")));

        // A second sandbox payment cancelled by the shopper on the pay page: cancelled by the provider.
        var (_, another) = await client.ReadyCheckout();
        var second = await (await client.StartPayment(another, "sandbox")).Expect(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Found, (await client.Sandbox(second.Str("checkout_url")!, "cancel")).StatusCode);
        Assert.Equal(1, cancelled.Sum((Tags.Gateway, "sandbox"), (Tags.Reason, OrderChangedBy.Provider)));

        // Voog, offline: placed, paid by the admin, refunded, then cancelled by the admin.
        var (uuid, _) = await client.VoogCart((StarChart, 1));
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var path = $"{OrderPath}/{order.GetProperty("id").GetInt64()}";
        foreach (var change in new object[] { new { payment_status = "paid" }, new { payment_status = "refunded" }, new { status = "cancelled" } })
            await (await admin.PutAsJsonAsync(path, change)).Expect(HttpStatusCode.OK);

        Assert.Equal(1, placed.Sum((Tags.Gateway, "offline")));
        Assert.Equal(1, paid.Sum((Tags.Gateway, "offline")));
        Assert.Equal(1, refunded.Sum((Tags.Gateway, "offline")));
        Assert.Equal(1, cancelled.Sum((Tags.Gateway, "offline"), (Tags.Reason, OrderChangedBy.Admin)));
        Assert.Equal(3, placed.GetMeasurementSnapshot().Count);
        Assert.Equal(2, paid.GetMeasurementSnapshot().Count);
        Assert.Equal(2, cancelled.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task An_expired_payment_is_counted_as_cancelled_by_expiry()
    {
        await using var own = await KassaFactory.CreateAsync();
        var kassa = own;
        using var cancelled = new MetricCollector<long>(kassa.Services.GetRequiredService<IMeterFactory>(), MeterName, "kassa.orders.cancelled");
        var client = kassa.Anonymous();
        var (uuid, _) = await client.VoogCart((StarChart, 1));
        await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);

        kassa.Clock.Advance(TimeSpan.FromHours(25));
        await using (var scope = kassa.Scope(out var db))
            await PendingOrderExpiry.RunAsync(db, kassa.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromHours(24), CancellationToken.None);

        // The background sweep on the same clock may be expiring it at the same moment: then this run leaves it to that
        // one, which counts it when it commits. Either way it is counted once.
        await cancelled.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, cancelled.Sum((Tags.Gateway, "sandbox"), (Tags.Reason, OrderChangedBy.Expiry)));
        Assert.Single(cancelled.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Provider_calls_are_timed_and_their_failures_counted_by_gateway_and_outcome()
    {
        using var duration = fixture.Collect<double>("kassa.payment.provider.duration");
        using var failures = fixture.Collect<long>("kassa.payment.provider.failures");
        using var cancelled = fixture.Collect<long>("kassa.orders.cancelled");
        var client = Kassa.Anonymous();
        var (_, down) = await client.ReadyCheckoutAt(SwedishAddress, "stripe");
        var (_, refusing) = await client.ReadyCheckoutAt(SwedishAddress, "stripe");

        var original = fixture.Stripe.Handler;
        try
        {
            fixture.Stripe.Handler = _ => new FakeResponse(500, """{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""");
            await (await client.StartPayment(down, "stripe")).ExpectProblem(HttpStatusCode.BadGateway);
            fixture.Stripe.Handler = _ => new FakeResponse(400, """{"error":{"type":"invalid_request_error","message":"The amount is too small."}}""");
            await (await client.StartPayment(refusing, "stripe")).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        }
        finally
        {
            fixture.Stripe.Handler = original;
        }
        await (await client.StartPayment(down, "stripe")).Expect(HttpStatusCode.OK);

        (string, string)[] Call(string outcome) => [(Tags.Gateway, "stripe"), (Tags.Operation, "start"), (Tags.Outcome, outcome)];
        Assert.Equal(1, failures.Sum(Call(ProviderOutcome.Failed)));
        Assert.Equal(1, failures.Sum(Call(ProviderOutcome.Refused)));
        Assert.Equal(2, failures.GetMeasurementSnapshot().Count);
        var timed = duration.GetMeasurementSnapshot();
        Assert.Equal([ProviderOutcome.Failed, ProviderOutcome.Refused, ProviderOutcome.Ok], timed.Select(m => (string)m.Tags[Tags.Outcome]!));
        Assert.All(timed, m => Assert.InRange(m.Value, 0, 60));
        // The refused order could never be paid: it was withdrawn.
        Assert.Equal(1, cancelled.Sum((Tags.Gateway, "stripe"), (Tags.Reason, OrderChangedBy.Withdrawal)));
    }

    [Fact]
    public async Task Webhook_deliveries_are_counted_by_gateway_and_outcome()
    {
        using var webhooks = fixture.Collect<long>("kassa.payment.webhooks");
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckout();
        var orderId = (await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK)).GetProperty("order_id").GetInt64();
        var orderUuid = (await Kassa.OrderUuid(orderId)).ToString();
        var now = Kassa.Clock.GetUtcNow();

        var paid = SandboxEvent("evt-metrics-1", "payment.paid", orderUuid);
        await (await client.PostWebhook(paid, Sign(KassaFactory.SandboxSecret, paid, now))).Expect(HttpStatusCode.OK);
        await (await client.PostWebhook(paid, Sign(KassaFactory.SandboxSecret, paid, now))).Expect(HttpStatusCode.OK);
        var nobody = SandboxEvent("evt-metrics-2", "payment.paid", Guid.NewGuid().ToString());
        await (await client.PostWebhook(nobody, Sign(KassaFactory.SandboxSecret, nobody, now))).Expect(HttpStatusCode.OK);
        await (await client.PostWebhook(paid, Sign("not-the-secret", paid, now))).ExpectProblem(HttpStatusCode.BadRequest);
        await (await client.PostWebhook(paid, signature: null, gateway: "no-such-gateway")).ExpectProblem(HttpStatusCode.NotFound);

        Assert.Equal(1, webhooks.Sum((Tags.Gateway, "sandbox"), (Tags.Outcome, WebhookOutcome.Applied)));
        Assert.Equal(1, webhooks.Sum((Tags.Gateway, "sandbox"), (Tags.Outcome, WebhookOutcome.Duplicate)));
        Assert.Equal(1, webhooks.Sum((Tags.Gateway, "sandbox"), (Tags.Outcome, WebhookOutcome.Ignored)));
        Assert.Equal(1, webhooks.Sum((Tags.Gateway, "sandbox"), (Tags.Outcome, WebhookOutcome.Rejected)));
        // A gateway that is not offered is anyone's to name: it is not a tag value of its own.
        Assert.Equal(1, webhooks.Sum((Tags.Gateway, global::Kassa.Payments.PaymentTelemetry.UnknownGateway), (Tags.Outcome, WebhookOutcome.Rejected)));
        Assert.Equal(5, webhooks.GetMeasurementSnapshot().Count);
    }
}
