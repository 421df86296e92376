namespace Kassa.Pricing;

/// <summary>A store's tax rate for one tax class in one country (percent).</summary>
public sealed record CountryTaxRate(string CountryCode, string TaxClass, decimal Rate);

/// <summary>
/// Tax by destination: which rate a line or shipping pays where the parcel goes, and what a gross price shown for the
/// store's own country becomes elsewhere when gross prices follow the destination rate. Pure, like the rest of pricing:
/// the cart resolves every rate and entry amount with these before <see cref="CartPricer"/> runs.
/// </summary>
public static class DestinationTax
{
    /// <returns>The store's rate for the class in the country; null when the country is unknown or has no such row.</returns>
    public static decimal? RateFor(IReadOnlyList<CountryTaxRate> rates, string? countryCode, string? taxClass)
    {
        if (rates.Count == 0 || string.IsNullOrWhiteSpace(countryCode)) return null;
        var country = countryCode.Trim().ToUpperInvariant();
        var kind = string.IsNullOrWhiteSpace(taxClass) ? TaxClasses.Standard : taxClass;
        foreach (var rate in rates)
        {
            if (string.Equals(rate.CountryCode, country, StringComparison.Ordinal) && string.Equals(rate.TaxClass, kind, StringComparison.Ordinal))
                return rate.Rate;
        }
        return null;
    }

    /// <summary>
    /// A gross amount entered for the store's own country (at <paramref name="homeRate"/>) moved to another rate: the same net,
    /// the destination's tax on it, rounded to the currency. Unchanged when the rates are equal.
    /// </summary>
    public static decimal GrossAt(decimal homeGross, decimal homeRate, decimal destinationRate, string currency) =>
        homeRate == destinationRate ? homeGross : Money.Round(homeGross * (100 + destinationRate) / (100 + homeRate), currency);
}
