using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kassa.Payments;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Payments;

/// <summary>Kassa configured for Stripe, its API base pointed at a fake Stripe on 127.0.0.1.</summary>
public sealed class StripeFixture : IAsyncLifetime
{
    public const string SecretKey = "sk_test_x";
    public const string WebhookSecret = "whsec_test_0123456789";

    public FakeProviderServer Stripe { get; private set; } = null!;
    public KassaFactory Kassa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeProviderServer.StartAsync(StripeApi);
        Kassa = new KassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", SecretKey)
            .With("Kassa:Payments:Stripe:WebhookSecret", WebhookSecret)
            .With("Kassa:Payments:Stripe:ApiBase", Stripe.BaseUrl);
        await Kassa.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Kassa.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

[StartsFirst]
public sealed class StripePaymentTests(StripeFixture fixture) : IClassFixture<StripeFixture>
{
    private KassaFactory Kassa => fixture.Kassa;
    private FakeProviderServer Stripe => fixture.Stripe;
    private DateTimeOffset Now => Kassa.Clock.GetUtcNow();

    private string Sign(string body, DateTimeOffset? at = null) => StripeSignature(StripeFixture.WebhookSecret, body, at ?? Now);

    /// <summary>A checkout paid with Stripe up to the redirect: the order and its Checkout Session.</summary>
    private async Task<(string CheckoutId, long OrderId, Guid OrderUuid, string SessionId)> StartStripePayment(params (long Product, int Quantity)[] items)
    {
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "stripe", items);
        var payment = await (await client.StartPayment(checkoutId, "stripe")).Expect(HttpStatusCode.OK);
        var orderId = payment.GetProperty("order_id").GetInt64();
        var url = payment.Str("checkout_url");
        Assert.StartsWith("https://checkout.stripe.test/c/pay/cs_test_", url);
        return (checkoutId, orderId, await Kassa.OrderUuid(orderId), url["https://checkout.stripe.test/c/pay/".Length..]);
    }

