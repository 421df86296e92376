namespace Kassa.Http;

/// <summary>
/// Headers on every answer Kassa gives (Kestrel's own refusals of malformed requests aside): <c>nosniff</c>;
/// <c>Referrer-Policy: no-referrer</c>, since Kassa's URLs are capabilities (cart, invoice and pay links); and
/// <c>Cache-Control: no-store</c> unless the endpoint chose its own, so carts, checkouts, orders and invoices are never
/// kept by a cache. An HTML page also gets a Content-Security-Policy with <c>frame-ancestors 'none'</c> (the endpoint's
/// own, its <see cref="PagePolicy"/>, or <see cref="DefaultPagePolicy"/>) and <c>X-Frame-Options: DENY</c> for older browsers.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Scripts, styles and requests from Kassa's own origin, inline styles (the invoice has them), images from anywhere
    /// over https; no plugins, no base or form targets elsewhere, no framing.
    /// </summary>
    public const string DefaultPagePolicy =
        "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Func<object, Task> Complete = state =>
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "no-referrer";
        if (headers.CacheControl.Count == 0) headers.CacheControl = "no-store";
        if (headers.ContentSecurityPolicy.Count == 0 && http.Response.ContentType is { } type && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = http.GetEndpoint()?.Metadata.GetMetadata<PagePolicy>()?.ContentSecurityPolicy ?? DefaultPagePolicy;
            if (headers.XFrameOptions.Count == 0) headers.XFrameOptions = "DENY";
        }
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(Complete, http);
        return next(http);
    }
}

/// <summary>An HTML endpoint's own Content-Security-Policy, for a page <see cref="SecurityHeaders.DefaultPagePolicy"/> would break.</summary>
public sealed record PagePolicy(string ContentSecurityPolicy);
