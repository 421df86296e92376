using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>
/// A JSON object sent to change a stored one, applied as JSON Merge Patch (RFC 7396): a member left out keeps
/// its stored value, a member sent as null is cleared, an object member is merged the same way. The customer
/// and the addresses of both dialects are written through it, so a second write with part of an address does
/// not lose the name sent before. (The object itself sent as null is an <see cref="Optional{T}"/> holding null.)
/// </summary>
/// <typeparam name="T">The wire record of the whole object, in the request's dialect.</typeparam>
[JsonConverter(typeof(MergePatchConverterFactory))]
public sealed class MergePatch<T> where T : class
{
    private readonly JsonSerializerOptions _options;

    internal MergePatch(JsonObject patch, JsonSerializerOptions options)
    {
        Patch = patch;
        _options = options;
    }

    /// <summary>The members as sent.</summary>
    internal JsonObject Patch { get; }

    /// <summary>
    /// The whole object after the patch: <paramref name="current"/> (null when there is none yet) in its wire
    /// form with the sent members merged in. Validation belongs to this result, not to the patch.
    /// </summary>
    public T ApplyTo(T? current)
    {
        var target = current is null
            ? new JsonObject(NodeOptions(_options))
            : JsonSerializer.SerializeToNode(current, _options)!.AsObject();
        Merge(target, Patch, _options);
        return target.Deserialize<T>(_options)!;
    }

    private static void Merge(JsonObject target, JsonObject patch, JsonSerializerOptions options)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null) target.Remove(name);
            else if (value is JsonObject members)
            {
                if (target[name] is not JsonObject nested) target[name] = nested = new JsonObject(NodeOptions(options));
                Merge(nested, members, options);
            }
            else target[name] = value.DeepClone();
        }
    }

    // Member names match as the serializer matches them (SerializeToNode does the same for a stored object), so
    // "Phone" patches the stored "phone" instead of sitting next to it as a duplicate the read-back refuses.
    internal static JsonNodeOptions NodeOptions(JsonSerializerOptions options) =>
        new() { PropertyNameCaseInsensitive = options.PropertyNameCaseInsensitive };
}

public sealed class MergePatchConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(MergePatch<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(MergePatchConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class MergePatchConverter<T> : JsonConverter<MergePatch<T>> where T : class
    {
        public override MergePatch<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected an object here.");
            // Read the patch as the record first, on a copy of the reader: a member of the wrong type is a 400
            // naming it (customer.email) when the request is read, exactly as without the patch.
            var typed = reader;
            JsonSerializer.Deserialize<T>(ref typed, options);
            var patch = JsonNode.Parse(ref reader, MergePatch<T>.NodeOptions(options))!.AsObject();
            return new MergePatch<T>(patch, options);
        }

        public override void Write(Utf8JsonWriter writer, MergePatch<T> value, JsonSerializerOptions options) =>
            value.Patch.WriteTo(writer, options);
    }
}
