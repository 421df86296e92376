using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>
/// Times as both seeds write them: UTC to the millisecond, always three digits (<c>"2017-04-17T11:51:39.581Z"</c>,
/// also <c>".000Z"</c>). Kassa keeps times to the millisecond as well (see StampingInterceptor), and a time it reads
/// is cut to the millisecond, so a time shown in an answer is the time stored and works as a filter value as it is.
/// </summary>
public sealed class MillisecondTimeConverter : JsonConverter<DateTime>
{
    /// <summary>Reads any ISO 8601 form the serializer reads; the kind (UTC, local after an offset, unspecified) is kept.</summary>
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Data.StoredDates.ToMilliseconds(reader.GetDateTime());

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        // "O" is the round-trip format with its own fast path: "yyyy-MM-ddTHH:mm:ss.fffffff" and a zone; keep the first three digits.
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        Span<char> text = stackalloc char[33];
        utc.TryFormat(text, out _, "O", CultureInfo.InvariantCulture);
        text[23] = 'Z';
        writer.WriteStringValue(text[..24]);
    }
}
