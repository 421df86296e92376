using System.Net;
using System.Text;

namespace Kassa.Tests.Http;

/// <summary>
/// The per-client limits (Kassa:RateLimits): a token bucket per client address on new carts (both dialects), on
/// checkouts and payment starts, and on every other anonymous write; 429 problems with Retry-After; the bucket refills
/// on the test clock; reads, the right admin key, trusted clients and payment webhooks are not limited; and the
/// address is the connection's unless a configured proxy forwarded it.
/// </summary>
public sealed class RateLimitTests
{
    private const string Voog = "/admin/api/ecommerce/v1";

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> NewOutshifterCart(HttpClient client) => client.PostAsync("/api/cart", Json("{}"));

    private static Task<HttpResponseMessage> NewVoogCart(HttpClient client) => client.PostAsync($"{Voog}/carts", Json("{}"));

    private static async Task<string> CartId(HttpResponseMessage created) =>
        (await created.Expect(HttpStatusCode.Created)).GetProperty("cart_id").GetString()!;

    private static async Task<string> CartWithItem(HttpClient client)
    {
        var id = await CartId(await NewOutshifterCart(client));
        await (await client.PostAsync($"/api/cart/{id}/item/add", Json("""{"line_items":[{"product_id":1,"quantity":1}]}"""))).Expect(HttpStatusCode.OK);
        return id;
    }

