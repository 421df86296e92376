namespace Kassa.Http;

/// <summary>
/// CORS for the anonymous endpoints a browser storefront calls (both cart dialects, checkout, payment status, the
/// public catalog), from the origins in <c>Kassa:Cors:AllowedOrigins</c>; in Development also from any localhost
/// origin. Nothing else answers another origin: the policy is put on those route groups only, and an admin endpoint
/// refuses it even inside one (<see cref="AdminKeyEndpointExtensions.RequireAdminKey"/>). No credentials: a cart is
/// reached by its id, never by a cookie; and neither <c>X-API-TOKEN</c> nor <c>Authorization</c> may be sent.
/// </summary>
public static class StorefrontCors
{
    public const string Policy = "storefront";

    /// <summary>Request headers a storefront sends beyond the CORS-safelisted ones.</summary>
    public static readonly string[] AllowedHeaders = ["Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"];

    /// <summary>Response headers a storefront's script may read beyond the safelisted ones: versions, new addresses, paging (<see cref="Paging"/>).</summary>
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Link", "X-Total-Count", "Retry-After"];

    private const string Key = "Kassa:Cors:AllowedOrigins";

    /// <summary>
    /// Registers the policy from <c>Kassa:Cors:AllowedOrigins</c> (origins such as <c>https://shop.example</c>; none
    /// by default). Read from the section rather than bound, so that one comma-separated variable works too; a
    /// malformed origin stops start-up with a sentence that names it.
    /// </summary>
    public static IServiceCollection AddStorefrontCors(this IServiceCollection services, IConfigurationSection kassa, IHostEnvironment environment)
    {
        var origins = new StorefrontOrigins(AllowedOrigins(kassa.GetSection("Cors:AllowedOrigins")), environment.IsDevelopment());
        services.AddSingleton(origins);
        services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .SetIsOriginAllowed(origins.Allows)
            .AllowAnyMethod()
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    public static TBuilder RequireStorefrontCors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCors(Policy);

    /// <summary>
    /// The list (<c>Kassa__Cors__AllowedOrigins__0</c>, <c>__1</c>, …) and, for one variable, a comma-separated value
    /// (<c>Kassa__Cors__AllowedOrigins=https://a.example,https://b.example</c>), each as a browser writes an origin.
    /// </summary>
    internal static HashSet<string> AllowedOrigins(IConfigurationSection section)
    {
        var given = new List<(string Key, string Value)>();
        if (section.Value is { } list)
            given.AddRange(list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (Key, v)));
        given.AddRange(section.GetChildren().Where(c => c.Value is not null).Select(c => ($"{Key}:{c.Key}", c.Value!)));
        return given.Select(g => Origin(g.Key, g.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <c>scheme://host[:port]</c> as the browser's <c>Origin</c> header has it: lower case, no default port, no path.
    /// A trailing slash is forgiven; a path, query, user or wildcard is an error, since it could never match.
    /// </summary>
    internal static string Origin(string key, string value)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps ||
            uri.Host.Length == 0 || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 ||
            uri.AbsolutePath != "/" || text.Contains('*'))
        {
            throw new InvalidOperationException(
                $"{key} is '{value}', which is not an origin: write each one as http(s)://host[:port] with no path or wildcard, e.g. https://shop.example " +
                $"(environment: {key.Replace(":", "__", StringComparison.Ordinal)}).");
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return $"{uri.Scheme}://{host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}";
    }

}

/// <summary>The origins the storefront policy answers, for the policy and for whoever must know whether it will (a <c>Vary</c>).</summary>
/// <param name="localhost">Development: any http(s) localhost, 127.0.0.1 or [::1] origin, any port, too.</param>
public sealed class StorefrontOrigins(IReadOnlySet<string> configured, bool localhost)
{
    public bool Allows(string origin) => configured.Contains(origin) || localhost && IsLocalhost(origin);

    private static bool IsLocalhost(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.IsLoopback && uri.AbsolutePath == "/" && uri.Query.Length == 0;
}
