using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kassa.Payments;
using Kassa.Tests.Payments;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Http;

/// <summary>
/// Every kind of answer carries nosniff, no-referrer and, unless the endpoint chose its own, Cache-Control: no-store;
/// HTML pages a Content-Security-Policy that forbids framing; HTTPS answers HSTS; and no answer names the server.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed class SecurityHeadersTests(KassaFactory factory)
{
    private static void AssertCommon(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    private static void AssertNotStored(HttpResponseMessage response)
    {
        AssertCommon(response);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri}: Cache-Control is '{response.Headers.CacheControl}'");
    }

    public static TheoryData<string, string, int> Answers => new()
    {
        { "a cart (JSON)", "cart", 200 },
        { "a problem", "/api/cart/not-a-cart-id", 404 },
        { "an unknown path", "/no/such/path", 404 },
        { "a wrong method", "DELETE /api/shipping/flat-rate", 405 },
        { "a refused admin call", "/admin/api/ecommerce/v1/orders", 401 },
        { "the OpenAPI document", "/openapi/v1.json", 200 },
        { "a health check", "/health/ready", 200 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_is_nosniff_no_referrer_and_not_stored(string what, string request, int status)
    {
        var client = factory.Anonymous();
        if (request == "cart")
        {
            var created = await (await client.PostAsync("/api/cart", Json("{}"))).Expect(HttpStatusCode.Created);
            AssertNotStored(await client.PostAsync("/api/cart", Json("{}")));
            request = $"/api/cart/{created.GetProperty("cart_id").GetString()}";
        }
        var parts = request.Split(' ');
        var response = await client.SendAsync(new HttpRequestMessage(parts.Length == 2 ? new HttpMethod(parts[0]) : HttpMethod.Get, parts[^1]));

        Assert.True((int)response.StatusCode == status, $"{what}: {(int)response.StatusCode}");
        AssertNotStored(response);
        Assert.False(response.Headers.Contains("Content-Security-Policy"), $"{what} is no page");
    }

    [Fact]
    public async Task The_invoice_page_is_not_stored_and_may_not_be_framed()
    {
        var client = factory.Anonymous();
        var cart = await (await client.PostAsJsonAsync("/admin/api/ecommerce/v1/carts", new
        {
            items = new[] { new { product_id = IonDrive, quantity = 1 } },
            shipping_method_id = PostalService,
            customer = new { name = "Ada Lovelace", email = "ada@example.com" },
            billing_address = new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" },
        })).Expect(HttpStatusCode.Created);
        var order = await (await client.PostAsJsonAsync($"/admin/api/ecommerce/v1/carts/{cart.GetProperty("uuid").GetString()}/checkout",
            new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);

        var invoice = await client.GetAsync(new Uri(order.GetProperty("urls").GetProperty("invoice_url").GetString()!).AbsolutePath);

        Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
        Assert.Contains("Ada Lovelace", await invoice.Content.ReadAsStringAsync());
        AssertNotStored(invoice);
        Assert.Equal(Kassa.Http.SecurityHeaders.DefaultPagePolicy, Assert.Single(invoice.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", Kassa.Http.SecurityHeaders.DefaultPagePolicy);
        Assert.Equal("DENY", Assert.Single(invoice.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_api_explorer_keeps_its_scripts_but_may_not_be_framed_and_its_cached_files_answer_304()
    {
        var client = factory.Anonymous();
        var page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertNotStored(page);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("script-src", policy);

        // Scalar's own files say how they may be cached; that is kept, and their 304 carries the headers too.
        var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal("no-cache", script.Headers.CacheControl?.ToString());
        var again = new HttpRequestMessage(HttpMethod.Get, "/docs/scalar.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        AssertCommon(notModified);
        Assert.Equal("no-cache", notModified.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Https_answers_carry_HSTS_and_plain_http_ones_do_not()
    {
        var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://kassa.example") });
        var secure = await https.GetAsync("/health/live");
        Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));

        Assert.False((await factory.Anonymous().GetAsync("/health/live")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_sandbox_pay_page_keeps_its_own_stricter_policy()
    {
        var client = factory.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckout("sandbox");
        var payment = await (await client.StartPayment(checkoutId, "sandbox")).Expect(HttpStatusCode.OK);

        var page = await client.GetAsync(new Uri(payment.GetProperty("checkout_url").GetString()!).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(page.Headers.Contains("Server"));
        Assert.True(page.Headers.CacheControl?.NoStore);
        // Its own referrer policy: a browser's Pay and Cancel posts must carry Kassa's Origin (SandboxPayPageInBrowserTests).
        Assert.Equal("same-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", policy);
    }

    [Fact]
    public async Task Kestrel_sends_no_Server_header()
    {
        var own = new KassaFactory();
        await own.InitializeAsync();
        try
        {
            own.UseKestrel();
            own.StartServer();
            var address = own.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var response = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.TryGetValues("Server", out var v) ? v : [])}");
            AssertNotStored(response);
        }
        finally
        {
            await ((IAsyncLifetime)own).DisposeAsync();
        }
    }
}

/// <summary>Kassa's Klarna page runs Klarna's widget under a policy that names only its own two scripts.</summary>
public sealed class KlarnaPagePolicyTests(KlarnaFixture fixture) : IClassFixture<KlarnaFixture>
{
    [Fact]
    public async Task The_Klarna_page_names_its_scripts_by_a_fresh_nonce_and_may_not_be_framed()
    {
        var client = fixture.Kassa.Anonymous();
        var product = await fixture.Kassa.CreateProduct(stock: 5, price: 10m);
        var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, KlarnaPaymentProvider.Code, (product, 1));
        var payment = await (await client.StartPayment(checkoutId, KlarnaPaymentProvider.Code)).Expect(HttpStatusCode.OK);
        var path = new Uri(payment.GetProperty("checkout_url").GetString()!).AbsolutePath;

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var page = await client.GetAsync(path);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", policy);
            var nonce = Regex.Match(policy, "script-src 'nonce-([^']+)' 'strict-dynamic'").Groups[1].Value;
            Assert.NotEmpty(nonce);
            var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
            Assert.Equal(2, scripts.Count);
            Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
            nonces.Add(nonce);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
    }
}
