using Kassa.Pricing;
using static Kassa.Tests.Pricing.PricingAssert;

namespace Kassa.Tests.Pricing;

public sealed class MoneyTests
{
    [Theory]
    // Half away from zero (banker's rounding would differ on the even ones).
    [InlineData("1.005", "EUR", "1.01")]
    [InlineData("1.004", "EUR", "1.00")]
    [InlineData("2.675", "EUR", "2.68")]
    [InlineData("0.125", "EUR", "0.13")]
    [InlineData("0.135", "EUR", "0.14")]
    [InlineData("-0.125", "EUR", "-0.13")]
    [InlineData("816.8325", "EUR", "816.83")]
    [InlineData("16.5842", "EUR", "16.58")]
    [InlineData("1658.415", "EUR", "1658.42")]
    [InlineData("10", "EUR", "10")]
    [InlineData("0.5", "JPY", "1")]
    [InlineData("1.5", "JPY", "2")]
    [InlineData("2.5", "JPY", "3")]
    [InlineData("149.49", "JPY", "149")]
    [InlineData("-2.5", "JPY", "-3")]
    [InlineData("2.5", "CLP", "3")]
    [InlineData("1.0005", "BHD", "1.001")]
    [InlineData("2.0004", "BHD", "2.000")]
    [InlineData("0.0125", "KWD", "0.013")]
    [InlineData("0.0005", "BHD", "0.001")]
    public void Round_half_away_from_zero_to_minor_units(string amount, string currency, string expected)
    {
        var rounded = Money.Round(D(amount), currency);
        Assert.Equal(D(expected), rounded);
        Assert.True(Money.FitsMinorUnits(rounded, currency));
    }

    [Theory]
    [InlineData("1.23", "EUR", true)]
    [InlineData("1.230", "EUR", true)]
    [InlineData("1.234", "EUR", false)]
    [InlineData("0.001", "EUR", false)]
    [InlineData("0", "EUR", true)]
    [InlineData("100", "JPY", true)]
    [InlineData("100.0", "JPY", true)]
    [InlineData("100.5", "JPY", false)]
    [InlineData("0.1", "JPY", false)]
    [InlineData("1.234", "BHD", true)]
    [InlineData("1.2345", "BHD", false)]
    [InlineData("-1.23", "EUR", true)]
    public void Fits_minor_units(string amount, string currency, bool fits)
    {
        Assert.Equal(fits, Money.FitsMinorUnits(D(amount), currency));
    }

    [Theory]
    [InlineData("15", "15.0")]
    [InlineData("15.00", "15.0")]
    [InlineData("33", "33.0")]
    [InlineData("1658.42", "1658.42")]
    [InlineData("1675.00", "1675.0")]
    [InlineData("1679.20", "1679.2")]
    [InlineData("0.7", "0.7")]
    [InlineData("0.70", "0.7")]
    [InlineData("0", "0.0")]
    [InlineData("0.000", "0.0")]
    [InlineData("1.235", "1.235")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("1000000", "1000000.0")]
    [InlineData("-2.50", "-2.5")]
    [InlineData("21999999999999999999.89", "21999999999999999999.89")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335.0")]
    [InlineData("7.9228162514264337593543950335", "7.9228162514264337593543950335")]
    [InlineData("-0.10", "-0.1")]
    [InlineData("100.10", "100.1")]
    [InlineData("0.05", "0.05")]
    public void To_voog(string amount, string expected)
    {
        Assert.Equal(expected, Money.ToVoog(D(amount)));
        Assert.Equal(expected, Money.ToVoog((decimal?)D(amount)));
        Assert.Equal(D(amount).ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture), Money.ToVoog(D(amount)));
    }

    [Fact]
    public void To_voog_of_negative_zero_has_no_sign()
    {
        var negativeZero = new decimal(0, 0, 0, isNegative: true, scale: 2);
        Assert.Equal("0.0", Money.ToVoog(negativeZero));
    }

    [Fact]
    public void To_voog_of_null_is_null()
    {
        Assert.Null(Money.ToVoog((decimal?)null));
    }

    [Fact]
    public void To_voog_ignores_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            Assert.Equal("1234.5", Money.ToVoog(1234.50m));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("200", "EUR", "200.00")]
    [InlineData("200.5", "EUR", "200.50")]
    [InlineData("2.675", "EUR", "2.68")]
    [InlineData("0", "EUR", "0.00")]
    [InlineData("1500", "JPY", "1500")]
    [InlineData("1499.5", "JPY", "1500")]
    [InlineData("1.5", "BHD", "1.500")]
    [InlineData("1.0005", "BHD", "1.001")]
    [InlineData("-0.004", "EUR", "0.00")]
    [InlineData("-0.005", "EUR", "-0.01")]
    [InlineData("-1499.5", "JPY", "-1500")]
    [InlineData("123456789012345678901234.565", "EUR", "123456789012345678901234.57")]
    public void To_minor_units(string amount, string currency, string expected)
    {
        Assert.Equal(expected, Money.ToMinorUnits(D(amount), currency));
    }

    [Fact]
    public void Unknown_currency_throws()
    {
        Assert.Throws<ArgumentException>(() => Money.Round(1m, "XYZ"));
        Assert.Throws<ArgumentException>(() => Money.FitsMinorUnits(1m, "XYZ"));
        Assert.Throws<ArgumentException>(() => Money.ToMinorUnits(1m, "XYZ"));
    }
}

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("GBP", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("CLP", 0)]
    [InlineData("ISK", 0)]
    [InlineData("VND", 0)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("XCG", 2)] // Caribbean guilder, replaced ANG on 2025-03-31 (ISO 4217 amendment 176)
    [InlineData("VED", 2)] // Bolívar soberano digital (amendment 170)
    [InlineData("ZWG", 2)]
    public void Minor_units(string code, int units)
    {
        Assert.Equal(units, Currencies.MinorUnits(code));
        Assert.True(Currencies.IsKnown(code));
    }

    [Theory]
    [InlineData("EUR", "EUR")]
    [InlineData("eur", "EUR")]
    [InlineData(" jpy ", "JPY")]
    [InlineData("XYZ", null)]
    [InlineData("EURO", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Normalize(string? code, string? expected)
    {
        Assert.Equal(expected, Currencies.Normalize(code));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("")]
    public void Unknown_code(string code)
    {
        Assert.False(Currencies.IsKnown(code));
        Assert.Throws<ArgumentException>(() => Currencies.MinorUnits(code));
    }
}
