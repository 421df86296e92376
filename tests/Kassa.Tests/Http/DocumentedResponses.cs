using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kassa.Tests.Http;

/// <summary>
/// Checks live answers against the OpenAPI document: the operation (found by method and path) documents the status,
/// its headers and a schema for the media type, and the body fits that schema. The schema check is a small JSON
/// Schema subset, the one the document uses: <c>$ref</c>, <c>type</c>, <c>properties</c>, <c>required</c>,
/// <c>items</c>, <c>additionalProperties</c>, <c>oneOf</c>/<c>anyOf</c>, <c>enum</c>, the <c>uuid</c> and
/// <c>date-time</c> formats. Stricter than JSON Schema in one way: a member an object schema does not list is an
/// error unless the schema says what other members may be (<c>additionalProperties</c>).
/// </summary>
public sealed class DocumentedResponses(JsonNode document)
{
    public List<string> Checked { get; } = [];

    /// <summary>Asserts the answer is documented and fits its schema; returns the body.</summary>
    public async Task<JsonElement> Check(HttpResponseMessage response)
    {
        var request = response.RequestMessage!;
        var method = request.Method.Method.ToLowerInvariant();
        var path = request.RequestUri!.AbsolutePath;
        var (template, operation) = Find(method, path);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{method.ToUpperInvariant()} {template} → {status}";
        var documented = operation["responses"]?[status] ?? throw new Xunit.Sdk.XunitException($"{where} is not documented: {text}");
        Checked.Add($"{operation["operationId"]} {status}");

        foreach (var header in new[] { "ETag", "Location", "X-Total-Count" })
            if (HasHeader(response, header))
                Assert.True(documented["headers"]?[header] is not null, $"{where} sends {header}, which is not documented");

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (text.Length == 0) return default;
        var schema = documented["content"]?[mediaType!]?["schema"] ?? throw new Xunit.Sdk.XunitException($"{where} documents no {mediaType} body");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var errors = new List<string>();
        Validate(schema, body, "$", errors);
        Assert.True(errors.Count == 0, $"{where} does not fit its schema:\n{string.Join("\n", errors)}\n{text}");
        return body;
    }

    private static bool HasHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out _) || response.Content.Headers.TryGetValues(name, out _);

    private (string Template, JsonNode Operation) Find(string method, string path)
    {
        // The most literal template wins: /api/checkout/payment-methods before /api/checkout/{id}.
        var match = document["paths"]!.AsObject()
            .Where(p => p.Value?[method] is not null && Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?}", "[^/]+") + "/?$"))
            .OrderBy(p => p.Key.Count(c => c == '{'))
            .FirstOrDefault();
        return match.Key is null ? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the document") : (match.Key, match.Value![method]!);
    }

    private void Validate(JsonNode schema, JsonElement value, string at, List<string> errors)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            Validate(document["components"]!["schemas"]![name] ?? throw new Xunit.Sdk.XunitException($"{reference} does not exist"), value, at, errors);
            return;
        }
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray choices) continue;
            var attempts = choices.Select(choice =>
            {
                var found = new List<string>();
                Validate(choice!, value, at, found);
                return found;
            }).ToList();
            if (!attempts.Any(a => a.Count == 0))
                errors.Add($"{at}: fits none of {keyword}: {string.Join("; ", attempts.SelectMany(a => a))}");
        }

        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!allowed.Contains(JsonType(value)) && !(JsonType(value) == "integer" && allowed.Contains("number")))
            {
                errors.Add($"{at}: is {JsonType(value)}, documented as {string.Join(" or ", allowed)}");
                return;
            }
        }
        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, JsonNode.Parse(value.GetRawText()))))
            errors.Add($"{at}: {value.GetRawText()} is not one of {values.ToJsonString()}");
        if (value.ValueKind == JsonValueKind.String && schema["format"]?.GetValue<string>() is { } format)
        {
            var ok = format switch
            {
                "uuid" => Guid.TryParse(value.GetString(), out _),
                "date-time" => DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _),
                _ => true,
            };
            if (!ok) errors.Add($"{at}: '{value.GetString()}' is not a {format}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray() ?? [])
                if (!value.TryGetProperty(required!.GetValue<string>(), out _))
                    errors.Add($"{at}: the required '{required}' is missing");
            foreach (var member in value.EnumerateObject())
            {
                if (properties?[member.Name] is { } propertySchema) Validate(propertySchema, member.Value, $"{at}.{member.Name}", errors);
                else if (schema["additionalProperties"] is JsonObject other) Validate(other, member.Value, $"{at}.{member.Name}", errors);
                else if (properties is not null && schema["additionalProperties"] is null)
                    errors.Add($"{at}: '{member.Name}' is not documented");
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema["items"] is { } items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Validate(items, item, $"{at}[{i++}]", errors);
        }
    }

    private static string JsonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => value.TryGetInt64(out _) ? "integer" : "number",
    };
}