    [Fact]
    public async Task Outshifter_purchase_end_to_end_with_a_signed_webhook()
    {
        var client = Kassa.Anonymous();
        var product = await Kassa.CreateProduct(stock: 3, price: 10m);
        var methods = await (await client.GetAsync($"{CheckoutPath}/payment-methods")).Expect(HttpStatusCode.OK);
        Assert.Contains(methods.EnumerateArray(), m => m.Str("code") == "stripe" && m.Str("gateway_code") == "stripe");

        var sessionsBefore = Stripe.To("POST", "/v1/checkout/sessions").Count;
        var (checkoutId, orderId, orderUuid, sessionId) = await StartStripePayment((product, 2), (StarChart, 1));

        // The order exists, pending, before the shopper goes to Stripe; its units are reserved.
        var order = await Kassa.GetOrder(orderId);
        Assert.Equal("pending", order.Str("payment_status"));
        Assert.Equal("stripe", order.Str("gateway_code"));
        // 2 × 10 + 20 % = 24.00; 9.99 + 9 % = 10.89; shipping 3.5 + 20 % = 4.20.
        Assert.Equal("39.09", order.Str("total_amount"));
        Assert.Equal(1, await Kassa.Stock(product));

        // What Kassa asked Stripe for: one Checkout Session for exactly the order's total.
        var sessions = Stripe.To("POST", "/v1/checkout/sessions");
        Assert.Equal(sessionsBefore + 1, sessions.Count);
        var sent = sessions[^1];
        Assert.Equal($"Bearer {StripeFixture.SecretKey}", sent.Header("Authorization"));
        Assert.Equal($"kassa-order-{orderUuid:N}-checkout-session", sent.Header("Idempotency-Key"));
        var form = sent.Form();
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("eur", form["line_items[0][price_data][currency]"]);
        Assert.Equal("3909", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal($"Order {order.Str("code")}", form["line_items[0][price_data][product_data][name]"]);
        Assert.Contains("2 × ", form["line_items[0][price_data][product_data][description]"]);
        Assert.False(form.ContainsKey("line_items[1][quantity]"));
        Assert.Equal(orderUuid.ToString(), form["client_reference_id"]);
        Assert.Equal(orderUuid.ToString(), form["metadata[order_uuid]"]);
        Assert.Equal(orderUuid.ToString(), form["payment_intent_data[metadata][order_uuid]"]);
        Assert.Equal("https://shop.example/thanks", form["success_url"]);
        Assert.Equal("https://shop.example/cart", form["cancel_url"]);
        Assert.Equal("ada@example.com", form["customer_email"]);

        // Initiating again returns the same order and session; Stripe is not asked twice.
        var again = await (await client.StartPayment(checkoutId, "stripe")).Expect(HttpStatusCode.OK);
        Assert.Equal(orderId, again.GetProperty("order_id").GetInt64());
        Assert.EndsWith(sessionId, again.Str("checkout_url"));
        Assert.Equal(sessionsBefore + 1, Stripe.To("POST", "/v1/checkout/sessions").Count);

        var body = StripeSessionEvent("evt_paid_" + orderId, "checkout.session.completed", sessionId, orderUuid, "paid", Now);
        var events = await Kassa.PaymentEventCount();

        // Forged: signed with another secret. Refused, nothing changes.
        var forged = await client.PostStripeWebhook(body, StripeSignature("whsec_someone_else", body, Now));
        await forged.ExpectProblem(HttpStatusCode.BadRequest);
        // Tampered: a valid signature over another body.
        var tampered = await client.PostStripeWebhook(body.Replace("\"paid\"", "\"paid\" "), Sign(body));
        await tampered.ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("pending", (await Kassa.GetOrder(orderId)).Str("payment_status"));
        Assert.Equal(events, await Kassa.PaymentEventCount());
        Assert.Equal("ACTIVE", (await client.GetCheckout(checkoutId)).Str("status"));

        // Genuine: the order is paid, the checkout completed.
        var signature = Sign(body);
        var applied = await (await client.PostStripeWebhook(body, signature)).Expect(HttpStatusCode.OK);
        Assert.Equal("applied", applied.Str("result"));
        order = await Kassa.GetOrder(orderId);
        Assert.Equal("paid", order.Str("payment_status"));
        Assert.Equal("completed", order.Str("status"));
        Assert.True(order.GetProperty("urls").IsNull("payment_url"));
        Assert.Equal("COMPLETED", (await client.GetCheckout(checkoutId)).Str("status"));
        Assert.Equal(1, await Kassa.Stock(product));

        // Replayed: the same event again changes nothing.
        var snapshot = (await Kassa.GetOrder(orderId)).ToString();
        var replay = await (await client.PostStripeWebhook(body, signature)).Expect(HttpStatusCode.OK);
        Assert.Equal("duplicate", replay.Str("result"));
        Assert.Equal(snapshot, (await Kassa.GetOrder(orderId)).ToString());
        Assert.Equal(events + 1, await Kassa.PaymentEventCount());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_apply_it_once()
    {
        var product = await Kassa.CreateProduct(stock: 1);
        var (checkoutId, orderId, orderUuid, sessionId) = await StartStripePayment((product, 1));
        var body = StripeSessionEvent("evt_race_" + orderId, "checkout.session.completed", sessionId, orderUuid, "paid", Now);
        var signature = Sign(body);
        var events = await Kassa.PaymentEventCount();

        using var start = new SemaphoreSlim(0);
        var deliveries = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await Kassa.Anonymous().PostStripeWebhook(body, signature);
        }).ToList();
        start.Release(deliveries.Count);
        var results = new List<string?>();
        foreach (var response in await Task.WhenAll(deliveries))
            results.Add((await response.Expect(HttpStatusCode.OK)).Str("result"));

        Assert.Equal(1, results.Count(r => r == "applied"));
        Assert.All(results.Where(r => r != "applied"), r => Assert.Equal("duplicate", r));
        Assert.Equal(events + 1, await Kassa.PaymentEventCount());
        Assert.Equal("paid", (await Kassa.GetOrder(orderId)).Str("payment_status"));
        Assert.Equal("COMPLETED", (await Kassa.Anonymous().GetCheckout(checkoutId)).Str("status"));
        Assert.Equal(0, await Kassa.Stock(product));
    }

