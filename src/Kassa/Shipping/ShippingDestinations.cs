namespace Kassa.Shipping;

/// <summary>Where a shipping method ships: the countries it lists, or anywhere when it lists none.</summary>
public static class ShippingDestinations
{
    /// <summary>The country a cart ships to, upper case: its shipping address's country; null while unknown.</summary>
    public static string? Of(Carts.Cart cart) =>
        cart.ShippingAddress?.CountryCode is { } code && !string.IsNullOrWhiteSpace(code) ? code.Trim().ToUpperInvariant() : null;

    public static bool ShipsTo(this ShippingMethod method, string countryCode) =>
        method.Countries.Count == 0 || method.Countries.Contains(countryCode.ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>A method that lists countries cannot be checked out before it knows where it goes.</summary>
    public static bool NeedsDestination(this ShippingMethod method) => method.Countries.Count > 0;

    public static string WhyNotTo(ShippingMethod method, string countryCode) =>
        $"Shipping method {method.Id} ('{method.Name}') does not ship to {countryCode.ToUpperInvariant()}; it ships to {Countries(method)} only. " +
        "Choose another shipping method or another shipping address.";

    public static string WhyDestinationNeeded(ShippingMethod method) =>
        $"Shipping method {method.Id} ('{method.Name}') ships to {Countries(method)} only: give a shipping address with its country_code.";

    private static string Countries(ShippingMethod method) => string.Join(", ", method.Countries);
}
