using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Payments;

/// <summary>Kassa configured for Klarna, its API base pointed at a fake Klarna on 127.0.0.1.</summary>
public sealed class KlarnaFixture : IAsyncLifetime
{
    public const string Username = "PK12345_test";
    public const string Password = "klarna-test-password";

    public FakeProviderServer Klarna { get; private set; } = null!;
    public KassaFactory Kassa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Klarna = await FakeProviderServer.StartAsync(KlarnaApi);
        Kassa = new KassaFactory()
            .With("Kassa:Payments:Klarna:Username", Username)
            .With("Kassa:Payments:Klarna:Password", Password)
            .With("Kassa:Payments:Klarna:ApiBase", Klarna.BaseUrl);
        await Kassa.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Kassa.DisposeAsync();
        await Klarna.DisposeAsync();
    }
}

public sealed class KlarnaPaymentTests(KlarnaFixture fixture) : IClassFixture<KlarnaFixture>
{
    private KassaFactory Kassa => fixture.Kassa;
    private FakeProviderServer Klarna => fixture.Klarna;

    private static readonly string BasicAuth =
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{KlarnaFixture.Username}:{KlarnaFixture.Password}"));

    private static Task<HttpResponseMessage> InitKlarna(HttpClient client, string cartId, object? body = null) =>
        body is null
            ? client.PostAsync($"{CartPath}/{cartId}/init-payment-klarna", null)
            : client.PostAsJsonAsync($"{CartPath}/{cartId}/init-payment-klarna", body);

    private static Task<HttpResponseMessage> Authorize(HttpClient client, string id, string token) =>
        client.PostAsJsonAsync($"/api/payments/klarna/{id}/authorize", new { authorization_token = token });

    /// <summary>Klarna's rules for order data: each line adds up, and the lines add up to the order.</summary>
    private static void AssertKlarnaOrderData(JsonElement data, long amount, long tax)
    {
        Assert.Equal(amount, data.GetProperty("order_amount").GetInt64());
        Assert.Equal(tax, data.GetProperty("order_tax_amount").GetInt64());
        var lines = data.GetProperty("order_lines").EnumerateArray().ToList();
        Assert.Equal(amount, lines.Sum(l => l.GetProperty("total_amount").GetInt64()));
        Assert.Equal(tax, lines.Sum(l => l.GetProperty("total_tax_amount").GetInt64()));
        foreach (var line in lines)
        {
            Assert.Equal(
                line.GetProperty("quantity").GetInt64() * line.GetProperty("unit_price").GetInt64() - line.GetProperty("total_discount_amount").GetInt64(),
                line.GetProperty("total_amount").GetInt64());
            Assert.True(line.GetProperty("total_discount_amount").GetInt64() >= 0);
        }
    }