    [Fact]
    public async Task Stale_or_unsigned_webhooks_are_refused()
    {
        var (_, orderId, orderUuid, sessionId) = await StartStripePayment((StarChart, 1));
        var client = Kassa.Anonymous();
        var body = StripeSessionEvent("evt_stale_" + orderId, "checkout.session.completed", sessionId, orderUuid, "paid", Now);

        await (await client.PostStripeWebhook(body, null)).ExpectProblem(HttpStatusCode.BadRequest);
        await (await client.PostStripeWebhook(body, "t=1,v1=00")).ExpectProblem(HttpStatusCode.BadRequest);
        // Signed correctly, but ten minutes ago (the tolerance is five).
        await (await client.PostStripeWebhook(body, Sign(body, Now.AddMinutes(-10)))).ExpectProblem(HttpStatusCode.BadRequest);
        await (await client.PostStripeWebhook("not json", Sign("not json"))).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("pending", (await Kassa.GetOrder(orderId)).Str("payment_status"));

        // Within the tolerance it is accepted.
        var ok = await (await client.PostStripeWebhook(body, Sign(body, Now.AddMinutes(-4)))).Expect(HttpStatusCode.OK);
        Assert.Equal("applied", ok.Str("result"));
    }

    [Fact]
    public async Task An_expired_session_cancels_the_order_and_releases_the_stock()
    {
        var product = await Kassa.CreateProduct(stock: 2);
        var (checkoutId, orderId, orderUuid, sessionId) = await StartStripePayment((product, 2));
        Assert.Equal(0, await Kassa.Stock(product));

        var body = StripeSessionEvent("evt_expired_" + orderId, "checkout.session.expired", sessionId, orderUuid, "unpaid", Now);
        var result = await (await Kassa.Anonymous().PostStripeWebhook(body, Sign(body))).Expect(HttpStatusCode.OK);
        Assert.Equal("applied", result.Str("result"));
        var order = await Kassa.GetOrder(orderId);
        Assert.Equal("expired", order.Str("payment_status"));
        Assert.Equal("cancelled", order.Str("status"));
        Assert.Equal(2, await Kassa.Stock(product));

        // A late "paid" for the expired session is recorded but not applied.
        var late = StripeSessionEvent("evt_late_" + orderId, "checkout.session.completed", sessionId, orderUuid, "paid", Now);
        var ignored = await (await Kassa.Anonymous().PostStripeWebhook(late, Sign(late))).Expect(HttpStatusCode.OK);
        Assert.StartsWith("ignored", ignored.Str("result"));
        Assert.Equal("expired", (await Kassa.GetOrder(orderId)).Str("payment_status"));
        Assert.Equal("ACTIVE", (await Kassa.Anonymous().GetCheckout(checkoutId)).Str("status"));
    }

    [Fact]
    public async Task Delayed_payment_methods_are_paid_when_the_money_arrives()
    {
        var (_, orderId, orderUuid, sessionId) = await StartStripePayment((StarChart, 1));
        var client = Kassa.Anonymous();
        var events = await Kassa.PaymentEventCount();

        // Completed but unpaid (e.g. SEPA debit): acknowledged, nothing changes yet.
        var unpaid = StripeSessionEvent("evt_unpaid_" + orderId, "checkout.session.completed", sessionId, orderUuid, "unpaid", Now);
        var first = await (await client.PostStripeWebhook(unpaid, Sign(unpaid))).Expect(HttpStatusCode.OK);
        Assert.StartsWith("ignored", first.Str("result"));
        Assert.Equal("pending", (await Kassa.GetOrder(orderId)).Str("payment_status"));
        Assert.Equal(events, await Kassa.PaymentEventCount());

        var succeeded = StripeSessionEvent("evt_async_" + orderId, "checkout.session.async_payment_succeeded", sessionId, orderUuid, "paid", Now);
        var second = await (await client.PostStripeWebhook(succeeded, Sign(succeeded))).Expect(HttpStatusCode.OK);
        Assert.Equal("applied", second.Str("result"));
        Assert.Equal("paid", (await Kassa.GetOrder(orderId)).Str("payment_status"));
    }

