using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kassa.Http;

/// <summary>
/// Completes each operation of the OpenAPI document from its endpoint's metadata (<see cref="ApiDocs"/>): the query
/// parameters and headers the handler reads itself, the response headers, the admin key, and the problem responses,
/// both the declared ones and those every endpoint of a kind gives.
/// </summary>
internal static class OpenApiOperations
{
    public const string ProblemSchema = "ProblemDetails";
    public const string AdminKeyScheme = "adminKey";
    public const string AdminBearerScheme = "adminBearer";

    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [400] = "The request cannot be read: malformed JSON or a value of the wrong type, a missing body, or a bad query parameter or header. `errors` names each field.",
        [401] = "The admin key is missing or wrong, or no admin key is configured (`detail` says which).",
        [404] = "Nothing with this id exists (or it was deleted).",
        [409] = "The request conflicts with the state of what it changes or with a change made at the same time; `detail` says what to do.",
        [412] = "`If-Match` does not match the cart's `ETag`: the cart changed since it was read. Read it again and retry.",
        [413] = "The body is larger than Kassa accepts (`Kassa__MaxRequestBodyBytes`, 1 MB by default).",
        [415] = "The body is not sent as `Content-Type: application/json`.",
        [422] = "The request is well-formed but not acceptable; `errors` names each field and says what is wrong.",
        [429] = "Too many requests from this address: a per-client limit (`Kassa:RateLimits`), or, for a request with an admin key, too many wrong keys from it. `Retry-After` says how many seconds to wait.",
        [502] = "The payment provider failed or could not be reached; nothing was charged, and the same request may be retried.",
    };

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer needs the document.");
        var problems = new SortedSet<int>(metadata.OfType<ProblemsMetadata>().SelectMany(p => p.Statuses));

        foreach (var list in metadata.OfType<ListQueryMetadata>())
        {
            AddListParameters(operation, list);
            problems.Add(StatusCodes.Status400BadRequest);
        }
        foreach (var query in metadata.OfType<QueryParameterMetadata>())
        {
            AddParameter(operation, QueryParameter(query));
            problems.Add(StatusCodes.Status400BadRequest);
        }
        if (metadata.OfType<IfMatchMetadata>().Any())
            AddParameter(operation, Header("If-Match",
                "The cart's `ETag` as last read: the change is made only if the cart has not changed since (`*` matches any). Without it the change is made regardless."));
        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
            AddParameter(operation, Header("Idempotency-Key",
                "Any unique string (1-255 characters) per intended request: a retry with the same key and body gets the first answer again instead of acting twice.",
                new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255 }));
        foreach (var header in metadata.OfType<RequestHeaderMetadata>())
            AddParameter(operation, Header(header.Name, header.Description));

        foreach (var raw in metadata.OfType<RawBodyMetadata>())
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = raw.Description,
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema() } },
            };

        var isAdmin = metadata.OfType<AdminOnlyMetadata>().Any();
        operation.Security = isAdmin
            ? [AdminRequirement(document, AdminKeyScheme), AdminRequirement(document, AdminBearerScheme)]
            : metadata.OfType<OptionalAdminKeyMetadata>().Any()
                ? [new OpenApiSecurityRequirement(), AdminRequirement(document, AdminKeyScheme), AdminRequirement(document, AdminBearerScheme)]
                : [new OpenApiSecurityRequirement()];
        if (isAdmin) problems.Add(StatusCodes.Status401Unauthorized);
        if (isAdmin || metadata.OfType<OptionalAdminKeyMetadata>().Any() ||
            metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
            problems.Add(StatusCodes.Status429TooManyRequests);

        if (context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
            problems.Add(StatusCodes.Status404NotFound);
        if (context.Description.SupportedRequestFormats.Any(f => f.MediaType == "application/json"))
        {
            problems.UnionWith([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity]);
            // RequiredBody refuses a missing body unless the parameter allows it.
            if (operation.RequestBody is OpenApiRequestBody body && !AllowsEmptyBody(context.Description)) body.Required = true;
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse success || !status.StartsWith('2')) continue;
            if (status == "201") AddHeader(success, "Location", "The URL of what was created.");
            if (metadata.OfType<ETagMetadata>().Any()) AddHeader(success, "ETag", "The cart's version; send it back as `If-Match` to change the cart only if nobody else has.");
            if (metadata.OfType<ListQueryMetadata>().Any())
            {
                AddHeader(success, "X-Total-Count", "How many match the filters, on all pages.", new OpenApiSchema { Type = JsonSchemaType.Integer });
                AddHeader(success, "Link", "RFC 8288 links to the `next`, `prev`, `first` and `last` pages.");
            }
        }
        foreach (var status in problems)
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Problem(document, status);
        if (operation.Responses.TryGetValue("429", out var limited) && limited is OpenApiResponse tooMany)
            AddHeader(tooMany, "Retry-After", "Seconds to wait before trying again.", new OpenApiSchema { Type = JsonSchemaType.Integer });
        return Task.CompletedTask;
    }

    /// <summary>The body parameter says it may be left out (<c>[FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)]</c>), as RequiredBody reads it.</summary>
    private static bool AllowsEmptyBody(ApiDescription description) =>
        description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body &&
            p.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info } &&
            info.GetCustomAttributes(false).OfType<Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata>().Any(b => b.AllowEmpty));

    private static OpenApiSecurityRequirement AdminRequirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static OpenApiResponse Problem(OpenApiDocument document, int status) => new()
    {
        Description = ProblemDescriptions.TryGetValue(status, out var text) ? text : ReasonPhrases(status),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
        },
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static void AddListParameters(OpenApiOperation operation, ListQueryMetadata list)
    {
        AddParameter(operation, QueryParameter(new QueryParameterMetadata("page", typeof(int), "The page, from 1.", Minimum: 1)));
        AddParameter(operation, QueryParameter(new QueryParameterMetadata("per_page", typeof(int),
            $"How many per page, 1 to {Paging.MaxPerPage} ({Paging.DefaultPerPage} when left out).", Minimum: 1, Maximum: Paging.MaxPerPage)));
        foreach (var (name, type) in list.Attributes)
        {
            var core = Nullable.GetUnderlyingType(type) ?? type;
            var nullable = !type.IsValueType || core != type;
            foreach (var op in QueryFilters<object>.OperatorsFor(type))
            {
                var description = op switch
                {
                    "$eq" => $"Only those whose {name} equals the value",
                    "$not_eq" => $"Only those whose {name} differs from the value",
                    "$gt" => $"Only those whose {name} is greater than the value",
                    "$lt" => $"Only those whose {name} is less than the value",
                    _ => $"Only those whose {name} contains the value (ignoring case)",
                };
                var schema = ValueSchema(core);
                if (nullable && op is "$eq" or "$not_eq")
                {
                    description += "; `null` matches a missing value";
                    schema = new OpenApiSchema { AnyOf = [schema, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("null")] }] };
                }
                AddParameter(operation, new OpenApiParameter
                {
                    Name = $"q.{list.ObjectName}.{name}.{op}",
                    In = ParameterLocation.Query,
                    Description = description + ".",
                    Schema = schema,
                });
            }
        }
    }

    private static OpenApiParameter QueryParameter(QueryParameterMetadata query)
    {
        var value = ValueSchema(query.Type);
        if (query.Values is { } values) value.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        if (query.Pattern is { } pattern) value.Pattern = pattern;
        if (query.Minimum is { } minimum) value.Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (query.Maximum is { } maximum) value.Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameter = new OpenApiParameter
        {
            Name = query.Name,
            In = ParameterLocation.Query,
            Description = query.Description,
            Schema = query.IsList ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = value } : value,
        };
        if (query.IsList)
        {
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = false;
        }
        return parameter;
    }

    private static OpenApiSchema ValueSchema(Type type)
    {
        var core = Nullable.GetUnderlyingType(type) ?? type;
        if (core == typeof(int) || core == typeof(long))
            return new OpenApiSchema { Type = JsonSchemaType.Integer, Format = core == typeof(int) ? "int32" : "int64" };
        if (core == typeof(decimal)) return new OpenApiSchema { Type = JsonSchemaType.Number };
        if (core == typeof(bool)) return new OpenApiSchema { Type = JsonSchemaType.Boolean };
        if (core == typeof(DateTime)) return new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        if (core == typeof(Guid)) return new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
        return new OpenApiSchema { Type = JsonSchemaType.String };
    }

    private static OpenApiParameter Header(string name, string description, OpenApiSchema? schema = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void AddParameter(OpenApiOperation operation, OpenApiParameter parameter)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == parameter.In)) return;
        operation.Parameters.Add(parameter);
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, OpenApiSchema? schema = null)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String } };
    }
}
