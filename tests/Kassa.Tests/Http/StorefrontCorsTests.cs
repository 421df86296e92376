using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kassa.Tests.Http;

/// <summary>Kassa with two storefront origins allowed, in the Testing environment (not Development).</summary>
public sealed class CorsKassaFactory : KassaFactory
{
    public const string Shop = "https://shop.example";
    public const string LocalShop = "http://localhost:3000";

    public CorsKassaFactory() => With("Kassa:Cors:AllowedOrigins:0", Shop).With("Kassa:Cors:AllowedOrigins:1", LocalShop);
}

/// <summary>A browser storefront on another origin can use the storefront endpoints, and only those.</summary>
public sealed class StorefrontCorsTests(CorsKassaFactory factory) : IClassFixture<CorsKassaFactory>
{
    private const string Voog = "/admin/api/ecommerce/v1";
    private const string Uuid = "0b7e3c1e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

    /// <summary>Every endpoint a storefront's script calls, with the headers it sends beyond the safelisted ones.</summary>
    public static TheoryData<string, string, string> StorefrontCalls() => new()
    {
        { "POST", $"{Voog}/carts", "content-type" },
        { "GET", $"{Voog}/carts/{Uuid}", "if-none-match" },
        { "PUT", $"{Voog}/carts/{Uuid}", "content-type,if-match" },
        { "POST", $"{Voog}/carts/{Uuid}/checkout", "content-type,idempotency-key" },
        { "POST", "/api/cart", "content-type" },
        { "GET", $"/api/cart/{Uuid}", "if-none-match" },
        { "DELETE", $"/api/cart/{Uuid}", "if-match" },
        { "POST", $"/api/cart/{Uuid}/item/add", "content-type,if-match" },
        { "PATCH", $"/api/cart/{Uuid}/item/update/{Uuid}", "content-type,if-match" },
        { "PATCH", $"/api/cart/{Uuid}/item/delete/{Uuid}", "content-type" },
        { "POST", $"/api/cart/{Uuid}/init-payment-klarna", "content-type" },
        { "POST", "/api/checkout", "content-type,idempotency-key" },
        { "GET", "/api/checkout/payment-methods", "" },
        { "GET", $"/api/checkout/{Uuid}", "" },
        { "PATCH", $"/api/checkout/{Uuid}", "content-type,if-match" },
        { "DELETE", $"/api/checkout/{Uuid}", "" },
        { "PATCH", $"/api/checkout/{Uuid}/payment", "content-type,idempotency-key" },
        { "GET", $"/api/checkout/{Uuid}/payment", "" },
        { "POST", "/api/shipping/flat-rate", "content-type" },
        { "POST", $"/api/payments/klarna/{Uuid}/authorize", "content-type" },
        { "GET", "/api/products", "if-none-match" },
        { "GET", "/api/products/1", "if-none-match" },
        { "GET", "/api/store", "if-none-match" },
    };

    /// <summary>Admin endpoints (one of them inside the storefront's carts group) and endpoints no script calls.</summary>
    public static TheoryData<string, string> OtherCalls() => new()
    {
        { "GET", $"{Voog}/carts" },
        { "GET", $"{Voog}/products" },
        { "POST", $"{Voog}/products" },
        { "PUT", $"{Voog}/products/1" },
        { "DELETE", $"{Voog}/products/1" },
        { "GET", $"{Voog}/shipping_methods" },
        { "GET", $"{Voog}/discounts" },
        { "GET", $"{Voog}/settings" },
        { "PUT", $"{Voog}/settings" },
        { "GET", $"{Voog}/orders" },
        { "PUT", $"{Voog}/orders/1" },
        { "GET", $"{Voog}/invoices/{Uuid}" },
        { "POST", "/api/payments/webhooks/sandbox" },
        { "GET", $"/pay/sandbox/{Uuid}" },
        { "POST", $"/pay/sandbox/{Uuid}/pay" },
        { "GET", "/health/ready" },
        { "GET", "/openapi/v1.json" },
    };