    [Fact]
    public async Task Genuine_events_kassa_does_not_act_on_are_acknowledged_and_change_nothing()
    {
        var client = Kassa.Anonymous();
        var events = await Kassa.PaymentEventCount();

        // Another event type (a payment intent, not a Checkout Session).
        var intent = """{"id":"evt_pi_1","object":"event","api_version":"2025-10-29.clover","created":CREATED,"livemode":false,"pending_webhooks":1,"type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent","amount":1000,"currency":"eur","status":"succeeded"}}}""".Replace("CREATED", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var a = await (await client.PostStripeWebhook(intent, Sign(intent))).Expect(HttpStatusCode.OK);
        Assert.StartsWith("ignored", a.Str("result"));

        // A session some other system created on the same Stripe account (no order uuid).
        var foreign = StripeSessionEvent("evt_foreign_1", "checkout.session.completed", "cs_test_foreign", null, "paid", Now);
        var b = await (await client.PostStripeWebhook(foreign, Sign(foreign))).Expect(HttpStatusCode.OK);
        Assert.StartsWith("ignored", b.Str("result"));

        // A session for an order Kassa does not have: recorded as ignored.
        var unknown = StripeSessionEvent("evt_unknown_1", "checkout.session.completed", "cs_test_unknown", Guid.NewGuid(), "paid", Now);
        var c = await (await client.PostStripeWebhook(unknown, Sign(unknown))).Expect(HttpStatusCode.OK);
        Assert.Equal("ignored: no such order", c.Str("result"));
        Assert.Equal(events + 1, await Kassa.PaymentEventCount());
    }

    [Fact]
    public async Task Voog_checkout_with_stripe_answers_the_order_with_its_payment_url()
    {
        var admin = Kassa.Admin();
        var created = await (await admin.PostAsJsonAsync($"{VoogApi}/carts?include=items", new
        {
            items = new[] { new { product_id = StarChart, quantity = 3 } },
            customer = new { email = "grace@example.com", name = "Grace Hopper" },
        })).Expect(HttpStatusCode.Created);
        var uuid = created.Str("uuid");

        var order = await (await Kassa.Anonymous().PostAsJsonAsync($"{VoogApi}/carts/{uuid}/checkout",
            new { gateway_code = "stripe", return_url = "https://site.example/return" })).Expect(HttpStatusCode.OK);
        Assert.Equal("stripe", order.Str("gateway_code"));
        Assert.Equal("stripe", order.Str("payment_method"));
        Assert.Equal("pending", order.Str("payment_status"));
        var paymentUrl = order.GetProperty("urls").Str("payment_url");
        Assert.StartsWith("https://checkout.stripe.test/c/pay/cs_test_", paymentUrl);

        var form = Stripe.To("POST", "/v1/checkout/sessions").Single(r => r.Form()["client_reference_id"] == order.Str("uuid")).Form();
        // 3 × 9.99 = 29.97 + 9 % = 2.70 → 32.67, no shipping chosen.
        Assert.Equal("32.67", order.Str("total_amount"));
        Assert.Equal("3267", form["line_items[0][price_data][unit_amount]"]);
        // Without success/cancel urls the Voog return_url is where the shopper comes back to.
        Assert.Equal("https://site.example/return", form["success_url"]);
        Assert.Equal("https://site.example/return", form["cancel_url"]);
        Assert.Equal("grace@example.com", form["customer_email"]);
    }

    [Fact]
    public async Task When_Stripe_refuses_the_session_no_order_is_left_behind()
    {
        var product = await Kassa.CreateProduct(stock: 4);
        var client = Kassa.Anonymous();
        var (cartId, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "stripe", (product, 1));
        var orders = await Kassa.OrderCount();

        var original = Stripe.Handler;
        Stripe.Handler = _ => new FakeResponse(400,
            """{"error":{"type":"invalid_request_error","code":"amount_too_small","message":"The Checkout Session's total amount due must add up to at least €0.50 eur","param":"line_items"}}""");
        try
        {
            var refused = await client.StartPayment(checkoutId, "stripe");
            var problem = await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("at least €0.50", problem.Str("detail"));
        }
        finally
        {
            Stripe.Handler = original;
        }
        // Nobody could pay that order: it is withdrawn, its units are back, and the cart can change again.
        Assert.Equal(orders, await Kassa.OrderCount());
        Assert.Equal(4, await Kassa.Stock(product));
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } }))
            .Expect(HttpStatusCode.OK);

        var payment = await (await client.StartPayment(checkoutId, "stripe")).Expect(HttpStatusCode.OK);
        Assert.StartsWith("https://checkout.stripe.test/", payment.Str("checkout_url"));
        Assert.Equal(3, await Kassa.Stock(product));
    }

    [Fact]
    public async Task When_Stripe_fails_the_order_waits_and_a_retry_opens_one_session_for_it()
    {
        var product = await Kassa.CreateProduct(stock: 4);
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "stripe", (product, 1));
        var orders = await Kassa.OrderCount();
        var sessionsBefore = Stripe.To("POST", "/v1/checkout/sessions").Count;

        var original = Stripe.Handler;
        Stripe.Handler = _ => new FakeResponse(500, """{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""");
        try
        {
            await (await client.StartPayment(checkoutId, "stripe")).ExpectProblem(HttpStatusCode.BadGateway);
            await (await client.StartPayment(checkoutId, "stripe")).ExpectProblem(HttpStatusCode.BadGateway);
        }
        finally
        {
            Stripe.Handler = original;
        }
        // The order was committed before Stripe was asked: it waits, pending, with its units reserved.
        Assert.Equal(orders + 1, await Kassa.OrderCount());
        Assert.Equal(3, await Kassa.Stock(product));

        var payment = await (await client.StartPayment(checkoutId, "stripe")).Expect(HttpStatusCode.OK);
        var again = await (await client.StartPayment(checkoutId, "stripe")).Expect(HttpStatusCode.OK);
        Assert.Equal(payment.GetProperty("order_id").GetInt64(), again.GetProperty("order_id").GetInt64());
        Assert.Equal(payment.Str("checkout_url"), again.Str("checkout_url"));
        Assert.Equal(orders + 1, await Kassa.OrderCount());
        Assert.Equal(3, await Kassa.Stock(product));

        // Every ask was for the one order's session (Stripe's idempotency key), and once it answered Kassa stopped asking.
        var orderUuid = await Kassa.OrderUuid(payment.GetProperty("order_id").GetInt64());
        var asks = Stripe.To("POST", "/v1/checkout/sessions").Skip(sessionsBefore).ToList();
        Assert.NotEmpty(asks);
        Assert.All(asks, a => Assert.Equal($"kassa-order-{orderUuid:N}-checkout-session", a.Header("Idempotency-Key")));
    }

    [Theory]
    [InlineData("12.34", "EUR", 1234)]
    [InlineData("0.5", "eur", 50)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1234", "KRW", 1234)]
    [InlineData("1.235", "BHD", 1235)]
    [InlineData("100", "ISK", 10000)]
    [InlineData("2500", "UGX", 250000)]
    [InlineData("1000", "MGA", 1000)]
    public void Stripe_amounts_are_in_the_currency_s_smallest_unit_as_Stripe_counts_it(string amount, string currency, long expected) =>
        Assert.Equal(expected, StripeAmounts.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
}

/// <summary>Which providers are offered depends only on their keys.</summary>
[StartsFirst]
public sealed class PaymentProviderConfigurationTests
{
    private static async Task<List<string>> Methods(KassaFactory kassa) =>
        (await (await kassa.Anonymous().GetAsync($"{CheckoutPath}/payment-methods")).Expect(HttpStatusCode.OK))
        .EnumerateArray().Select(m => m.Str("code")).ToList();

    [Fact]
    public async Task A_provider_without_its_keys_is_not_offered()
    {
        await using var fake = await FakeProviderServer.StartAsync(StripeApi);
        var kassa = new KassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", "sk_test_only_half")
            .With("Kassa:Payments:Stripe:ApiBase", fake.BaseUrl)
            .With("Kassa:Payments:Klarna:Username", "PK_only_a_username");
        await kassa.InitializeAsync();
        try
        {
            var methods = await Methods(kassa);
            Assert.Contains("sandbox", methods);
            Assert.DoesNotContain("stripe", methods);
            Assert.DoesNotContain("klarna", methods);

            var client = kassa.Anonymous();
            var cartId = await client.OutshifterCart((StarChart, 1));
            var checkout = await (await client.PostAsJsonAsync(CheckoutPath, new { cart_id = cartId })).Expect(HttpStatusCode.Created);
            await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkout.Str("id")}", new { payment_method = "stripe" }))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "payment_method");
            await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkout.Str("id")}", new { payment_method = "klarna" }))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "payment_method");

            // Its webhook endpoint does not exist either, and Stripe was never called.
            var body = "{}";
            var webhook = await client.PostStripeWebhook(body, StripeSignature("whsec_x", body, kassa.Clock.GetUtcNow()));
            await webhook.ExpectProblem(HttpStatusCode.NotFound);
            await (await client.PostAsync($"{CartPath}/{cartId}/init-payment-klarna", null))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "payment_method");
            Assert.Empty(fake.Requests);
        }
        finally
        {
            await kassa.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_502_and_its_order_waits_for_a_retry()
    {
        var gone = await FakeProviderServer.StartAsync();
        var closedPort = gone.BaseUrl;
        await gone.DisposeAsync();
        var kassa = new KassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", "sk_test_x")
            .With("Kassa:Payments:Stripe:WebhookSecret", "whsec_x")
            .With("Kassa:Payments:Stripe:ApiBase", closedPort)
            .With("Kassa:Payments:Klarna:Username", "PK_x")
            .With("Kassa:Payments:Klarna:Password", "secret")
            .With("Kassa:Payments:Klarna:ApiBase", closedPort);
        await kassa.InitializeAsync();
        try
        {
            var client = kassa.Anonymous();
            foreach (var method in new[] { "stripe", "klarna" })
            {
                var (cartId, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, method, (StarChart, 1));
                await (await client.StartPayment(checkoutId, method)).ExpectProblem(HttpStatusCode.BadGateway);
                await (await client.PostAsync($"{CartPath}/{cartId}/init-payment-klarna", null)).ExpectProblem(HttpStatusCode.BadGateway);
                // A retry while the provider is still down reuses the order placed before it was asked.
                await (await client.StartPayment(checkoutId, method)).ExpectProblem(HttpStatusCode.BadGateway);
            }
            // One pending order per checkout, without a payment yet; expiry cancels it if nobody retries.
            Assert.Equal(2, await kassa.OrderCount());
            var orders = await (await kassa.Admin().GetAsync($"{VoogApi}/orders")).Expect(HttpStatusCode.OK);
            Assert.All(orders.EnumerateArray(), o =>
            {
                Assert.Equal("pending", o.Str("payment_status"));
                Assert.Null(o.GetProperty("urls").StrOrNull("payment_url"));
            });
        }
        finally
        {
            await kassa.DisposeAsync();
        }
    }

    [Fact]
    public async Task Both_providers_with_their_keys_are_offered()
    {
        var kassa = new KassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", "sk_test_x")
            .With("Kassa:Payments:Stripe:WebhookSecret", "whsec_x")
            .With("Kassa:Payments:Klarna:Username", "PK_x")
            .With("Kassa:Payments:Klarna:Password", "secret");
        await kassa.InitializeAsync();
        try
        {
            var methods = await Methods(kassa);
            Assert.Contains("stripe", methods);
            Assert.Contains("klarna", methods);
        }
        finally
        {
            await kassa.DisposeAsync();
        }
    }
}
