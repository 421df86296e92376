using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// The sandbox provider's hosted pay page. Pay and Cancel send a signed webhook through
/// <see cref="PaymentWebhooks"/>, the path real providers use, then return the shopper to the shop.
/// The page opens only with its pay link's token (<see cref="SandboxPaymentProvider.PayToken"/>), which
/// its forms carry back; a form post from another site is refused, and the page cannot be framed.
/// </summary>
public static partial class SandboxPayPage
{
    public const string TokenField = "token";

    private const string Style =
        "body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto}form{display:inline}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}";

    private static readonly string StyleSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>The page of one order, as a path with its pay link's token.</summary>
    public static string Link(Guid orderUuid, string token) => $"/pay/sandbox/{orderUuid}?{TokenField}={token}";

    public static void MapSandboxPayPage(this IEndpointRouteBuilder app)
    {
        var pay = app.MapGroup("/pay/sandbox").WithTags("Payments").ExcludeFromDescription();
        pay.MapGet("/{orderUuid:guid}", Show);
        // The link's token in the form and the same-origin check stand in for antiforgery, with no cookie state.
        pay.MapPost("/{orderUuid:guid}/{action:regex(^(pay|cancel)$)}", Act).DisableAntiforgery();
        WarnOutsideDevelopment(app.ServiceProvider);
    }

    private static async Task<IResult> Show(
        Guid orderUuid, string? token, HttpResponse response, KassaDbContext db, PaymentGateways gateways, CancellationToken ct)
    {
        var sandbox = Sandbox(gateways);
        // A link without its own token is answered exactly as an order that does not exist.
        if (!sandbox.IsPayToken(orderUuid, token)) throw new NotFoundException("Payment", orderUuid);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == SandboxPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var open = order.PaymentStatus == OrderPaymentStatus.Pending;
        var tokenInput = $"""<input type="hidden" name="{TokenField}" value="{E(token)}">""";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sandbox payment {{E(order.Code)}}</title>
            <style>{{Style}}</style>
            </head><body>
            <p><strong>Sandbox</strong> — a test payment; no money moves.</p>
            <h1>Order {{E(order.Code)}}</h1>
            <p id="amount">{{E(Pricing.Money.ToVoog(order.TotalAmount))}} {{E(order.Currency)}}</p>
            <p id="status">Payment: {{E(order.PaymentStatus)}}</p>
            {{(open ? $"""
            <form method="post" action="/pay/sandbox/{order.Uuid}/pay">{tokenInput}<button id="pay" type="submit">Pay</button></form>
            <form method="post" action="/pay/sandbox/{order.Uuid}/cancel">{tokenInput}<button id="cancel" type="submit">Cancel</button></form>
            """ : "")}}
            </body></html>
            """;
        SetPageHeaders(response.Headers, order);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> Act(
        Guid orderUuid, string action, HttpRequest request, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        var sandbox = Sandbox(gateways);
        RefuseCrossSite(request);
        var token = request.HasFormContentType ? (await request.ReadFormAsync(ct))[TokenField].ToString() : null;
        if (!sandbox.IsPayToken(orderUuid, token)) throw new NotFoundException("Payment", orderUuid);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == SandboxPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);

        var now = clock.GetUtcNow();
        var (body, signature) = sandbox.CreateEvent(orderUuid, action == "pay" ? "payment.paid" : "payment.cancelled", now);
        var headers = new HeaderDictionary { [SandboxPaymentProvider.SignatureHeader] = signature };
        await PaymentWebhooks.ProcessAsync(db, sandbox, headers, body, now, ct);

        // Where the shopper goes follows what the order is now, not the button: Pay on a stale page
        // for a cancelled order is no success. Only a URL the order holds, never one from the request.
        var paid = await db.Orders.AsNoTracking().Where(o => o.Uuid == orderUuid).Select(o => o.PaymentStatus).SingleAsync(ct) == OrderPaymentStatus.Paid;
        var target = (paid ? new[] { order.SuccessUrl, order.ReturnUrl } : [order.CancelUrl, order.ReturnUrl]).Select(ShopUrl).FirstOrDefault(u => u is not null);
        return target is null
            ? Results.Redirect(Link(orderUuid, sandbox.PayToken(orderUuid)), permanent: false, preserveMethod: false)
            : Results.Redirect(target.AbsoluteUri);
    }

    private static SandboxPaymentProvider Sandbox(PaymentGateways gateways) =>
        gateways.Find(SandboxPaymentProvider.Code) as SandboxPaymentProvider
        ?? throw new NotFoundException("Payment gateway", SandboxPaymentProvider.Code);

    /// <summary>
    /// A form post from another site is refused: the browser's <c>Sec-Fetch-Site</c> must say same-origin
    /// (or a user's own action), and its <c>Origin</c> must be Kassa's, as the request reached it or as
    /// <c>Kassa__PublicBaseUrl</c> names it. A client that sends neither header is no browser a page could steer.
    /// </summary>
    private static void RefuseCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none") || origin.Length > 0 && !IsKassasOrigin(request, origin))
            throw new DomainException(StatusCodes.Status403Forbidden, "Forbidden",
                "A form post from another site is refused: Pay and Cancel work only from the sandbox pay page itself.");
    }

    private static bool IsKassasOrigin(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var sent) && sent.PathAndQuery == "/" &&
        (SameOrigin(sent, $"{request.Scheme}://{request.Host}") || SameOrigin(sent, PublicUrls.Base(request)));

    private static bool SameOrigin(Uri sent, string own) =>
        Uri.TryCreate(own, UriKind.Absolute, out var kassa) && sent.Scheme == kassa.Scheme && sent.Port == kassa.Port &&
        string.Equals(sent.IdnHost, kassa.IdnHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>A URL the order holds, if it is an absolute http(s) URL: the only places the shopper is sent.</summary>
    private static Uri? ShopUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    /// <summary>
    /// Nothing loads but the page's own style (no style attributes: the hash does not cover them); no page may frame it;
    /// its forms post to Kassa only, and the redirect after them (which browsers check against form-action too) to the
    /// origins of the order's own URLs. The link's token leaves in no Referer but to Kassa itself: <c>same-origin</c>,
    /// not <c>no-referrer</c>, under which a browser sends <c>Origin: null</c> with the page's own form posts, which
    /// <see cref="RefuseCrossSite"/> must refuse.
    /// </summary>
    private static void SetPageHeaders(IHeaderDictionary headers, Order order)
    {
        var shops = new[] { order.SuccessUrl, order.CancelUrl, order.ReturnUrl }.Select(ShopUrl).OfType<Uri>()
            .Select(u => $"{u.Scheme}://{(u.HostNameType == UriHostNameType.IPv6 ? u.Host : u.IdnHost)}{(u.IsDefaultPort ? "" : $":{u.Port}")}")
            .Distinct();
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src {StyleSource}; form-action {string.Join(' ', ["'self'", .. shops])}; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
    }

    private static void WarnOutsideDevelopment(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (environment.IsDevelopment() || services.GetRequiredService<PaymentGateways>().Find(SandboxPaymentProvider.Code) is null) return;
        SandboxEnabled(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SandboxPayPage).FullName!), environment.EnvironmentName);
    }

    [LoggerMessage(EventId = 1, EventName = "SandboxEnabledOutsideDevelopment", Level = LogLevel.Warning,
        Message = "The sandbox payment provider is enabled in the {Environment} environment: its pay page lets anyone holding a pay link " +
                  "mark that order paid, and no money moves. Do not enable it in production (unset Kassa__Payments__Sandbox__WebhookSecret).")]
    private static partial void SandboxEnabled(ILogger logger, string environment);
}
