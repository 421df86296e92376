using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>The JSON both dialects speak (snake_case, exact decimals, millisecond times), also used for what Kassa stores as JSON.</summary>
public static class WireJson
{
    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        json.AllowTrailingCommas = true;
        json.AllowDuplicateProperties = false;
        json.Converters.Add(new OptionalConverterFactory());
        json.Converters.Add(new ExactDecimalConverter());
        json.Converters.Add(new MillisecondTimeConverter());
    }
}
