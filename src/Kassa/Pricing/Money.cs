using System.Globalization;

namespace Kassa.Pricing;

/// <summary>Rounding and formatting of amounts; every amount Kassa shows passes through here.</summary>
public static class Money
{
    /// <summary>Half away from zero to the currency's minor unit.</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, Currencies.MinorUnits(currency), MidpointRounding.AwayFromZero);

    /// <summary>True when the amount has no more decimals than the currency allows.</summary>
    public static bool FitsMinorUnits(decimal amount, string currency) =>
        Round(amount, currency) == amount;

    /// <summary>
    /// Voog's wire form: at least one decimal, no trailing zeros beyond it ("15.0", "1658.42", "33.0").
    /// </summary>
    public static string ToVoog(decimal value) =>
        value.ToString("0.0###########################", CultureInfo.InvariantCulture);

    public static string? ToVoog(decimal? value) => value is { } v ? ToVoog(v) : null;

    /// <summary>Outshifter's wire form: exactly the currency's minor units ("200.00", "1500" for JPY).</summary>
    public static string ToMinorUnits(decimal value, string currency)
    {
        var digits = Currencies.MinorUnits(currency);
        return Round(value, currency).ToString(digits == 0 ? "0" : "0." + new string('0', digits), CultureInfo.InvariantCulture);
    }
}
