using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kassa.Http;

/// <summary>
/// Reads a JSON number (or a string holding one) into a decimal only when the decimal holds it exactly. The
/// serializer's own reading rounds what a decimal cannot hold without a word: <c>1e-30</c> becomes 0 and
/// <c>9.990000000000000000000000000001</c> becomes 9.99, so the rules on decimals (an amount has at most its
/// currency's decimals, a rate at most 4) would see a round number and store it. Such a value is refused here as
/// having too many decimals, which is what it has: a decimal keeps 28 of them, no currency more than 3.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    /// <summary>Exception data key marking a number refused for its precision (a 422, see <see cref="ProblemExceptionHandler"/>).</summary>
    public const string TooPreciseKey = "Kassa.TooPrecise";

    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // At most 28 characters and no exponent: at most 28 digits, which a decimal always holds exactly.
            if (!reader.HasValueSequence && reader.ValueSpan.Length <= 28 && reader.ValueSpan.IndexOfAny((byte)'e', (byte)'E') < 0)
                return reader.GetDecimal();
            var bytes = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return Parse(System.Text.Encoding.ASCII.GetString(bytes));
        }
        if (reader.TokenType == JsonTokenType.String && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0)
            return Parse(reader.GetString()!);
        // The serializer words this as "could not be converted to System.Decimal", with the path.
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    private static decimal Parse(string text)
    {
        if (!decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var value)) throw new JsonException();
        if (!SameNumber(text, value.ToString(CultureInfo.InvariantCulture)))
            throw new JsonException("This number has more decimals or digits than Kassa can hold exactly.") { Data = { [TooPreciseKey] = true } };
        return value;
    }

    /// <summary>Whether two decimal numerals (sign, digits, point, exponent) name the same number.</summary>
    internal static bool SameNumber(string a, string b)
    {
        var (aNegative, aDigits, aExponent) = Canonical(a);
        var (bNegative, bDigits, bExponent) = Canonical(b);
        if (aDigits.Length == 0 || bDigits.Length == 0) return aDigits.Length == bDigits.Length; // zero, whatever its sign
        return aNegative == bNegative && aExponent == bExponent && aDigits == bDigits;
    }

    /// <summary>The number as sign × digits × 10^exponent, the digits without leading or trailing zeros ("" for zero).</summary>
    private static (bool Negative, string Digits, long Exponent) Canonical(string text)
    {
        var span = text.AsSpan();
        var negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && span[0] is '-' or '+') span = span[1..];
        var e = span.IndexOfAny('e', 'E');
        long exponent = 0;
        if (e >= 0)
        {
            // An exponent too long for a long is far outside what a decimal holds; any huge value compares unequal.
            if (!long.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
                exponent = span[e + 1] == '-' ? long.MinValue / 2 : long.MaxValue / 2;
            span = span[..e];
        }
        var point = span.IndexOf('.');
        if (point >= 0) exponent -= span.Length - point - 1;
        var digits = point >= 0 ? string.Concat(span[..point], span[(point + 1)..]) : span.ToString();
        var trimmed = digits.TrimStart('0');
        var significant = trimmed.TrimEnd('0');
        return (negative, significant, exponent + (trimmed.Length - significant.Length));
    }
}
