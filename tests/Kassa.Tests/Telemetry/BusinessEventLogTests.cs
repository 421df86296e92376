using System.Net;
using System.Net.Http.Json;
using Kassa.Ordering;
using Kassa.Tests.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Telemetry;

/// <summary>
/// What happened to orders, payments and the admin key is in the log as structured entries, at Information or
/// Warning, with order numbers, gateways and amounts, and never a key, a secret or the shopper's personal data.
/// </summary>
[StartsFirst]
public sealed class BusinessEventLogTests(ObservedKassa fixture) : IClassFixture<ObservedKassa>
{
    private KassaFactory Kassa => fixture.Kassa;

    /// <summary>What the shoppers and the operator sent that must never reach the log.</summary>
    private static readonly string[] Private =
    [
        "ada@example.com", "Lovelace", "Møllergata", "99999999", "Drottninggatan",
        "grace@example.com", "Hopper", "Kungsgatan", "41119",
        KassaFactory.AdminKey, KassaFactory.SandboxSecret, StripeFixture.SecretKey, StripeFixture.WebhookSecret, "wrong-key-0123",
    ];

    [Fact]
    public async Task Orders_placed_paid_refunded_and_cancelled_are_logged_with_number_gateway_and_amount()
    {
        fixture.Logs.Clear();
        var client = Kassa.Anonymous();
        var admin = Kassa.Admin();

        // Outshifter, sandbox, paid on the pay page.
        var (_, checkoutId) = await client.ReadyCheckout();
        var payment = await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK);
        var sandboxOrder = await Kassa.GetOrder(payment.GetProperty("order_id").GetInt64());
        Assert.Equal(HttpStatusCode.Found, (await client.Sandbox(payment.Str("checkout_url")!, "pay")).StatusCode);

        // Voog, offline, with a customer and an address: paid, refunded and cancelled by the admin.
        var (uuid, _) = await client.VoogCart(new
        {
            items = new[] { new { product_id = StarChart, quantity = 3 } },
            customer = new { name = "Grace Hopper", email = "grace@example.com" },
            shipping_address = new { name = "Grace Hopper", address1 = "Kungsgatan 2", city = "Göteborg", zip_code = "41119", country_code = "SE" },
        });
        var offlineOrder = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var path = $"{OrderPath}/{offlineOrder.GetProperty("id").GetInt64()}";
        foreach (var change in new object[] { new { payment_status = "paid" }, new { payment_status = "refunded" }, new { status = "cancelled" } })
            await (await admin.PutAsJsonAsync(path, change)).Expect(HttpStatusCode.OK);

        var events = Entries(OrderTelemetry.Category);
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderPlaced", "OrderPaid", "OrderRefunded", "OrderCancelled"], events.Select(e => e.Id.Name));
        Assert.All(events, e => Assert.Equal(LogLevel.Information, e.Level));

        var placed = events[0];
        Assert.Equal(sandboxOrder.Str("code"), "#" + placed.GetStructuredStateValue("OrderNumber"));
        Assert.Equal(sandboxOrder.GetProperty("id").GetInt64().ToString(), placed.GetStructuredStateValue("OrderId"));
        Assert.Equal("sandbox", placed.GetStructuredStateValue("Gateway"));
        Assert.Equal(sandboxOrder.Dec("total_amount"), decimal.Parse(placed.GetStructuredStateValue("Amount")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("EUR", placed.GetStructuredStateValue("Currency"));
        Assert.Equal("outshifter", placed.GetStructuredStateValue("Dialect"));
        Assert.Equal(OrderChangedBy.Provider, events[1].GetStructuredStateValue("ChangedBy"));

        Assert.Equal("voog", events[2].GetStructuredStateValue("Dialect"));
        Assert.Equal("offline", events[2].GetStructuredStateValue("Gateway"));
        Assert.Equal(offlineOrder.Str("code"), "#" + events[2].GetStructuredStateValue("OrderNumber"));
        Assert.All(events[3..], e => Assert.Equal(OrderChangedBy.Admin, e.GetStructuredStateValue("ChangedBy")));
        Assert.Equal(OrderPaymentStatus.Refunded, events[5].GetStructuredStateValue("PaymentStatus"));
        Assert.Matches(@"^Order #\d+ \(id \d+\) cancelled \(by admin\); its payment through offline is refunded", events[5].Message);

        AssertNothingPrivate();
    }

    [Fact]
    public async Task A_payment_provider_failure_is_a_warning_with_the_providers_words_but_not_the_shoppers_email()
    {
        fixture.Logs.Clear();
        var client = Kassa.Anonymous();
        var (_, refusing) = await client.ReadyCheckoutAt(SwedishAddress, "stripe");
        var (_, down) = await client.ReadyCheckoutAt(SwedishAddress, "stripe");

        var original = fixture.Stripe.Handler;
        try
        {
            fixture.Stripe.Handler = _ => new FakeResponse(400,
                """{"error":{"type":"invalid_request_error","message":"Invalid email address: ada@example.com","param":"customer_email"}}""");
            await (await client.StartPayment(refusing, "stripe")).ExpectProblem(HttpStatusCode.UnprocessableEntity);
            fixture.Stripe.Handler = _ => new FakeResponse(500, """{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""");
            await (await client.StartPayment(down, "stripe")).ExpectProblem(HttpStatusCode.BadGateway);
        }
        finally
        {
            fixture.Stripe.Handler = original;
        }

        var failures = Entries("Kassa.Payments").Where(e => e.Id.Name == "PaymentProviderFailed").ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal(LogLevel.Warning, f.Level);
            Assert.Equal("stripe", f.GetStructuredStateValue("Gateway"));
            Assert.Equal("start", f.GetStructuredStateValue("Operation"));
            Assert.Matches(@"^\d+$", f.GetStructuredStateValue("OrderNumber"));
        });
        Assert.Equal("refused", failures[0].GetStructuredStateValue("Outcome"));
        Assert.Contains("Invalid email address: [e-mail]", failures[0].Message);
        Assert.Equal("failed", failures[1].GetStructuredStateValue("Outcome"));
        Assert.Contains("Something went wrong on Stripe's end.", failures[1].Message);
        // The refused order was withdrawn, and that is an order event of its own.
        Assert.Contains(Entries(OrderTelemetry.Category), e => e.Id.Name == "OrderCancelled" && e.GetStructuredStateValue("ChangedBy") == OrderChangedBy.Withdrawal);

