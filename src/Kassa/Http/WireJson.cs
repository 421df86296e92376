using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>The JSON both dialects speak (snake_case, exact decimals, millisecond times), also used for what Kassa stores as JSON.</summary>
public static class WireJson
{
    // One instance of each (they hold no state): System.Text.Json shares what it learns about each type between option
    // sets that are alike, and a converter counts as alike only when it is the same object. With new ones per host,
    // every host (the tests start hundreds) worked out the metadata of every wire type again.
    private static readonly OptionalConverterFactory Optional = new();
    private static readonly ExactDecimalConverter ExactDecimal = new();
    private static readonly MillisecondTimeConverter MillisecondTime = new();

    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = null;
        json.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        json.AllowTrailingCommas = true;
        json.AllowDuplicateProperties = false;
        json.Converters.Add(Optional);
        json.Converters.Add(ExactDecimal);
        json.Converters.Add(MillisecondTime);
    }
}
