using Microsoft.Extensions.Options;

namespace Kassa.Http;

/// <summary>Absolute links in responses start at Kassa__PublicBaseUrl, or at the request's own origin.</summary>
public static class PublicUrls
{
    /// <summary>Where the Voog Ecommerce v1 API is served, as the seed names its paths.</summary>
    public const string VoogBase = "/admin/api/ecommerce/v1";

    public static string Base(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<KassaOptions>>().Value.PublicBaseUrl;
        return configured is { Length: > 0 }
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
