using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>
/// A request field that may be absent, explicitly null, or set. Partial updates (Voog's PUT) need
/// the difference: an absent <c>stock</c> leaves it alone, <c>"stock": null</c> stops tracking it.
/// </summary>
[JsonConverter(typeof(OptionalConverterFactory))]
public readonly struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    public T Value => IsSet ? _value : throw new InvalidOperationException("The optional value is not set.");

    /// <summary>The value when set, otherwise the fallback.</summary>
    public T Or(T fallback) => IsSet ? _value : fallback;

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => IsSet ? $"{_value}" : "(unset)";
}

public sealed partial class OptionalConverterFactory : JsonConverterFactory
{
    /// <summary>Exception data key: the path inside an optional field where a JSON error happened (e.g. "[0].quantity").</summary>
    public const string InnerPathKey = "Kassa.InnerJsonPath";

    [System.Text.RegularExpressions.GeneratedRegex(@" Path: \S* \| LineNumber: \d+ \| BytePositionInLine: \d+\.$")]
    private static partial System.Text.RegularExpressions.Regex PathSuffix();

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        // Called for a present property even when its value is null, so null becomes "set to null".
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (default(T) is not null)
                    throw new JsonException($"null is not a valid value here; expected {JsonTypeNames.Describe(typeof(T))}.");
                return new Optional<T>(default!);
            }
            try
            {
                return new Optional<T>(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }
            catch (JsonException inner)
            {
                // The nested read starts its own path at "$", so its error would name "[0].quantity"
                // instead of "items[0].quantity". Rethrow without a path: the outer serializer stamps
                // the property's path, and the problem handler appends the part kept here.
                var relative = RelativePath(inner);
                var message = inner.Path is null ? inner.Message : PathSuffix().Replace(inner.Message, "");
                throw new JsonException(message, inner) { Data = { [InnerPathKey] = relative } };
            }
        }

        private static string RelativePath(JsonException inner)
        {
            var path = inner.Path is { Length: > 0 } p ? p.TrimStart('$') : "";
            return inner.Data[InnerPathKey] is string deeper ? path + deeper : path;
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}