    [Fact]
    public async Task Init_payment_klarna_creates_a_session_for_the_priced_cart()
    {
        var client = Kassa.Anonymous();
        var cartId = await client.OutshifterCart((IonDrive, 1), (StarChart, 2));
        var before = Klarna.To("POST", "/payments/v1/sessions").Count;

        var answer = await (await InitKlarna(client, cartId, new { purchase_country = "se" })).Expect(HttpStatusCode.OK);
        Assert.Equal(KlarnaClientToken, answer.Str("client_token"));
        Assert.StartsWith("klarna-session-", answer.Str("session_id"));
        var category = Assert.Single(answer.GetProperty("payment_method_categories").EnumerateArray());
        Assert.Equal("pay_later", category.Str("identifier"));
        Assert.Equal("Pay later.", category.Str("name"));
        Assert.StartsWith("https://", category.GetProperty("asset_urls").Str("descriptive"));

        var sessions = Klarna.To("POST", "/payments/v1/sessions");
        Assert.Equal(before + 1, sessions.Count);
        Assert.Equal(BasicAuth, sessions[^1].Header("Authorization"));
        var data = sessions[^1].Json();
        Assert.Equal("SE", data.Str("purchase_country"));
        Assert.Equal("EUR", data.Str("purchase_currency"));
        Assert.Equal("en-SE", data.Str("locale"));
        Assert.Equal(cartId, data.Str("merchant_reference2"));
        // Ion drive 2475.25 + 1 % = 2500.00; star chart 2 × 9.99 = 19.98 + 9 % = 21.78.
        AssertKlarnaOrderData(data, amount: 252178, tax: 2655);
        var lines = data.GetProperty("order_lines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("physical", lines[0].Str("type"));
        Assert.Equal("Ion drive", lines[0].Str("name"));
        Assert.Equal("ION-1", lines[0].Str("reference"));
        Assert.Equal(100, lines[0].GetProperty("tax_rate").GetInt64());
        Assert.Equal(250000, lines[0].GetProperty("unit_price").GetInt64());
        Assert.Equal(2, lines[1].GetProperty("quantity").GetInt32());
        Assert.Equal(1089, lines[1].GetProperty("unit_price").GetInt64());
        Assert.Equal(900, lines[1].GetProperty("tax_rate").GetInt64());
        Assert.Equal(180, lines[1].GetProperty("total_tax_amount").GetInt64());
    }

    [Fact]
    public async Task Init_payment_klarna_takes_the_country_and_shipping_from_the_checkout()
    {
        var client = Kassa.Anonymous();
        var (cartId, _) = await client.ReadyCheckoutAt(SwedishAddress, "klarna", (StarChart, 1));

        await (await InitKlarna(client, cartId)).Expect(HttpStatusCode.OK);
        var data = Klarna.To("POST", "/payments/v1/sessions")[^1].Json();
        Assert.Equal("SE", data.Str("purchase_country"));
        // 9.99 + 9 % = 10.89; shipping 3.5 + 20 % = 4.20.
        AssertKlarnaOrderData(data, amount: 1509, tax: 160);
        var shipping = data.GetProperty("order_lines").EnumerateArray().Single(l => l.Str("type") == "shipping_fee");
        Assert.Equal(420, shipping.GetProperty("total_amount").GetInt64());
        Assert.Equal(2000, shipping.GetProperty("tax_rate").GetInt64());
        Assert.Equal("Ada", data.GetProperty("shipping_address").Str("given_name"));
        Assert.Equal("Lovelace", data.GetProperty("shipping_address").Str("family_name"));
        Assert.Equal("ada@example.com", data.GetProperty("billing_address").Str("email"));
    }

    [Fact]
    public async Task Init_payment_klarna_bad_requests_are_problems_and_call_nobody()
    {
        var client = Kassa.Anonymous();
        var calls = Klarna.Requests.Count;
        await (await InitKlarna(client, Guid.NewGuid().ToString())).ExpectProblem(HttpStatusCode.NotFound);
        await (await InitKlarna(client, "not-a-cart")).ExpectProblem(HttpStatusCode.NotFound);

        var empty = await client.OutshifterCart();
        await (await InitKlarna(client, empty, new { purchase_country = "SE" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "items");

        var cartId = await client.OutshifterCart((StarChart, 1));
        // No address yet and no configured default: Klarna needs a country.
        await (await InitKlarna(client, cartId)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "purchase_country");
        await (await InitKlarna(client, cartId, new { purchase_country = "S1" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "purchase_country");
        await (await InitKlarna(client, cartId, new { purchase_country = "SE", locale = "<script>" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "locale");
        await (await client.PostAsync($"{CartPath}/{cartId}/init-payment-klarna", Json("{\"purchase_country\":")))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(calls, Klarna.Requests.Count);
    }

    [Fact]
    public async Task Klarna_refusing_the_session_is_a_problem_not_a_500()
    {
        var client = Kassa.Anonymous();
        var cartId = await client.OutshifterCart((StarChart, 1));
        var original = Klarna.Handler;
        Klarna.Handler = _ => new FakeResponse(400, """{"error_code":"BAD_VALUE","error_messages":["Bad value: order_lines"],"correlation_id":"corr-42"}""");
        try
        {
            var problem = await (await InitKlarna(client, cartId, new { purchase_country = "SE" })).ExpectProblem(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("BAD_VALUE", problem.Str("detail"));
            Assert.Contains("corr-42", problem.Str("detail"));
            Klarna.Handler = _ => new FakeResponse(503, null);
            await (await InitKlarna(client, cartId, new { purchase_country = "SE" })).ExpectProblem(HttpStatusCode.BadGateway);
        }
        finally
        {
            Klarna.Handler = original;
        }
    }

    [Fact]
    public async Task Outshifter_purchase_end_to_end_with_klarna()
    {
        var client = Kassa.Anonymous();
        var product = await Kassa.CreateProduct(stock: 5, price: 10m);
        var (cartId, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "klarna", (product, 2));

        var payment = await (await client.StartPayment(checkoutId, "klarna")).Expect(HttpStatusCode.OK);
        var orderId = payment.GetProperty("order_id").GetInt64();
        var orderUuid = await Kassa.OrderUuid(orderId);
        Assert.Equal($"http://localhost/pay/klarna/{orderUuid}", payment.Str("checkout_url"));
        Assert.Equal(3, await Kassa.Stock(product));

        // The order's session: the frozen order, numbered.
        var order = await Kassa.GetOrder(orderId);
        var session = Klarna.To("POST", "/payments/v1/sessions").Single(r => r.Json().Str("merchant_reference2") == orderUuid.ToString()).Json();
        Assert.Equal(order.Str("code"), session.Str("merchant_reference1"));
        // 2 × 10 + 20 % = 24.00; shipping 4.20.
        AssertKlarnaOrderData(session, amount: 2820, tax: 470);

        // Kassa's Klarna page loads the widget with the session's client token.
        var page = await client.GetAsync(new Uri(payment.Str("checkout_url")).AbsolutePath);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(KlarnaClientToken, html);
        Assert.Contains("klarnacdn.net/kp/lib/v1/api.js", html);
        Assert.Contains($"/api/payments/klarna/{orderUuid}/authorize", html);

        // A token Klarna does not know: a problem, and the order stays pending.
        var refused = await Authorize(client, orderUuid.ToString(), "auth-unknown");
        Assert.Contains("Invalid authorization token", (await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity)).Str("detail"));
        await (await Authorize(client, orderUuid.ToString(), " ")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "authorization_token");
        Assert.Equal("pending", (await Kassa.GetOrder(orderId)).Str("payment_status"));

        // The widget's authorization: Kassa places the Klarna order and the order is paid.
        var placedBefore = Klarna.To("POST", "/payments/v1/authorizations/auth-ok/order").Count;
        var paid = await (await Authorize(client, orderUuid.ToString(), "auth-ok")).Expect(HttpStatusCode.OK);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("applied", paid.Str("result"));
        var klarnaOrderId = paid.Str("klarna_order_id");
        Assert.StartsWith("klarna-order-", klarnaOrderId);
        Assert.Equal(orderId, paid.GetProperty("order_id").GetInt64());
        Assert.Equal("https://payments.klarna.test/redirect/1", paid.Str("redirect_url"));

        var placed = Klarna.To("POST", "/payments/v1/authorizations/auth-ok/order");
        Assert.Equal(placedBefore + 1, placed.Count);
        Assert.Equal(BasicAuth, placed[^1].Header("Authorization"));
        Assert.True(Guid.TryParse(placed[^1].Header("Klarna-Idempotency-Key"), out _));
        var placedData = placed[^1].Json();
        AssertKlarnaOrderData(placedData, amount: 2820, tax: 470);
        Assert.Equal("https://shop.example/thanks", placedData.GetProperty("merchant_urls").Str("confirmation"));

        order = await Kassa.GetOrder(orderId);
        Assert.Equal("paid", order.Str("payment_status"));
        Assert.Equal("completed", order.Str("status"));
        Assert.Equal("COMPLETED", (await client.GetCheckout(checkoutId)).Str("status"));
        Assert.Equal(3, await Kassa.Stock(product));

        // Repeating the completion (here by checkout id) changes nothing and does not ask Klarna again.
        var snapshot = order.ToString();
        var again = await (await Authorize(client, checkoutId, "auth-ok")).Expect(HttpStatusCode.OK);
        Assert.Equal("duplicate", again.Str("result"));
        Assert.Equal("paid", again.Str("payment_status"));
        Assert.Equal(klarnaOrderId, again.Str("klarna_order_id"));
        Assert.Equal(placedBefore + 1, Klarna.To("POST", "/payments/v1/authorizations/").Count(r => r.Path.Contains("auth-ok")));
        Assert.Equal(snapshot, (await Kassa.GetOrder(orderId)).ToString());

        // The cart is closed: no second Klarna session for it.
        await (await InitKlarna(client, cartId)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Parallel_authorizations_pay_the_order_once()
    {
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "klarna", (StarChart, 1));
        var payment = await (await client.StartPayment(checkoutId, "klarna")).Expect(HttpStatusCode.OK);
        var orderId = payment.GetProperty("order_id").GetInt64();
        var orderUuid = (await Kassa.OrderUuid(orderId)).ToString();
        var events = await Kassa.PaymentEventCount();

        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 6).Select(async _ =>
        {
            await start.WaitAsync();
            return await Authorize(Kassa.Anonymous(), orderUuid, "auth-ok");
        }).ToList();
        start.Release(calls.Count);
        var results = new List<string?>();
        foreach (var response in await Task.WhenAll(calls))
        {
            var answer = await response.Expect(HttpStatusCode.OK);
            Assert.Equal("paid", answer.Str("payment_status"));
            results.Add(answer.Str("result"));
        }
        Assert.Equal(1, results.Count(r => r == "applied"));
        Assert.All(results.Where(r => r != "applied"), r => Assert.Equal("duplicate", r));
        Assert.Equal(events + 1, await Kassa.PaymentEventCount());
        // Every placement Kassa sent for this order carried the same idempotency key: one Klarna order.
        var keys = Klarna.To("POST", "/payments/v1/authorizations/auth-ok/order")
            .Where(r => r.Json().Str("merchant_reference2") == orderUuid).Select(r => r.Header("Klarna-Idempotency-Key")).Distinct();
        Assert.Single(keys);
    }

    [Fact]
    public async Task Cancelling_on_the_klarna_page_cancels_the_order_and_releases_the_stock()
    {
        var client = Kassa.Anonymous();
        var product = await Kassa.CreateProduct(stock: 2);
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "klarna", (product, 2));
        var payment = await (await client.StartPayment(checkoutId, "klarna")).Expect(HttpStatusCode.OK);
        var orderId = payment.GetProperty("order_id").GetInt64();
        var path = new Uri(payment.Str("checkout_url")).AbsolutePath;
        Assert.Equal(0, await Kassa.Stock(product));

        var cancel = await client.PostAsync($"{path}/cancel", null);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Equal("https://shop.example/cart", cancel.Headers.Location?.ToString());
        var order = await Kassa.GetOrder(orderId);
        Assert.Equal("cancelled", order.Str("payment_status"));
        Assert.Equal("cancelled", order.Str("status"));
        Assert.Equal(2, await Kassa.Stock(product));

        // Too late to pay it now; Klarna is not asked.
        var placed = Klarna.To("POST", "/payments/v1/authorizations/").Count;
        await (await Authorize(client, (await Kassa.OrderUuid(orderId)).ToString(), "auth-ok")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(placed, Klarna.To("POST", "/payments/v1/authorizations/").Count);
        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(KlarnaClientToken, html);
    }

    [Fact]
    public async Task A_klarna_order_under_fraud_review_stays_pending()
    {
        var client = Kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "klarna", (StarChart, 1));
        var payment = await (await client.StartPayment(checkoutId, "klarna")).Expect(HttpStatusCode.OK);
        var orderId = payment.GetProperty("order_id").GetInt64();

        var answer = await (await Authorize(client, checkoutId, "auth-pending")).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", answer.Str("result"));
        Assert.Equal("PENDING", answer.Str("fraud_status"));
        Assert.Equal("pending", (await Kassa.GetOrder(orderId)).Str("payment_status"));
        await using var scope = Kassa.Scope(out var db);
        Assert.Equal(answer.Str("klarna_order_id"), db.Orders.Single(o => o.Id == orderId).PaymentReference);
        Assert.StartsWith("klarna-order-", answer.Str("klarna_order_id"));
    }

    [Fact]
    public async Task Voog_checkout_with_klarna_answers_kassa_s_klarna_page()
    {
        var created = await (await Kassa.Anonymous().PostAsJsonAsync($"{VoogApi}/carts?include=items", new
        {
            items = new[] { new { product_id = StarChart, quantity = 1 } },
            customer = new { email = "grace@example.com", name = "Grace Hopper", language = "sv" },
            shipping_address = new { name = "Grace Hopper", address1 = "Kungsgatan 2", city = "Göteborg", zip_code = "41119", country_code = "SE" },
        })).Expect(HttpStatusCode.Created);

        var order = await (await Kassa.Anonymous().PostAsJsonAsync($"{VoogApi}/carts/{created.Str("uuid")}/checkout",
            new { gateway_code = "klarna", return_url = "https://site.example/return" })).Expect(HttpStatusCode.OK);
        Assert.Equal("klarna", order.Str("gateway_code"));
        Assert.Equal($"http://localhost/pay/klarna/{order.Str("uuid")}", order.GetProperty("urls").Str("payment_url"));
        var session = Klarna.To("POST", "/payments/v1/sessions").Single(r => r.Json().Str("merchant_reference2") == order.Str("uuid")).Json();
        Assert.Equal("sv-SE", session.Str("locale"));
        Assert.Equal("https://site.example/return", session.GetProperty("merchant_urls").Str("confirmation"));
        AssertKlarnaOrderData(session, amount: 1089, tax: 90);

        // Without a country Klarna cannot be used: the checkout is refused and nothing is left behind.
        var noAddress = await (await Kassa.Anonymous().PostAsJsonAsync($"{VoogApi}/carts?include=items",
            new { items = new[] { new { product_id = StarChart, quantity = 1 } } })).Expect(HttpStatusCode.Created);
        var orders = await Kassa.OrderCount();
        await (await Kassa.Anonymous().PostAsJsonAsync($"{VoogApi}/carts/{noAddress.Str("uuid")}/checkout", new { gateway_code = "klarna" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "purchase_country");
        Assert.Equal(orders, await Kassa.OrderCount());
    }

    [Fact]
    public async Task Klarna_takes_no_webhooks_and_unknown_payments_are_404()
    {
        var client = Kassa.Anonymous();
        await (await client.PostAsync("/api/payments/webhooks/klarna", Json("{}")))
            .ExpectProblem(HttpStatusCode.BadRequest);
        await (await Authorize(client, Guid.NewGuid().ToString(), "auth-ok")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Authorize(client, "nope", "auth-ok")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/pay/klarna/{Guid.NewGuid()}")).StatusCode);
    }
}
