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

public sealed class OptionalConverterFactory : JsonConverterFactory
{
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
            return new Optional<T>(JsonSerializer.Deserialize<T>(ref reader, options)!);
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}