        AssertNothingPrivate();
    }

    [Fact]
    public async Task A_refused_webhook_and_a_result_that_cannot_be_applied_are_warnings_that_say_why()
    {
        fixture.Logs.Clear();
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckout();
        var payment = await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK);
        var orderUuid = (await Kassa.OrderUuid(payment.GetProperty("order_id").GetInt64())).ToString();
        Assert.Equal(HttpStatusCode.Found, (await client.Sandbox(payment.Str("checkout_url")!, "cancel")).StatusCode);
        var now = Kassa.Clock.GetUtcNow();

        var forged = SandboxEvent("evt-log-1", "payment.paid", orderUuid);
        var signature = Sign("not-the-secret", forged, now);
        await (await client.PostWebhook(forged, signature)).ExpectProblem(HttpStatusCode.BadRequest);
        await (await client.PostWebhook(forged, null, gateway: "paypal")).ExpectProblem(HttpStatusCode.NotFound);
        // Genuine, but the order was cancelled meanwhile: recorded, not applied, and someone should look.
        await (await client.PostWebhook(forged, Sign(KassaFactory.SandboxSecret, forged, now))).Expect(HttpStatusCode.OK);

        var payments = Entries("Kassa.Payments");
        Assert.Equal(["PaymentWebhookRejected", "PaymentWebhookRejected", "PaymentResultNotApplied"], payments.Select(e => e.Id.Name));
        Assert.All(payments, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal("sandbox", payments[0].GetStructuredStateValue("Gateway"));
        Assert.Equal("The signature does not match.", payments[0].GetStructuredStateValue("Reason"));
        Assert.Equal("paypal", payments[1].GetStructuredStateValue("Gateway"));
        Assert.Equal("no such payment gateway is offered", payments[1].GetStructuredStateValue("Reason"));
        Assert.Equal("evt-log-1", payments[2].GetStructuredStateValue("EventId"));
        Assert.Equal("paid", payments[2].GetStructuredStateValue("PaymentOutcome"));
        Assert.Contains("cancelled", payments[2].GetStructuredStateValue("Reason"));
        // Neither the signature sent nor the body is logged.
        Assert.DoesNotContain(payments, e => e.Message.Contains(signature[^16..]) || e.Message.Contains(orderUuid));

        AssertNothingPrivate();
    }

    [Fact]
    public async Task Failed_admin_authentication_is_a_warning_that_never_shows_the_key_sent()
    {
        fixture.Logs.Clear();
        var wrong = Kassa.Anonymous();
        wrong.DefaultRequestHeaders.Add("X-API-TOKEN", "wrong-key-0123");
        await (await wrong.GetAsync(OrderPath)).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await Kassa.Anonymous().GetAsync(OrderPath)).ExpectProblem(HttpStatusCode.Unauthorized);
        // Neither the right key nor a storefront call without one is a failure.
        await (await Kassa.Admin().GetAsync(OrderPath)).Expect(HttpStatusCode.OK);
        await Kassa.Anonymous().OutshifterCart();

        var failures = Entries("Kassa.Http.AdminKey");
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal("AdminAuthenticationFailed", f.Id.Name);
            Assert.Equal(LogLevel.Warning, f.Level);
            Assert.Equal("GET", f.GetStructuredStateValue("Method"));
            Assert.Equal(OrderPath, f.GetStructuredStateValue("Path"));
        });
        Assert.Equal("a wrong key was sent", failures[0].GetStructuredStateValue("Reason"));
        Assert.Equal("no key was sent", failures[1].GetStructuredStateValue("Reason"));

        AssertNothingPrivate();
    }

    private List<FakeLogRecord> Entries(string category) =>
        fixture.Logs.GetSnapshot().Where(e => e.Category == category).ToList();

    private void AssertNothingPrivate()
    {
        foreach (var entry in fixture.Logs.GetSnapshot())
        {
            var text = entry.Message + " " + string.Join(" ", entry.StructuredState?.Select(s => s.Value) ?? []);
            foreach (var secret in Private)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"'{secret}' is in a log entry of {entry.Category}: {text}");
        }
    }
}
