using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kassa.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Kassa.Tests.Http;

/// <summary>
/// The purchase flows of docs/api.md in both dialects, each answer checked against the OpenAPI document
/// (<see cref="DocumentedResponses"/>): a client generated from the document reads what Kassa really sends.
/// </summary>
public sealed class OpenApiResponseConformanceTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const string Voog = "/admin/api/ecommerce/v1";
    private const string AllBlocks = "include=items,shipping_address,billing_address,payment_methods,translations";

    [Fact]
    public async Task The_Outshifter_purchase_answers_as_documented()
    {
        var (client, admin, documented) = await Clients();

        var created = await documented.Check(await client.PostAsJsonAsync("/api/cart", new { customer_session_id = "92sdj34234", currency = "EUR" }));
        var cartId = created.GetProperty("cart_id").GetString()!;
        var added = await documented.Check(await client.PostAsync($"/api/cart/{cartId}/item/add", Json(
            """{"line_items":[{"product_id":5,"variant_id":6,"quantity":2},{"product_id":3,"quantity":1,"price_data":{"unit_price":"9.99","tax":"9","currency":"EUR"}}]}""")));
        var itemId = added.GetProperty("line_items")[0].GetProperty("id").GetString();
        await documented.Check(await client.PatchAsync($"/api/cart/{cartId}/item/update/{itemId}", Json("""{"qty":3}""")));
        await documented.Check(await client.GetAsync($"/api/cart/{cartId}"));
        await documented.Check(await client.PostAsync("/api/shipping/flat-rate", Json(
            """{"items":[{"productId":1,"quantity":1},{"productId":2,"quantity":1}],"destination":{"country":"NO"},"currency":"EUR"}""")));
        await documented.Check(await client.GetAsync("/api/checkout/payment-methods"));

        var checkout = await documented.Check(await client.PostAsync("/api/checkout", Json($$"""{"cart_id":"{{cartId}}"}""")));
        var checkoutId = checkout.GetProperty("id").GetString();
        await documented.Check(await client.PatchAsync($"/api/checkout/{checkoutId}", Json(
            """{"shipping_address":{"first_name":"John","last_name":"Johnson","email":"john@example.com","address1":"Main Street 1","city":"Tallinn","zip":"11612","country_code":"EE"},"shipping_rate":{"shipping_method_id":1}}""")));
        using var pay = new HttpRequestMessage(HttpMethod.Patch, $"/api/checkout/{checkoutId}/payment")
        {
            Content = Json("""
                {"success_url":"https://shop.example/?success=true","cancel_url":"https://shop.example/?canceled=true",
                 "payment_method":"sandbox","email":"john@example.com","first_name":"John","last_name":"Johnson",
                 "phone_code":"+372","phone":5551234,"address1":"Main Street 1","city":"Tallinn","country_code":"EE","zip":11612}
                """),
            Headers = { { "Idempotency-Key", "5f1c2" } },
        };
        var payment = await documented.Check(await client.SendAsync(pay));
        await documented.Check(await client.GetAsync($"/api/checkout/{checkoutId}/payment"));

        var orderId = payment.GetProperty("order_id").GetInt64();
        var order = await documented.Check(await admin.GetAsync($"{Voog}/orders/{orderId}?{AllBlocks}"));
        await documented.Check(await PayAsync(client, order.GetProperty("uuid").GetString()!));
        await documented.Check(await client.GetAsync($"/api/checkout/{checkoutId}"));
        await documented.Check(await client.GetAsync($"/api/checkout/{checkoutId}/payment"));
        await documented.Check(await admin.GetAsync($"{Voog}/orders/{orderId}"));
    }

    [Fact]
    public async Task The_Voog_purchase_answers_as_documented()
    {
        var (client, admin, documented) = await Clients();

        var created = await client.PostAsync($"{Voog}/carts?include=items", Json("""
            {"items":[{"product_id":1,"quantity":1}],"shipping_method_id":1,
             "customer":{"name":"John Doe","email":"john@doe.com","phone":"1234567"},"discount_code":"XMAS"}
            """));
        var cart = await documented.Check(created);
        var uuid = cart.GetProperty("uuid").GetString();
        await documented.Check(await client.GetAsync($"{Voog}/carts/{uuid}?{AllBlocks}&language_code=et"));
        using var update = new HttpRequestMessage(HttpMethod.Put, $"{Voog}/carts/{uuid}?{AllBlocks}&language_code=et")
        {
            Content = Json("""
                {"items":[{"product_id":1,"quantity":2},{"product_id":3,"quantity":1,"note":"PDF please"}],
                 "shipping_address":{"name":"John Doe","address1":"Main Street 1","city":"Tallinn","zip_code":"11612","country_code":"ee","phone":"1234567"},
                 "billing_address":{"name":"John Doe","address1":"Main Street 1","city":"Tallinn","zip_code":"11612","country_code":"ee"}}
                """),
            Headers = { { "If-Match", created.Headers.ETag!.ToString() } },
        };
        await documented.Check(await client.SendAsync(update));
        await documented.Check(await client.GetAsync($"/api/cart/{uuid}"));

        using var checkout = new HttpRequestMessage(HttpMethod.Post, $"{Voog}/carts/{uuid}/checkout?include=translations")
        {
            Content = Json("""{"gateway_code":"sandbox","return_url":"https://shop.example/thanks"}"""),
            Headers = { { "Idempotency-Key", "voog-" + uuid } },
        };
        var order = await documented.Check(await client.SendAsync(checkout));
        await documented.Check(await PayAsync(client, order.GetProperty("uuid").GetString()!));

        var orderId = order.GetProperty("id").GetInt64();
        await documented.Check(await admin.GetAsync($"{Voog}/orders/{orderId}?{AllBlocks}"));
        await documented.Check(await admin.GetAsync($"{Voog}/orders?per_page=5&q.order.payment_status.$eq=paid"));
        await documented.Check(await admin.PutAsync($"{Voog}/orders/{orderId}", Json("""{"shipping_status":"dispatched"}""")));
        await documented.Check(await admin.GetAsync($"{Voog}/carts?per_page=2&{AllBlocks}"));
        await documented.Check(await admin.GetAsync($"{Voog}/products?per_page=3"));
        await documented.Check(await admin.GetAsync($"{Voog}/shipping_methods"));
        await documented.Check(await admin.GetAsync($"{Voog}/discounts"));
        await documented.Check(await admin.GetAsync($"{Voog}/settings"));
    }

    /// <summary>Problems are documented where they happen, in the documented shape.</summary>
    [Fact]
    public async Task Problems_answer_as_documented()
    {
        var (client, _, documented) = await Clients();
        var created = await documented.Check(await client.PostAsJsonAsync("/api/cart", new { currency = "EUR" }));
        var cartId = created.GetProperty("cart_id").GetString()!;

        await documented.Check(await client.GetAsync($"/api/cart/{Guid.NewGuid()}"));                                           // 404
        await documented.Check(await client.PostAsync($"/api/cart/{cartId}/item/add", Json("""{"line_items":[{"quantity":1}]}""")));   // 422
        await documented.Check(await client.PostAsync($"/api/cart/{cartId}/item/add", Json("""{"line_items":""")));                // 400
        await documented.Check(await client.PostAsync($"/api/cart/{cartId}/item/add", new StringContent("{}", Encoding.UTF8, "text/plain"))); // 415
        await documented.Check(await client.PostAsync($"/api/cart/{cartId}/item/add", Json("""{"line_items":[{"product_id":3,"price_data":{"unit_price":"1.00"}}]}"""))); // 422 + current_prices
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Voog}/carts/{cartId}") { Content = Json("""{"note":"x"}"""), Headers = { { "If-Match", "\"999\"" } } };
        await documented.Check(await client.SendAsync(stale));                                                                  // 412
        await documented.Check(await client.GetAsync($"{Voog}/carts/{cartId}?language_code=!"));                                // 400
        await documented.Check(await client.GetAsync($"{Voog}/orders"));                                                         // 401

        Assert.Equal(["createCart 201", "getCart 404", "addCartItems 422", "addCartItems 400", "addCartItems 415", "addCartItems 422",
            "updateVoogCart 412", "getVoogCart 400", "listOrders 401"], documented.Checked);
    }

    private async Task<(HttpClient Client, HttpClient Admin, DocumentedResponses Documented)> Clients()
    {
        var client = factory.Anonymous();
        var document = JsonNode.Parse(await (await client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        return (client, factory.Admin(), new DocumentedResponses(document));
    }

    /// <summary>The sandbox's signed "paid" webhook, as its pay page sends it.</summary>
    private Task<HttpResponseMessage> PayAsync(HttpClient client, string orderUuid)
    {
        var sandbox = factory.Services.GetServices<IPaymentProvider>().OfType<SandboxPaymentProvider>().Single();
        var (body, signature) = sandbox.CreateEvent(Guid.Parse(orderUuid), "payment.paid", factory.Clock.GetUtcNow());
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhooks/sandbox") { Content = Json(body) };
        request.Headers.Add(SandboxPaymentProvider.SignatureHeader, signature);
        return client.SendAsync(request);
    }

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");
}
