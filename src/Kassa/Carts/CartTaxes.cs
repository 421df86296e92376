using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Shipping;

namespace Kassa.Carts;

/// <summary>
/// Tax by destination for a cart: which country's rates it pays and what each line and the shipping is priced at there,
/// resolved before pricing so <see cref="CartPricer"/> stays as it is. A store without rates per country prices as before:
/// every rate falls back to the product's (or the shipping method's) own rate, then the store default.
/// </summary>
public static class CartTaxes
{
    /// <summary>
    /// The country whose rates the cart pays, upper case: where it is shipped (the shipping address, else the flat rate's
    /// country), else the billing address when nothing says where it goes, else the store's own country; null when none is known.
    /// </summary>
    public static string? Destination(Cart cart) =>
        ShippingDestinations.Of(cart)
        ?? cart.FlatRateCountry?.ToUpperInvariant()
        ?? (cart.BillingAddress?.CountryCode is { } billing && !string.IsNullOrWhiteSpace(billing) ? billing.Trim().ToUpperInvariant() : null)
        ?? cart.Store.CountryCode;

    /// <summary>A product's rate at the cart's destination; null means the store default (no row, no rate of its own).</summary>
    public static decimal? RateFor(Cart cart, Catalog.Product product) =>
        DestinationTax.RateFor(cart.TaxRates, Destination(cart), product.TaxClass) ?? product.TaxRate;

    /// <summary>A line's tax rate and unit price as entered at the destination. An admin-set rate or price is kept as set.</summary>
    public static (decimal? TaxRate, decimal UnitPrice) Line(Cart cart, CartItem item, decimal unitPrice)
    {
        if (item.TaxRateOverride is { } fixedRate) return (fixedRate, unitPrice);
        var rate = RateFor(cart, item.Product);
        return item.PriceOverride is not null ? (rate, unitPrice) : (rate, EntryAt(cart, unitPrice, item.Product.TaxClass, item.Product.TaxRate, rate));
    }

    /// <summary>Shipping's rate (the destination's standard rate, else its own) and its amount as entered at the destination.</summary>
    public static (decimal TaxRate, decimal Amount) Shipping(Cart cart, decimal amount, decimal ownRate)
    {
        var rate = DestinationTax.RateFor(cart.TaxRates, Destination(cart), TaxClasses.Standard) ?? ownRate;
        return (rate, EntryAt(cart, amount, TaxClasses.Standard, ownRate, rate));
    }

    /// <summary>
    /// Gross entry with <see cref="StoreSettings.GrossPricesFollowDestination"/>: the gross entered for the store's own country
    /// becomes the same net with the destination's tax. Otherwise the amount is priced as entered.
    /// </summary>
    private static decimal EntryAt(Cart cart, decimal entered, string taxClass, decimal? ownRate, decimal? destinationRate)
    {
        var store = cart.Store;
        if (!store.GrossPricesFollowDestination || store.PriceEntryMode != PriceEntryModes.Gross) return entered;
        var home = DestinationTax.RateFor(cart.TaxRates, store.CountryCode, taxClass) ?? ownRate ?? store.DefaultTaxRate;
        return DestinationTax.GrossAt(entered, home, destinationRate ?? store.DefaultTaxRate, cart.Currency);
    }
}
