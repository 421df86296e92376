using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.Payments;

/// <summary>
/// What only the payment-provider tests need (fake Stripe and Klarna APIs, their webhooks); carts, checkouts,
/// orders and the demo catalog come from <see cref="Checkout.CheckoutApi"/>.
/// </summary>
internal static class PaymentsApi
{
    /// <summary>A Swedish address: Klarna serves the buyer's country, and its tests check the Swedish purchase.</summary>
    public static readonly object SwedishAddress = new
    {
        first_name = "Ada",
        last_name = "Lovelace",
        email = "ada@example.com",
        address1 = "Drottninggatan 1",
        city = "Stockholm",
        zip = "11151",
        country_code = "SE",
    };

    public static Task<HttpResponseMessage> StartPayment(this HttpClient client, string checkoutId, string paymentMethod) =>
        client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new
        {
            payment_method = paymentMethod,
            success_url = "https://shop.example/thanks",
            cancel_url = "https://shop.example/cart",
        });

    public static async Task<JsonElement> GetCheckout(this HttpClient client, string id) =>
        await (await client.GetAsync($"{CheckoutPath}/{id}")).Expect(HttpStatusCode.OK);

    public static async Task<Guid> OrderUuid(this KassaFactory factory, long id)
    {
        await using var scope = factory.Scope(out var db);
        return await db.Orders.Where(o => o.Id == id).Select(o => o.Uuid).SingleAsync();
    }

    public static async Task<int> PaymentEventCount(this KassaFactory factory)
    {
        await using var scope = factory.Scope(out var db);
        return await db.PaymentEvents.CountAsync();
    }

    // ---- Stripe ----

    /// <summary>Stripe's <c>Stripe-Signature</c>: <c>t=…,v1=hex(HMAC-SHA256(secret, t + "." + body))</c>.</summary>
    public static string StripeSignature(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A webhook body shaped like Stripe's, for a Checkout Session event.</summary>
    public static string StripeSessionEvent(string eventId, string type, string sessionId, Guid? orderUuid, string paymentStatus, DateTimeOffset at) =>
        JsonSerializer.Serialize(new
        {
            id = eventId,
            @object = "event",
            api_version = "2025-10-29.clover",
            created = at.ToUnixTimeSeconds(),
            livemode = false,
            pending_webhooks = 1,
            request = new { id = (string?)null, idempotency_key = (string?)null },
            type,
            data = new
            {
                @object = new
                {
                    id = sessionId,
                    @object = "checkout.session",
                    mode = "payment",
                    status = type == "checkout.session.expired" ? "expired" : "complete",
                    payment_status = paymentStatus,
                    client_reference_id = orderUuid?.ToString(),
                    metadata = orderUuid is { } u ? new Dictionary<string, string> { ["order_uuid"] = u.ToString() } : new Dictionary<string, string>(),
                    amount_total = 1000,
                    currency = "eur",
                },
            },
        });

    public static Task<HttpResponseMessage> PostStripeWebhook(this HttpClient client, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhooks/stripe") { Content = Json(body) };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return client.SendAsync(request);
    }

    /// <summary>A fake Stripe API: creates Checkout Sessions (numbered), echoing what Kassa sent as Stripe would.</summary>
    public static FakeResponse StripeApi(RecordedRequest request)
    {
        if (request is not { Method: "POST", Path: "/v1/checkout/sessions" })
            return new FakeResponse(404, """{"error":{"type":"invalid_request_error","message":"Unrecognized request URL."}}""");
        var form = request.Form();
        var id = "cs_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Header("Idempotency-Key") ?? Guid.NewGuid().ToString())))[..24];
        return new FakeResponse(200, JsonSerializer.Serialize(new
        {
            id,
            @object = "checkout.session",
            mode = "payment",
            status = "open",
            payment_status = "unpaid",
            url = $"https://checkout.stripe.test/c/pay/{id}",
            client_reference_id = form.GetValueOrDefault("client_reference_id"),
            success_url = form.GetValueOrDefault("success_url"),
            cancel_url = form.GetValueOrDefault("cancel_url"),
            currency = form.GetValueOrDefault("line_items[0][price_data][currency]"),
            amount_total = long.Parse(form.GetValueOrDefault("line_items[0][price_data][unit_amount]") ?? "0", CultureInfo.InvariantCulture),
            metadata = form.Where(kv => kv.Key.StartsWith("metadata[", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["metadata[".Length..^1], kv => kv.Value),
        }));
    }

    // ---- Klarna ----

    public const string KlarnaClientToken = "eyJhbGciOiJub25lIn0.fake-klarna-client-token";

    /// <summary>A fake Klarna Payments API: sessions, order placement (token "auth-ok" only) and cancel.</summary>
    public static FakeResponse KlarnaApi(RecordedRequest request)
    {
        const string categories = """[{"identifier":"pay_later","name":"Pay later.","asset_urls":{"descriptive":"https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg","standard":"https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg"}}]""";
        if (request is { Method: "POST", Path: "/payments/v1/sessions" })
            return new FakeResponse(200, $$"""{"session_id":"klarna-session-{{request.Body.Length}}","client_token":"{{KlarnaClientToken}}","payment_method_categories":{{categories}}}""");
        if (request.Method == "GET" && request.Path.StartsWith("/payments/v1/sessions/", StringComparison.Ordinal))
            return new FakeResponse(200, $$"""{"client_token":"{{KlarnaClientToken}}","status":"incomplete","purchase_country":"SE","payment_method_categories":{{categories}}}""");
        if (request.Method == "POST" && request.Path.StartsWith("/payments/v1/authorizations/", StringComparison.Ordinal))
        {
            var token = request.Path["/payments/v1/authorizations/".Length..^"/order".Length];
            // Like Klarna: the same idempotency key gets the same order back.
            var orderId = "klarna-order-" + (request.Header("Klarna-Idempotency-Key") ?? Guid.NewGuid().ToString())[..8];
            return token switch
            {
                "auth-ok" => new FakeResponse(200, $$$"""{"order_id":"{{{orderId}}}","redirect_url":"https://payments.klarna.test/redirect/1","fraud_status":"ACCEPTED","authorized_payment_method":{"type":"invoice"}}"""),
                "auth-pending" => new FakeResponse(200, $$$"""{"order_id":"{{{orderId}}}","redirect_url":"https://payments.klarna.test/redirect/2","fraud_status":"PENDING"}"""),
                _ => new FakeResponse(404, """{"error_code":"NOT_FOUND","error_messages":["Invalid authorization token"],"correlation_id":"c-1"}"""),
            };
        }
        if (request.Method == "POST" && request.Path.StartsWith("/ordermanagement/v1/orders/", StringComparison.Ordinal))
            return new FakeResponse(204, null);
        return new FakeResponse(404, """{"error_code":"NOT_FOUND","error_messages":["Unknown path"]}""");
    }
}
