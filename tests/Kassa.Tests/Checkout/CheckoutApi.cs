using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Kassa.Data;

namespace Kassa.Tests.Checkout;

/// <summary>Helpers the checkout, order and payment tests share.</summary>
internal static class CheckoutApi
{
    public const string VoogCarts = VoogApi + "/carts";
    public const string OrderPath = VoogApi + "/orders";
    public const string CartPath = "/api/cart";
    public const string CheckoutPath = "/api/checkout";
    public const string FlatRate = "/api/shipping/flat-rate";
    public const string SandboxWebhook = "/api/payments/webhooks/sandbox";

    // ---- carts ----

    /// <summary>A Voog cart with the given items (product id, quantity); returns its uuid and body.</summary>
    public static async Task<(string Uuid, JsonElement Cart)> VoogCart(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync($"{VoogCarts}?include=items", body);
        var cart = await response.Expect(HttpStatusCode.Created);
        return (cart.Str("uuid"), cart);
    }

    public static Task<(string Uuid, JsonElement Cart)> VoogCart(this HttpClient client, params (long Product, int Quantity)[] items) =>
        client.VoogCart(new { items = items.Select(i => new { product_id = i.Product, quantity = i.Quantity }).ToArray() });

    public static async Task<JsonElement> GetVoogCart(this HttpClient client, string uuid) =>
        await (await client.GetAsync($"{VoogCarts}/{uuid}?include=items")).Expect(HttpStatusCode.OK);

    public static async Task<string> OutshifterCart(this HttpClient client, params (long Product, int Quantity)[] items)
    {
        var created = await (await client.PostAsJsonAsync(CartPath, new { customer_session_id = "sess-" + Guid.NewGuid().ToString("N")[..8], currency = "EUR" }))
            .Expect(HttpStatusCode.Created);
        var id = created.Str("cart_id");
        if (items.Length > 0)
        {
            await (await client.PostAsJsonAsync($"{CartPath}/{id}/item/add",
                    new { line_items = items.Select(i => new { product_id = i.Product, quantity = i.Quantity }).ToArray() }))
                .Expect(HttpStatusCode.OK);
        }
        return id;
    }

    /// <summary>The cart as both dialects show it, with ETags: equal snapshots mean nothing changed.</summary>
    public static Task<string> CartSnapshot(this HttpClient client, string uuid) => Carts.CartApi.Snapshot(client, uuid);

    // ---- checkouts ----

    public static async Task<JsonElement> CreateCheckout(this HttpClient client, string cartId)
    {
        var response = await client.PostAsJsonAsync(CheckoutPath, new { cart_id = cartId });
        return await response.Expect(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> PatchCheckout(this HttpClient client, string id, object body) =>
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", body)).Expect(HttpStatusCode.OK);

    public static async Task<string> CheckoutBody(this HttpClient client, string id)
    {
        var response = await client.GetAsync($"{CheckoutPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static readonly object Address = new
    {
        first_name = "Ada",
        last_name = "Lovelace",
        email = "ada@example.com",
        phone_code = "+47",
        phone = "99999999",
        address1 = "Møllergata 6",
        city = "Oslo",
        country = "Norway",
        country_code = "NO",
        zip = "0179",
    };

    /// <summary>A checkout with everything needed to pay except what the caller leaves out.</summary>
    public static Task<(string CartId, string CheckoutId)> ReadyCheckout(this HttpClient client, string paymentMethod = "sandbox", params (long Product, int Quantity)[] items) =>
        client.ReadyCheckoutAt(Address, paymentMethod, items);

    /// <summary><see cref="ReadyCheckout"/> shipping to and billing <paramref name="address"/> (a provider may serve some countries only).</summary>
    public static async Task<(string CartId, string CheckoutId)> ReadyCheckoutAt(this HttpClient client, object address, string paymentMethod, params (long Product, int Quantity)[] items)
    {
        var cartId = await client.OutshifterCart(items.Length > 0 ? items : [(StarChart, 2)]);
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        await client.PatchCheckout(checkoutId, new
        {
            shipping_address = address,
            billing_address = address,
            email = "ada@example.com",
            payment_method = paymentMethod,
            shipping_rate = new { shipping_method_id = PostalService },
        });
        return (cartId, checkoutId);
    }

    // ---- orders and payments ----

    public static async Task<JsonElement> GetOrder(this KassaFactory factory, long id) =>
        await (await factory.Admin().GetAsync($"{OrderPath}/{id}")).Expect(HttpStatusCode.OK);

    public static async Task<int> OrderCount(this KassaFactory factory)
    {
        await using var scope = factory.Scope(out var db);
        return await db.Orders.CountAsync();
    }

    public static async Task<int> OrderCountForCart(this KassaFactory factory, string cartUuid)
    {
        await using var scope = factory.Scope(out var db);
        var uuid = Guid.Parse(cartUuid);
        return await db.Orders.CountAsync(o => o.CartUuid == uuid);
    }

    public static async Task<int?> Stock(this KassaFactory factory, long productId)
    {
        await using var scope = factory.Scope(out var db);
        return await db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync();
    }

    /// <summary>
    /// Follows the sandbox provider's hosted page as a browser does: GET the payment URL the order gave,
    /// then submit its Pay or Cancel form (with the form's hidden fields) from the page's own origin.
    /// </summary>
    public static async Task<HttpResponseMessage> Sandbox(this HttpClient client, string paymentUrl, string action)
    {
        var (formAction, fields) = await client.SandboxForm(paymentUrl, action);
        var request = new HttpRequestMessage(HttpMethod.Post, formAction) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await client.SendAsync(request);
    }

    /// <summary>The sandbox page's Pay or Cancel form: where it posts and the hidden fields it carries.</summary>
    public static async Task<(string Action, Dictionary<string, string> Fields)> SandboxForm(this HttpClient client, string paymentUrl, string action)
    {
        var url = new Uri(paymentUrl).PathAndQuery;
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)page.StatusCode} {html}");
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.MediaType);
        var form = Regex.Match(html, $"""<form method="post" action="(?<action>[^"]*/{action})"[^>]*>(?<fields>.*?)</form>""", RegexOptions.Singleline);
        Assert.True(form.Success, $"No {action} form in {html}");
        var fields = Regex.Matches(form.Groups["fields"].Value, """<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return (WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
    }

    /// <summary>
    /// The sandbox pay link's token for an order, worked out here as docs/payments.md describes it:
    /// HMAC-SHA256 of the uuid under an HKDF-SHA256 key from the webhook secret, base64url.
    /// </summary>
    public static string SandboxPayToken(string secret, string orderUuid)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, [], "Kassa sandbox pay link"u8.ToArray());
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(Guid.Parse(orderUuid).ToString("D")));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    // ---- webhooks ----

    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public static string SandboxEvent(string eventId, string type, string orderUuid) =>
        JsonSerializer.Serialize(new { id = eventId, type, orderUuid });

    public static Task<HttpResponseMessage> PostWebhook(this HttpClient client, string body, string? signature, string gateway = "sandbox")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/webhooks/{gateway}") { Content = Json(body) };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Kassa-Signature", signature);
        return client.SendAsync(request);
    }

    /// <summary>Starts all the requests at once and waits for them.</summary>
    public static async Task<HttpResponseMessage[]> AllAtOnce(int count, Func<int, Task<HttpResponseMessage>> request)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            return await request(i);
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(tasks);
    }
}
