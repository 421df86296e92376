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
    public static string ToVoog(decimal value)
    {
        // The same text as the custom format "0.0###…", which takes .NET's slow formatting path: a Voog
        // cart GET formats ~30 amounts, and that path was 4 % of it (docs/benchmarks.md).
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        var dot = text[..length].IndexOf('.');
        if (dot < 0) return string.Concat(text[..length], ".0");
        while (length > dot + 2 && text[length - 1] == '0') length--;
        return new string(text[..length]);
    }

    public static string? ToVoog(decimal? value) => value is { } v ? ToVoog(v) : null;

    /// <summary>Outshifter's wire form: exactly the currency's minor units ("200.00", "1500" for JPY).</summary>
    public static string ToMinorUnits(decimal value, string currency)
    {
        var digits = Currencies.MinorUnits(currency);
        return Round(value, currency).ToString(FixedFormats[digits], CultureInfo.InvariantCulture);
    }

    /// <summary>The amount as a whole number of the currency's minor units (EUR cents, JPY yen, BHD fils), rounded first.</summary>
    public static long ToMinorCount(decimal amount, string currency) => ToUnitCount(amount, Currencies.MinorUnits(currency));

    /// <summary>
    /// The amount as a whole number of units of 10^-<paramref name="exponent"/>, rounded half away from zero: the one
    /// conversion to minor units, also for a payment provider whose exponent differs from ISO 4217's.
    /// </summary>
    public static long ToUnitCount(decimal amount, int exponent)
    {
        var scaled = amount;
        for (var i = 0; i < exponent; i++) scaled *= 10;
        return (long)Math.Round(scaled, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>A net amount with its tax at <paramref name="taxRate"/> percent, rounded to the currency.</summary>
    public static decimal GrossOf(decimal net, decimal taxRate, string currency) => Round(net * (100 + taxRate) / 100, currency);

    /// <summary>"F0" to "F4": after rounding, the same text as "0.00" without .NET's custom-format path.</summary>
    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3", "F4"];
}
