using System.Globalization;
using Kassa.Data;

namespace Kassa.Tests.Data;

/// <summary>The fast parse of SQLite's stored dates gives what DateTime.Parse gives, and declines anything else.</summary>
public sealed class StoredDatesTests
{
    [Theory]
    [InlineData("2026-11-23 17:39:01")]
    [InlineData("2026-11-23 17:39:01.5")]
    [InlineData("2026-11-23 17:39:01.1234567")]
    [InlineData("2026-11-23 17:39:01.0000001")]
    [InlineData("2026-11-23T17:39:01.12")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.9999999")]
    [InlineData("2024-02-29 12:00:00")]
    public void Parses_what_EF_stores_exactly_as_DateTime_Parse(string text)
    {
        Assert.True(StoredDates.TryParse(text, out var value));
        var expected = DateTime.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Kind, value.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23 17:39")]
    [InlineData("2026-11-23 17:39:01.")]
    [InlineData("2026-11-23 17:39:01.12345678")]
    [InlineData("2026-11-23 17:39:01Z")]
    [InlineData("2026-11-23 17:39:01+02:00")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2023-02-29 00:00:00")]
    [InlineData("2026-11-23 24:00:00")]
    [InlineData("2026-11-23 23:60:00")]
    [InlineData("2026-11-23 23:59:60")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("2026/11/23 17:39:01")]
    [InlineData("2026-1a-23 17:39:01")]
    [InlineData("2460000.5")]
    public void Declines_anything_else_so_the_provider_decides(string text)
    {
        Assert.False(StoredDates.TryParse(text, out _));
    }
}