    private static async Task ExpectLimited(HttpResponseMessage response, string text, int retryAfter)
    {
        var problem = await response.ExpectProblem(HttpStatusCode.TooManyRequests, text: text);
        Assert.Equal("Too Many Requests", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(retryAfter), response.Headers.RetryAfter?.Delta);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    public static TheoryData<string, Func<HttpClient, Task<HttpResponseMessage>>> CartCreations => new()
    {
        { "Outshifter", NewOutshifterCart },
        { "Voog", NewVoogCart },
    };

    [Theory]
    [MemberData(nameof(CartCreations))]
    public async Task New_carts_are_limited_per_address_and_the_bucket_refills_on_the_clock(string dialect, Func<HttpClient, Task<HttpResponseMessage>> create)
    {
        await using var kassa = await ClientAddressFactory.StartAsync(
            ("Kassa:RateLimits:CartCreation:PermitLimit", "2"), ("Kassa:RateLimits:CartCreation:WindowSeconds", "60"));
        var shopper = kassa.Factory.From("203.0.113.7");

        await (await create(shopper)).Expect(HttpStatusCode.Created);
        await (await create(shopper)).Expect(HttpStatusCode.Created);
        // Two per 60 s: one permit comes back every 30 s.
        await ExpectLimited(await create(shopper), "at most 2 per 60 s", retryAfter: 30);

        // Another address has a bucket of its own.
        await (await create(kassa.Factory.From("203.0.113.8"))).Expect(HttpStatusCode.Created);

        kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(29));
        await ExpectLimited(await create(shopper), "new carts", retryAfter: 1);
        kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await create(shopper)).StatusCode == HttpStatusCode.Created, $"{dialect}: the permit earned in 30 s was refused");
        await ExpectLimited(await create(shopper), "new carts", retryAfter: 30);
    }

    [Fact]
    public async Task Both_dialects_draw_on_one_bucket_of_new_carts()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:CartCreation:PermitLimit", "2"));
        var shopper = kassa.Factory.From("203.0.113.7");

        await (await NewOutshifterCart(shopper)).Expect(HttpStatusCode.Created);
        await (await NewVoogCart(shopper)).Expect(HttpStatusCode.Created);
        await ExpectLimited(await NewVoogCart(shopper), "new carts", retryAfter: 30);
        await ExpectLimited(await NewOutshifterCart(shopper), "new carts", retryAfter: 30);
    }

    [Fact]
    public async Task Anonymous_writes_are_limited_but_reads_are_not()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:Writes:PermitLimit", "2"), ("Kassa:RateLimits:Writes:WindowSeconds", "10"));
        var shopper = kassa.Factory.From("198.51.100.20");
        var cartId = await CartId(await NewOutshifterCart(shopper));
        var add = () => shopper.PostAsync($"/api/cart/{cartId}/item/add", Json("""{"line_items":[{"product_id":1,"quantity":1}]}"""));

        await (await add()).Expect(HttpStatusCode.OK);
        await (await add()).Expect(HttpStatusCode.OK);
        await ExpectLimited(await add(), "Too many changes from your address", retryAfter: 5);
        // The other writes share the bucket; reads are never limited.
        await ExpectLimited(await shopper.PostAsync("/api/shipping/flat-rate", Json("""{"items":[{"productId":1,"quantity":1}],"destination":{"country":"EE"}}""")),
            "changes", retryAfter: 5);
        for (var i = 0; i < 5; i++) await (await shopper.GetAsync($"/api/cart/{cartId}")).Expect(HttpStatusCode.OK);
        // New carts have a limit of their own.
        await (await NewOutshifterCart(shopper)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Checkouts_have_their_own_limit()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:CheckoutCreation:PermitLimit", "1"));
        var shopper = kassa.Factory.From("198.51.100.30");
        var first = await CartWithItem(shopper);
        var second = await CartWithItem(shopper);

        await (await shopper.PostAsync("/api/checkout", Json($$"""{"cart_id":"{{first}}"}"""))).Expect(HttpStatusCode.Created);
        await ExpectLimited(await shopper.PostAsync("/api/checkout", Json($$"""{"cart_id":"{{second}}"}""")), "checkouts and payment starts", retryAfter: 60);
        await ExpectLimited(await shopper.PostAsync($"{Voog}/carts/{second}/checkout", Json("""{"gateway_code":"offline"}""")), "checkouts", retryAfter: 60);
    }

    [Fact]
    public async Task The_right_admin_key_trusted_clients_and_payment_webhooks_are_not_limited()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(
            ("Kassa:RateLimits:CartCreation:PermitLimit", "1"), ("Kassa:RateLimits:Writes:PermitLimit", "1"),
            ("Kassa:RateLimits:TrustedClients", "10.20.0.0/16, 192.0.2.1"));

        // A server-side storefront that sends every shopper from its own address.
        foreach (var storefront in new[] { "10.20.3.4", "192.0.2.1", "::ffff:10.20.0.9" })
            for (var i = 0; i < 3; i++) await (await NewOutshifterCart(kassa.Factory.From(storefront))).Expect(HttpStatusCode.Created);
        await (await NewOutshifterCart(kassa.Factory.From("192.0.2.2"))).Expect(HttpStatusCode.Created);
        await ExpectLimited(await NewOutshifterCart(kassa.Factory.From("192.0.2.2")), "new carts", retryAfter: 60);

        var admin = kassa.Factory.From("192.0.2.50", KassaFactory.AdminKey);
        for (var i = 0; i < 3; i++) await (await NewOutshifterCart(admin)).Expect(HttpStatusCode.Created);

        var provider = kassa.Factory.From("192.0.2.60");
        for (var i = 0; i < 3; i++)
            await (await provider.PostAsync("/api/payments/webhooks/sandbox", Json("{}"))).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_IPv6_client_is_one_slash_64()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:CartCreation:PermitLimit", "1"));

        await (await NewOutshifterCart(kassa.Factory.From("2001:db8:1:2::1"))).Expect(HttpStatusCode.Created);
        await ExpectLimited(await NewOutshifterCart(kassa.Factory.From("2001:db8:1:2:ffff::9")), "new carts", retryAfter: 60);
        await (await NewOutshifterCart(kassa.Factory.From("2001:db8:1:3::1"))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Limits_can_be_switched_off()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:Enabled", "false"), ("Kassa:RateLimits:CartCreation:PermitLimit", "1"));
        var shopper = kassa.Factory.From("203.0.113.7");
        for (var i = 0; i < 3; i++) await (await NewOutshifterCart(shopper)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task X_Forwarded_For_is_ignored_unless_the_request_came_through_a_configured_proxy()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(("Kassa:RateLimits:CartCreation:PermitLimit", "1"));
        var client = kassa.Factory.From("203.0.113.7");

        await (await Forwarded(client, "198.51.100.1")).Expect(HttpStatusCode.Created);
        // A client cannot name a fresh address for itself.
        await ExpectLimited(await Forwarded(client, "198.51.100.2"), "new carts", retryAfter: 60);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_bucket()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(
            ("Kassa:RateLimits:CartCreation:PermitLimit", "1"),
            ("Kassa:ForwardedHeaders:KnownProxies:0", "10.0.0.2"), ("Kassa:ForwardedHeaders:KnownNetworks:0", "172.16.0.0/12"));
        var proxy = kassa.Factory.From("10.0.0.2");
        var otherProxy = kassa.Factory.From("172.17.0.5");

        await (await Forwarded(proxy, "198.51.100.1")).Expect(HttpStatusCode.Created);
        await (await Forwarded(proxy, "198.51.100.2")).Expect(HttpStatusCode.Created);
        await ExpectLimited(await Forwarded(otherProxy, "198.51.100.1"), "new carts", retryAfter: 60);
        // A chain of known proxies is walked back to the client; an unknown hop stops the walk there.
        await (await Forwarded(proxy, "198.51.100.3, 172.17.0.9")).Expect(HttpStatusCode.Created);
        await ExpectLimited(await Forwarded(proxy, "198.51.100.4, 198.51.100.3"), "new carts", retryAfter: 60);

        // Not from a proxy: the header is the client's own claim and is ignored.
        var direct = kassa.Factory.From("203.0.113.9");
        await (await Forwarded(direct, "198.51.100.50")).Expect(HttpStatusCode.Created);
        await ExpectLimited(await Forwarded(direct, "198.51.100.51"), "new carts", retryAfter: 60);
    }

    private static Task<HttpResponseMessage> Forwarded(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart") { Content = Json("{}") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
