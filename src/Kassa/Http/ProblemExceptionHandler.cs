using Kassa.Data;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Http;

/// <summary>The one place where failures become RFC 9457 problem details.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem is null)
        {
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal Server Error",
                Detail = "Kassa failed to handle this request. The error has been logged.",
            };
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails? Describe(Exception exception) => exception switch
    {
        DomainException domain => FromDomain(domain),
        BadHttpRequestException bad => FromBadRequest(bad),
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "The resource was changed by another request at the same time; read it again and retry.",
        },
        DbUpdateException update when update.IsConstraintViolation() => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "Another request made a conflicting change at the same time; read the resource again and retry.",
        },
        JsonException json => JsonProblem(json),
        _ => null,
    };

    private static ProblemDetails FromDomain(DomainException domain)
    {
        var problem = domain.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        problem.Status = domain.Status;
        problem.Title = domain.Title;
        problem.Detail = domain.Message;
        foreach (var (key, value) in domain.Extensions) problem.Extensions[key] = value;
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        // Minimal APIs wrap JSON failures; the inner message names the path and position.
        if (bad.InnerException is JsonException json) return JsonProblem(json);
        // Their own refusal of a missing or null body reads "Implicit body inferred for parameter ..."; say it as Kassa does.
        if (bad.StatusCode == StatusCodes.Status400BadRequest && NoBodyProvided().IsMatch(bad.Message)) return FromDomain(new MissingBodyException());
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType) return UnsupportedMediaType();
        return new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Content Too Large" : "Bad Request",
            Detail = bad.Message,
        };
    }

    public const string UnsupportedMediaTypeDetail =
        "Send the body as JSON with the header 'Content-Type: application/json'.";

    /// <summary>
    /// A body that is not declared as JSON. Minimal APIs throw this when there is no Content-Type at all; routing
    /// answers another Content-Type itself with an empty 415, which <see cref="Describe(ProblemDetailsContext)"/> fills in.
    /// </summary>
    private static ProblemDetails UnsupportedMediaType() => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Unsupported Media Type",
        Detail = UnsupportedMediaTypeDetail,
    };

    /// <summary>
    /// Completes the problems the framework writes for answers it gives without a body (404, 405, 415, ...;
    /// see UseStatusCodePages): a 415 says what to send, and a request Kestrel refused while Kassa read its body
    /// (broken chunked framing, a body arriving too slowly) says why in Kestrel's words.
    /// </summary>
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not { Detail: null } problem) return;
        if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
            problem.Detail = UnsupportedMediaTypeDetail;
        else if (context.HttpContext.Features.Get<IBadRequestExceptionFeature>()?.Error is { } refused)
            problem.Detail = refused.Message;
        else if (problem.Status == StatusCodes.Status408RequestTimeout)
            problem.Detail = "The request body arrived too slowly or stopped arriving; send it again, all at once.";
    }

    private static ProblemDetails JsonProblem(JsonException json)
    {
        // An error inside an Optional<T> field carries the rest of its path separately (see OptionalConverterFactory).
        var path = (json.Path ?? "") + (json.Data[OptionalConverterFactory.InnerPathKey] as string ?? "");
        var field = string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
        if (IsTooPrecise(json)) return TooPreciseProblem(field);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [JsonMessage(json, isBody: field == "body")],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = "The request body is not valid JSON of the expected shape; see 'errors'.",
        };
        return problem;
    }

    private static bool IsTooPrecise(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e.Data.Contains(ExactDecimalConverter.TooPreciseKey)) return true;
        return false;
    }

    /// <summary>
    /// Well-formed JSON whose number has more decimals than any field allows (see <see cref="ExactDecimalConverter"/>):
    /// a 422 like every other "too many decimals" (<see cref="FieldRules.Amount"/>, <see cref="FieldRules.TaxRate"/>).
    /// </summary>
    private static ProblemDetails TooPreciseProblem(string field) => FromDomain(new ValidationFailedException(new Dictionary<string, string[]>
    {
        [field] = [$"{field} has more decimals than Kassa accepts: an amount has at most its currency's (EUR 2, JPY 0, BHD 3), a rate at most 4."],
    }));

    private static string JsonMessage(JsonException json, bool isBody)
    {
        // The serializer's text names CLR types ("could not be converted to Kassa.Catalog.ProductRequest");
        // say what the client should send instead.
        if (CouldNotConvert().Match(json.Message) is { Success: true } conversion)
            return ExpectedJson(conversion.Groups["type"].Value) is { } expected
                ? $"Expected {expected} here."
                : isBody ? "Expected a JSON object." : "This value does not have the type or shape this field expects; see the API documentation.";
        if (DuplicateProperty().Match(json.Message) is { Success: true } duplicate)
            return $"The property '{duplicate.Groups["name"].Value}' appears more than once.";
        var message = ClrTypeName().Replace(json.Message, m => m.Groups["name"].Value.ToLowerInvariant());
        return message.Replace("System.", "", StringComparison.Ordinal);
    }

    private static string? ExpectedJson(string clrType)
    {
        var type = NullableWrapper().Replace(clrType, "${inner}");
        return type switch
        {
            "System.Decimal" or "System.Double" or "System.Single" or "decimal" or "double" => "a number (or a string holding one)",
            "System.Int32" or "System.Int64" or "int32" or "int64" or "int" or "long" => "a whole number",
            "System.String" or "string" => "a string",
            "System.Boolean" or "boolean" or "bool" => "true or false",
            "System.DateTime" or "System.DateTimeOffset" or "datetime" or "datetimeoffset" => "an ISO 8601 date or date-time string",
            "System.Guid" or "guid" => "a UUID string",
            _ when type.Contains("Collections.Generic.List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
            _ when type.Contains("Collections.Generic.Dictionary`2", StringComparison.Ordinal) => "an object",
            _ => null,
        };
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>[^ ]+?)\.(?: Path:|$)")]
    private static partial Regex CouldNotConvert();

    [GeneratedRegex(@"^(?:Implicit body inferred for parameter ""[^""]*"" but no body was provided\.|Required parameter ""[^""]*"" was not provided from body\.)")]
    private static partial Regex NoBodyProvided();

    [GeneratedRegex(@"^Duplicate property '(?<name>[^']*)'")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex(@"^(?:Kassa\.Http\.Optional`1\[)?(?:System\.Nullable`1\[)?(?<inner>[^\[\]]+(?:`\d\[.*\])?)\]*$")]
    private static partial Regex NullableWrapper();

    [GeneratedRegex(@"(?:Kassa\.Http\.Optional`1\[)?(?:System\.Nullable`1\[)?System\.(?<name>Decimal|Int32|Int64|String|Boolean|DateTime)\]*")]
    private static partial Regex ClrTypeName();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
