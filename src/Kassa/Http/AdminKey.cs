using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Cors;
using Microsoft.Extensions.Options;

namespace Kassa.Http;

/// <summary>
/// Checks the admin key sent as <c>X-API-TOKEN</c> or <c>Authorization: Bearer</c>. A wrong key counts against the
/// client's address in the <see cref="AdminLockout"/>, once per request. A failed check is logged as a warning (category
/// <c>Kassa.Http.AdminKey</c>) with the request's method, path and client address, never the key sent.
/// </summary>
public sealed partial class AdminKey(IOptions<KassaOptions> options, AdminLockout lockout, ILogger<AdminKey> logger)
{
    private readonly byte[]? _expectedHash = options.Value.AdminApiKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public bool IsConfigured => _expectedHash is not null;

    public bool IsAdmin(HttpContext http)
    {
        if (_expectedHash is null) return false;
        var presented = Presented(http.Request);
        if (presented is null) return false;
        if (http.Items.TryGetValue(typeof(AdminKey), out var known)) return (bool)known!;
        // Hashing first makes the comparison constant-time whatever the lengths.
        var matches = CryptographicOperations.FixedTimeEquals(_expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        http.Items[typeof(AdminKey)] = matches;
        if (!matches)
        {
            lockout.Failed(ClientAddress.Of(http));
            Rejected(http, "a wrong key was sent");
        }
        return matches;
    }

    /// <summary>
    /// Whether a key typed into the admin's sign-in form is the admin key; a wrong one counts against the address in the
    /// <see cref="AdminLockout"/> and is logged, as a wrong header is.
    /// </summary>
    public bool Accepts(HttpContext http, string? typed)
    {
        if (_expectedHash is null) return false;
        var matches = CryptographicOperations.FixedTimeEquals(_expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(typed ?? "")));
        if (!matches)
        {
            lockout.Failed(ClientAddress.Of(http));
            Rejected(http, "a wrong key was typed into the sign-in form");
        }
        return matches;
    }

    /// <summary>Whether the request carries an admin key at all, right or wrong.</summary>
    public static bool IsPresented(HttpRequest request) => Presented(request) is not null;

    /// <summary>An admin endpoint was called without a key, or while no key is configured (a wrong key is told by <see cref="IsAdmin"/>).</summary>
    internal void Refused(HttpContext http)
    {
        if (_expectedHash is null) Rejected(http, "no admin key is configured");
        else if (Presented(http.Request) is null) Rejected(http, "no key was sent");
    }

    private void Rejected(HttpContext http, string reason) =>
        LogRejected(logger, http.Request.Method, http.Request.Path.Value ?? "/", ClientAddress.Of(http)?.ToString() ?? "unknown", reason);

    [LoggerMessage(EventId = 3001, EventName = "AdminAuthenticationFailed", Level = LogLevel.Warning,
        Message = "Admin authentication failed for {Method} {Path} from {ClientAddress}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string clientAddress, string reason);

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-TOKEN", out var token) && !string.IsNullOrEmpty(token))
            return token.ToString();
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? authorization[bearer.Length..].Trim() : null;
    }
}

public static class AdminKeyEndpointExtensions
{
    /// <summary>
    /// Answers 401 unless the admin key is presented. The check wraps the endpoint's request delegate,
    /// so it runs before the body is read: a caller without the key learns nothing from validation
    /// errors, media-type checks or malformed-JSON answers. An admin endpoint never answers another origin, even in a
    /// group that does (<see cref="StorefrontCors"/>): no CORS headers, and a preflight gets none either.
    /// </summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException("RequireAdminKey needs an endpoint with a request delegate.");
            endpoint.RequestDelegate = http =>
            {
                var adminKey = http.RequestServices.GetRequiredService<AdminKey>();
                return adminKey.IsAdmin(http) ? inner(http) : Unauthorized(http, adminKey);
            };
        });
        return builder
            .WithMetadata(new DisableCorsAttribute())
            .WithMetadata(new AdminOnlyMetadata());
    }

    private static Task Unauthorized(HttpContext http, AdminKey adminKey)
    {
        adminKey.Refused(http);
        var detail = adminKey.IsConfigured
            ? "This endpoint needs the admin key, sent as 'X-API-TOKEN: <key>' or 'Authorization: Bearer <key>'."
            : "The admin API is closed because no admin key is configured. Set Kassa__AdminApiKey (environment) or Kassa:AdminApiKey (appsettings) and send it as 'X-API-TOKEN'.";
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(http);
    }
}

/// <summary>Marks an endpoint as admin-only, for the OpenAPI document (its security and its 401).</summary>
public sealed record AdminOnlyMetadata;
