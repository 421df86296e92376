using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kassa.Tests.Checkout;
using Kassa.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Payments;

/// <summary>
/// The sandbox pay page pays only the order whose link it was opened with: each link carries its own
/// token, the forms carry it back, cross-site posts are refused, the page cannot be framed, the shopper
/// goes back to a URL the order holds, and Kassa warns when the sandbox is enabled outside Development.
/// </summary>
[StartsFirst]
public sealed class SandboxPayPageSecurityTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const string ShopReturn = "https://shop.example/done";

    private sealed record SandboxOrder(long Id, Guid Uuid, string PaymentUrl, long Product)
    {
        public string Token => System.Web.HttpUtility.ParseQueryString(new Uri(PaymentUrl).Query)["token"] ?? "";

        public string PagePath => $"/pay/sandbox/{Uuid}";
    }

    /// <summary>A pending sandbox order for a product of its own (stock 5, one unit reserved).</summary>
    private async Task<SandboxOrder> PlaceOrder(string? returnUrl = ShopReturn)
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 5);
        var (cart, _) = await client.VoogCart((product, 1));
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{cart}/checkout",
            new { gateway_code = "sandbox", return_url = returnUrl })).Expect(HttpStatusCode.OK);
        return new SandboxOrder(order.GetProperty("id").GetInt64(), Guid.Parse(order.Str("uuid")),
            order.GetProperty("urls").Str("payment_url"), product);
    }

    private async Task AssertStillPending(SandboxOrder order)
    {
        var now = await factory.GetOrder(order.Id);
        Assert.Equal("pending", now.Str("payment_status"));
        Assert.Equal(4, await factory.Stock(order.Product));
        await using var scope = factory.Scope(out var db);
        Assert.Equal(0, await db.PaymentEvents.CountAsync(e => e.OrderUuid == order.Uuid));
    }

    /// <summary>A form post as a browser on Kassa's own page sends it, with the given form fields.</summary>
    private static HttpRequestMessage FormPost(string path, IEnumerable<KeyValuePair<string, string>> fields, string? origin = "http://localhost", string? fetchSite = "same-origin")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    private static KeyValuePair<string, string>[] TokenField(string token) => [new("token", token)];

    [Fact]
    public async Task The_payment_url_carries_its_own_token_and_paying_with_it_goes_through_the_webhook_path()
    {
        var order = await PlaceOrder();
        Assert.Matches($"^http://localhost/pay/sandbox/{order.Uuid}\\?token=[A-Za-z0-9_-]{{43}}$", order.PaymentUrl);
        Assert.Equal(SandboxPayToken(KassaFactory.SandboxSecret, order.Uuid.ToString()), order.Token);

        var client = factory.Anonymous();
        var (_, fields) = await client.SandboxForm(order.PaymentUrl, "pay");
        Assert.Equal(order.Token, fields["token"]);

        var pay = await client.Sandbox(order.PaymentUrl, "pay");
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        Assert.Equal(ShopReturn, pay.Headers.Location?.ToString());
        Assert.Equal("paid", (await factory.GetOrder(order.Id)).Str("payment_status"));
        await using var scope = factory.Scope(out var db);
        var recorded = await db.PaymentEvents.SingleAsync(e => e.OrderUuid == order.Uuid);
        Assert.Equal(("sandbox", "paid", "applied"), (recorded.GatewayCode, recorded.Outcome, recorded.Result));
    }

    public static TheoryData<string, string> WrongTokens => new()
    {
        { "pay", "no token field" },
        { "pay", "an empty token" },
        { "pay", "a wrong token" },
        { "pay", "the token of another order" },
        { "pay", "the token twice" },
        { "pay", "the token in the query string, not the form" },
        { "cancel", "no token field" },
        { "cancel", "a wrong token" },
        { "cancel", "the token of another order" },
    };

    [Theory]
    [MemberData(nameof(WrongTokens))]
    public async Task Pay_or_cancel_without_the_links_own_token_is_refused_and_changes_nothing(string action, string sent)
    {
        var order = await PlaceOrder();
        var other = await PlaceOrder();
        var path = $"{order.PagePath}/{action}";
        KeyValuePair<string, string>[] fields = sent switch
        {
            "no token field" => [],
            "an empty token" => TokenField(""),
            "a wrong token" => TokenField(new string('A', order.Token.Length)),
            "the token of another order" => TokenField(other.Token),
            "the token twice" => [new("token", order.Token), new("token", order.Token)],
            "the token in the query string, not the form" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(sent)),
        };
        if (sent.StartsWith("the token in the query")) path += $"?token={order.Token}";

        var response = await factory.Anonymous().SendAsync(FormPost(path, fields));

        await response.ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(response.Headers.Location);
        await AssertStillPending(order);
        await AssertStillPending(other);
    }

    [Fact]
    public async Task The_page_without_the_links_own_token_is_a_404_that_reveals_nothing()
    {
        var order = await PlaceOrder();
        var other = await PlaceOrder();
        var client = factory.Anonymous();
        var unknown = Guid.NewGuid();
        var unknownBody = await (await client.GetAsync($"/pay/sandbox/{unknown}")).Content.ReadAsStringAsync();

        foreach (var query in new[] { "", "?token=", $"?token={other.Token}", $"?token={order.Token.ToLowerInvariant()}" })
        {
            var response = await client.GetAsync(order.PagePath + query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{query}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            // Word for word what an order that does not exist gets: the answer tells nothing about the order.
            Assert.Equal(WithoutTraceId(unknownBody.Replace(unknown.ToString(), order.Uuid.ToString())), WithoutTraceId(body));
        }
        await AssertStillPending(order);
    }

    private static string WithoutTraceId(string problem)
    {
        var json = JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("trace_id"), problem);
        return json.ToJsonString();
    }

    [Fact]
    public async Task After_pay_the_shopper_goes_to_a_url_the_order_holds_never_one_from_the_request()
    {
        var order = await PlaceOrder();
        var (action, fields) = await factory.Anonymous().SandboxForm(order.PaymentUrl, "pay");
        var steered = fields.Concat([
            new("return_url", "https://evil.example/"), new("success_url", "https://evil.example/"),
            new("redirect", "https://evil.example/"), new("next", "//evil.example/")]);

        var pay = await factory.Anonymous().SendAsync(FormPost($"{action}?return_url=https://evil.example/&success_url=https://evil.example/", steered));

        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        Assert.Equal(ShopReturn, pay.Headers.Location?.ToString());

        // An order without any return URL sends the shopper back to its page, with the link's token.
        var bare = await PlaceOrder(returnUrl: null);
        var cancel = await factory.Anonymous().Sandbox(bare.PaymentUrl, "cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Equal($"{bare.PagePath}?token={bare.Token}", cancel.Headers.Location?.ToString());
        Assert.NotEqual("", bare.Token);
        var after = await factory.Anonymous().GetAsync(cancel.Headers.Location!.ToString());
        Assert.Contains("Payment: cancelled", await after.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string?, string?> CrossSitePosts => new()
    {
        { "another site's Origin", "https://evil.example", "cross-site" },
        { "another site's Origin, no Sec-Fetch-Site", "https://evil.example", null },
        { "Kassa's host on another port", "http://localhost:8080", null },
        { "Kassa's host over another scheme", "https://localhost", null },
        { "an opaque Origin (sandboxed frame)", "null", null },
        { "Sec-Fetch-Site cross-site, no Origin", null, "cross-site" },
        { "Sec-Fetch-Site same-site (a sibling host)", null, "same-site" },
        { "Kassa's Origin but Sec-Fetch-Site cross-site", "http://localhost", "cross-site" },
    };

    [Theory]
    [MemberData(nameof(CrossSitePosts))]
    public async Task A_cross_site_form_post_is_a_403_that_changes_nothing(string what, string? origin, string? fetchSite)
    {
        var order = await PlaceOrder();
        foreach (var action in new[] { "pay", "cancel" })
        {
            var response = await factory.Anonymous().SendAsync(FormPost($"{order.PagePath}/{action}", TokenField(order.Token), origin, fetchSite));
            await response.ExpectProblem(HttpStatusCode.Forbidden);
            Assert.True(response.Headers.Location is null, what);
        }
        await AssertStillPending(order);
    }

    public static TheoryData<string, string?, string?> SameOriginPosts => new()
    {
        { "a browser on the page", "http://localhost", "same-origin" },
        { "an older browser (Origin only)", "http://localhost", null },
        { "Origin with the default port spelled out", "http://localhost:80", null },
        { "a user-initiated request", null, "none" },
        { "a client that is no browser", null, null },
    };

    [Theory]
    [MemberData(nameof(SameOriginPosts))]
    public async Task A_same_origin_post_with_the_token_is_accepted(string what, string? origin, string? fetchSite)
    {
        var order = await PlaceOrder();
        var (action, fields) = await factory.Anonymous().SandboxForm(order.PaymentUrl, "pay");
        Assert.Equal(order.Token, fields.GetValueOrDefault("token"));

        var response = await factory.Anonymous().SendAsync(FormPost(action, fields, origin, fetchSite));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("paid", (await factory.GetOrder(order.Id)).Str("payment_status"));
    }

    [Fact]
    public async Task Behind_a_public_base_url_its_origin_is_kassas_own()
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:PublicBaseUrl", "https://pay.kassa.example"));
        var client = own.Anonymous();
        var product = await own.CreateProduct(stock: 5);
        var (cart, _) = await client.VoogCart((product, 1));
        var placed = await (await client.PostAsJsonAsync($"{VoogCarts}/{cart}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        var paymentUrl = placed.GetProperty("urls").Str("payment_url");
        Assert.StartsWith($"https://pay.kassa.example/pay/sandbox/{placed.Str("uuid")}?token=", paymentUrl);
        var (action, fields) = await client.SandboxForm(paymentUrl, "pay");

        var refused = await client.SendAsync(FormPost(action, fields, "https://evil.example", null));
        await refused.ExpectProblem(HttpStatusCode.Forbidden);
        var accepted = await client.SendAsync(FormPost(action, fields, "https://pay.kassa.example", "same-origin"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("paid", (await own.GetOrder(placed.GetProperty("id").GetInt64())).Str("payment_status"));
    }

    [Fact]
    public async Task The_page_cannot_be_framed_and_posts_only_to_kassa_and_the_shops_return_url()
    {
        var order = await PlaceOrder("https://shop.example:8443/thanks?order=1");
        var page = await factory.Anonymous().GetAsync(new Uri(order.PaymentUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["default-src"]);
        // The form posts to the page itself, and the redirect after it (which browsers check against
        // form-action too) goes to the shop's origin: nothing else.
        Assert.Equal(["'self'", "https://shop.example:8443"], policy["form-action"]);
        Assert.Single(policy["style-src"], s => s.StartsWith("'sha256-"));
        Assert.Equal("same-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.True(page.Headers.CacheControl?.NoStore, "the page holds a pay link's token: never stored");
    }

    [Fact]
    public async Task Startup_warns_when_the_sandbox_is_enabled_outside_development()
    {
        (string Environment, string? Secret, bool Warns)[] cases =
        [
            ("Production", KassaFactory.SandboxSecret, true),
            ("Staging", KassaFactory.SandboxSecret, true),
            ("Development", KassaFactory.SandboxSecret, false),
            ("Production", "", false),
        ];
        foreach (var (environment, secret, warns) in cases)
        {
            var capture = new CapturingProvider();
            await using (var host = factory.WithWebHostBuilder(builder => builder
                             .UseEnvironment(environment)
                             .UseSetting("Kassa:Payments:Sandbox:WebhookSecret", secret)
                             .ConfigureLogging(logging => logging.AddProvider(capture))))
            {
                _ = host.Services; // builds and starts the host
            }
            var warnings = capture.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("sandbox", StringComparison.OrdinalIgnoreCase)).ToList();
            if (!warns)
            {
                Assert.True(warnings.Count == 0, $"{environment}, secret '{secret}': {string.Join(" | ", warnings.Select(w => w.Message))}");
                continue;
            }
            var warning = Assert.Single(warnings);
            Assert.Contains(environment, warning.Message);
            Assert.Contains("do not enable it in production", warning.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
