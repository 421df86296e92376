using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kassa.Http;

/// <summary>Checks the admin key sent as <c>X-API-TOKEN</c> or <c>Authorization: Bearer</c>.</summary>
public sealed class AdminKey(IOptions<KassaOptions> options)
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
        // Hashing first makes the comparison constant-time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(_expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-API-TOKEN", out var token) && !string.IsNullOrEmpty(token))
            return token.ToString();
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? authorization[bearer.Length..].Trim() : null;
    }
}

/// <summary>Endpoint filter that answers 401 unless the admin key is presented.</summary>
public sealed class AdminKeyFilter(AdminKey adminKey) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (adminKey.IsAdmin(context.HttpContext)) return await next(context);

        var detail = adminKey.IsConfigured
            ? "This endpoint needs the admin key, sent as 'X-API-TOKEN: <key>' or 'Authorization: Bearer <key>'."
            : "The admin API is closed because no admin key is configured. Set Kassa__AdminApiKey (environment) or Kassa:AdminApiKey (appsettings) and send it as 'X-API-TOKEN'.";
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}

public static class AdminKeyEndpointExtensions
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AdminKeyFilter>()
            .WithMetadata(new AdminOnlyMetadata())
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>Marks an endpoint as admin-only, for the OpenAPI document.</summary>
public sealed record AdminOnlyMetadata;