    [Theory]
    [MemberData(nameof(StorefrontCalls))]
    public async Task A_preflight_from_an_allowed_origin_is_answered_for_every_storefront_endpoint(string method, string path, string headers)
    {
        foreach (var origin in new[] { CorsKassaFactory.Shop, CorsKassaFactory.LocalShop })
        {
            var response = await factory.Anonymous().SendAsync(Preflight(path, origin, method, headers));

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
            Assert.Contains(method, Header(response, "Access-Control-Allow-Methods").Split(','));
            var allowed = Header(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
            foreach (var header in headers.Split(',', StringSplitOptions.RemoveEmptyEntries))
                Assert.Contains(header, allowed, StringComparer.OrdinalIgnoreCase);
            Assert.DoesNotContain("Access-Control-Allow-Credentials", response.Headers.Select(h => h.Key));
            Assert.Contains("Origin", Header(response, "Vary"));
        }
    }

    [Fact]
    public async Task A_preflight_runs_nothing()
    {
        var before = await Carts.CartApi.CartCount(factory);
        await factory.Anonymous().SendAsync(Preflight("/api/cart", CorsKassaFactory.Shop, "POST", "content-type"));
        await factory.Anonymous().SendAsync(Preflight($"{Voog}/carts", CorsKassaFactory.Shop, "POST", "content-type"));
        Assert.Equal(before, await Carts.CartApi.CartCount(factory));
    }

    [Fact]
    public async Task An_answer_to_an_allowed_origin_lets_its_script_read_the_etag_location_paging_and_retry_after()
    {
        var client = factory.Anonymous();
        var created = await client.SendAsync(From(CorsKassaFactory.Shop, HttpMethod.Post, "/api/cart", new { customer_session_id = "cors" }));
        await created.Expect(HttpStatusCode.Created);
        Assert.Equal(CorsKassaFactory.Shop, Header(created, "Access-Control-Allow-Origin"));
        Assert.Equal(["ETag", "Location", "Link", "X-Total-Count", "Retry-After"], Header(created, "Access-Control-Expose-Headers").Split(','));
        Assert.NotNull(created.Headers.Location);

        var voog = await client.SendAsync(From(CorsKassaFactory.LocalShop, HttpMethod.Post, $"{Voog}/carts", new { items = new[] { new { product_id = 1, quantity = 1 } } }));
        await voog.Expect(HttpStatusCode.Created);
        Assert.Equal(CorsKassaFactory.LocalShop, Header(voog, "Access-Control-Allow-Origin"));
        Assert.NotNull(voog.Headers.ETag);

        var products = await client.SendAsync(From(CorsKassaFactory.Shop, HttpMethod.Get, "/api/products?per_page=1"));
        await products.Expect(HttpStatusCode.OK);
        Assert.Equal(CorsKassaFactory.Shop, Header(products, "Access-Control-Allow-Origin"));
        // Once: the catalog adds it for every origin, CORS for those it answers.
        Assert.Equal(["Origin"], products.Headers.Vary);
    }

    [Fact]
    public async Task A_problem_answer_carries_the_origin_too()
    {
        var client = factory.Anonymous();
        var missing = await client.SendAsync(From(CorsKassaFactory.Shop, HttpMethod.Get, $"/api/cart/{Uuid}"));
        await missing.ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(CorsKassaFactory.Shop, Header(missing, "Access-Control-Allow-Origin"));

        var bad = await client.SendAsync(From(CorsKassaFactory.Shop, HttpMethod.Post, "/api/checkout", new { cart_id = "nope" }));
        await bad.ExpectProblem(HttpStatusCode.UnprocessableEntity, "cart_id");
        Assert.Equal(CorsKassaFactory.Shop, Header(bad, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://shop.example.evil.example")]
    [InlineData("http://shop.example")]
    [InlineData("https://shop.example:8443")]
    [InlineData("null")]
    // Localhost origins other than the configured one are Development's only.
    [InlineData("http://localhost:5173")]
    public async Task Any_other_origin_gets_no_cors_headers(string origin)
    {
        var client = factory.Anonymous();
        NoCorsHeaders(await client.SendAsync(Preflight("/api/cart", origin, "POST", "content-type")));
        var read = await client.SendAsync(From(origin, HttpMethod.Get, "/api/products"));
        await read.Expect(HttpStatusCode.OK);
        NoCorsHeaders(read);
    }

    [Theory]
    [MemberData(nameof(OtherCalls))]
    public async Task Admin_and_other_endpoints_never_answer_another_origin(string method, string path)
    {
        var client = factory.Admin();
        NoCorsHeaders(await client.SendAsync(Preflight(path, CorsKassaFactory.Shop, method, "content-type")));
        if (method != "GET") return;
        // Even with the key, from an origin the storefront endpoints answer.
        var response = await client.SendAsync(From(CorsKassaFactory.Shop, HttpMethod.Get, path));
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        NoCorsHeaders(response);
    }

    [Theory]
    [InlineData("x-api-token")]
    [InlineData("authorization")]
    [InlineData("content-type,x-api-token")]
    public async Task The_admin_key_cannot_be_sent_from_another_origin(string headers)
    {
        var response = await factory.Anonymous().SendAsync(Preflight("/api/cart", CorsKassaFactory.Shop, "POST", headers));
        var allowed = Header(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.DoesNotContain("x-api-token", allowed, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("authorization", allowed, StringComparer.OrdinalIgnoreCase);
    }

    internal static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers.Length > 0) request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    internal static HttpRequestMessage From(string origin, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    internal static void NoCorsHeaders(HttpResponseMessage response) =>
        Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers), h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
}

/// <summary>What <c>Kassa:Cors</c> accepts, what it refuses at start-up, and the defaults without it.</summary>
public sealed class StorefrontCorsSettingsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Theory]
    [InlineData("https://shop.example")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:5173")]
    public async Task With_nothing_configured_no_origin_is_answered(string origin)
    {
        var client = factory.Anonymous();
        StorefrontCorsTests.NoCorsHeaders(await client.SendAsync(StorefrontCorsTests.Preflight("/api/cart", origin, "POST", "content-type")));
        var read = await client.SendAsync(StorefrontCorsTests.From(origin, HttpMethod.Get, "/api/store"));
        await read.Expect(HttpStatusCode.OK);
        StorefrontCorsTests.NoCorsHeaders(read);
    }

    [Fact]
    public async Task In_development_any_localhost_origin_is_answered()
    {
        await using var own = await KassaFactory.CreateAsync();
        await using var development = own.WithWebHostBuilder(host => host.UseEnvironment("Development"));
        var client = development.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var origin in new[] { "http://localhost:5173", "https://localhost:8443", "http://localhost", "http://127.0.0.1:8080", "http://[::1]:3000" })
        {
            var preflight = await client.SendAsync(StorefrontCorsTests.Preflight("/api/cart", origin, "POST", "content-type"));
            Assert.Equal(origin, StorefrontCorsTests.Header(preflight, "Access-Control-Allow-Origin"));
            var read = await client.SendAsync(StorefrontCorsTests.From(origin, HttpMethod.Get, "/api/products"));
            Assert.Equal(origin, StorefrontCorsTests.Header(read, "Access-Control-Allow-Origin"));
        }
        foreach (var origin in new[] { "https://shop.example", "http://localhost.evil.example", "null" })
            StorefrontCorsTests.NoCorsHeaders(await client.SendAsync(StorefrontCorsTests.From(origin, HttpMethod.Get, "/api/products")));
        // Admin endpoints stay closed to localhost too.
        var admin = StorefrontCorsTests.From("http://localhost:5173", HttpMethod.Get, "/admin/api/ecommerce/v1/products");
        admin.Headers.Add("X-API-TOKEN", KassaFactory.AdminKey);
        StorefrontCorsTests.NoCorsHeaders(await client.SendAsync(admin));
    }

    [Fact]
    public async Task One_variable_may_list_several_origins_written_as_people_write_them()
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:Cors:AllowedOrigins", " https://Shop.Example/ ,https://b.example:8443,http://c.example:80"));
        var client = own.Anonymous();
        foreach (var origin in new[] { "https://shop.example", "https://b.example:8443", "http://c.example" })
        {
            var read = await client.SendAsync(StorefrontCorsTests.From(origin, HttpMethod.Get, "/api/products"));
            Assert.Equal(origin, StorefrontCorsTests.Header(read, "Access-Control-Allow-Origin"));
        }
        StorefrontCorsTests.NoCorsHeaders(await client.SendAsync(StorefrontCorsTests.From("https://b.example", HttpMethod.Get, "/api/products")));
    }

    [Theory]
    [InlineData("https://shop.example/path")]
    [InlineData("https://shop.example/?a=1")]
    [InlineData("https://user@shop.example")]
    [InlineData("ftp://shop.example")]
    [InlineData("shop.example")]
    [InlineData("*")]
    [InlineData("https://*.shop.example")]
    [InlineData("https://shop.example#top")]
    public async Task A_malformed_origin_stops_start_up_with_a_sentence_naming_it(string origin)
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:Cors:AllowedOrigins:0", "https://fine.example"), ("Kassa:Cors:AllowedOrigins:1", origin));
        var error = Assert.ThrowsAny<Exception>(() => own.CreateClient());
        var messages = Storefront.StorefrontCachingTests.Messages(error);
        Assert.Contains($"Kassa:Cors:AllowedOrigins:1 is '{origin}', which is not an origin", messages);
        Assert.Contains("Kassa__Cors__AllowedOrigins__1", messages);
    }
}
