namespace Kassa.Http;

/// <summary>
/// What an endpoint takes and answers beyond its typed parameters and results (query strings and headers it reads
/// itself, problems it throws), as endpoint metadata. Only the OpenAPI document reads it (<see cref="OpenApiOperations"/>);
/// the problems every endpoint of a kind can give (a body's 400/413/415/422, a path id's 404, the admin key's 401)
/// are added there without being declared.
/// </summary>
public static class ApiDocs
{
    /// <summary>A Voog-style list: <c>page</c>, <c>per_page</c>, the <c>q.</c> filters of <paramref name="filters"/>, and the paging headers.</summary>
    public static TBuilder WithListQuery<TBuilder, T>(this TBuilder builder, QueryFilters<T> filters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ListQueryMetadata(filters.ObjectName, filters.Attributes.ToList()));

    /// <summary>A query parameter the handler reads from the request itself; a bad value is a 400.</summary>
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, QueryParameterMetadata parameter) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(parameter);

    /// <summary>An optional request header the handler reads itself.</summary>
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeaderMetadata(name, description));

    /// <summary>A body the handler reads as it is (a provider's signed event): any JSON, not bound to a type.</summary>
    public static TBuilder WithRawBody<TBuilder>(this TBuilder builder, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RawBodyMetadata(description));

    /// <summary>A change of a cart: <c>If-Match</c> (a stale one is a 412), and a 409 for a closed cart or a payment in progress.</summary>
    public static TBuilder WithIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IfMatchMetadata()).WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);

    /// <summary>The success answer carries the cart's <c>ETag</c>.</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETagMetadata());

    /// <summary><c>Idempotency-Key</c>: a bad key is a 400, one reused with another body a 422, one still in progress a 409.</summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata())
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

    /// <summary>The admin key is optional here: sent, it unlocks what only the shop may do (a client-set <c>price_data</c>).</summary>
    public static TBuilder WithOptionalAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OptionalAdminKeyMetadata());

    /// <summary>Problems (RFC 9457) the endpoint can answer besides the ones every endpoint of its kind gives.</summary>
    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemsMetadata(statuses));
}

public sealed record ListQueryMetadata(string ObjectName, IReadOnlyList<(string Name, Type Type)> Attributes);

/// <param name="Values">The values Kassa acts on, when it knows a fixed set.</param>
/// <param name="IsList">A comma-separated list (<c>include=items,translations</c>).</param>
public sealed record QueryParameterMetadata(string Name, Type Type, string Description, IReadOnlyList<string>? Values = null, bool IsList = false, string? Pattern = null,
    int? Minimum = null, int? Maximum = null);

public sealed record RequestHeaderMetadata(string Name, string Description);

public sealed record RawBodyMetadata(string Description);

public sealed record IfMatchMetadata;

public sealed record ETagMetadata;

public sealed record IdempotencyKeyMetadata;

public sealed record OptionalAdminKeyMetadata;

public sealed record ProblemsMetadata(IReadOnlyList<int> Statuses);

/// <summary>
/// A request field Kassa refuses (422, naming it) when it is left out or null: the OpenAPI document shows it as required
/// and not nullable. The record keeps it nullable so that the refusal is Kassa's own message, not a deserialization error.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;
