using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Kassa.Data;

/// <summary>
/// Reads a stored date and time. SQLite keeps them as text in EF Core's one format,
/// <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>, which Microsoft.Data.Sqlite hands to the general
/// <see cref="DateTime.Parse(string, IFormatProvider)"/>; a cart read parses about ten of them, and that
/// parser showed up at 3 % of a cart GET (docs/benchmarks.md). Anything else (a julian day number, an offset) falls back to the provider.
/// </summary>
public static class StoredDates
{
    /// <summary>Kassa keeps times to the millisecond, in the database and on the wire, so a time read back equals the one written.</summary>
    public static DateTime ToMilliseconds(DateTime value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond));

    public static DateTime Read(DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader sqlite && TryParse(sqlite.GetString(ordinal), out var value)
            ? value
            : reader.GetDateTime(ordinal);

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of up to seven digits; the result's kind is Unspecified, as DateTime.Parse gives.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] is not (' ' or 'T') || text[13] != ':' || text[16] != ':')
            return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day) ||
            !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
            return false;
        long ticks = 0;
        if (text.Length > 19)
        {
            var fraction = text.Length - 20;
            if (text[19] != '.' || fraction is < 1 or > 7 || !Digits(text, 20, fraction, out var digits)) return false;
            ticks = digits;
            for (var i = fraction; i < 7; i++) ticks *= 10;
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year is >= 1 and <= 9999 ? year : 1, month) ||
            year < 1 || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
