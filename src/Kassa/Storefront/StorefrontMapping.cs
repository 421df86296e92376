using Kassa.Carts.Outshifter;
using Kassa.Catalog;
using Kassa.Payments;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Shipping;

namespace Kassa.Storefront;

public static class StorefrontMapping
{
    /// <summary>A page's products, each with its own live variants.</summary>
    public static List<StorefrontProduct> ToStorefront(this CatalogPage page, StorefrontView view)
    {
        var currency = view.CurrencyIn(page.Settings);
        var variants = page.Variants.ToLookup(v => v.ParentId);
        var rates = page.TaxRates.Select(r => r.ToPricing()).ToList();
        return page.Products
            .Select(p => Map(p, variants[p.Id].Select(v => Map(v, [], page.Settings, view, currency, rates)).ToList(), page.Settings, view, currency, rates))
            .ToList();
    }

    /// <summary>
    /// A product's price at a destination, as a cart going there prices a line of one: the country's rate for the product's
    /// class (else its own rate, else the store default), and in gross entry with gross prices following the destination,
    /// the gross entered for the store's own country moved to that rate (<see cref="DestinationTax.GrossAt"/>).
    /// </summary>
    private static StorefrontPrice ProductPrice(Product p, decimal entered, StoreSettings settings, string? country, string currency, List<CountryTaxRate> rates)
    {
        var rate = DestinationTax.RateFor(rates, country ?? settings.CountryCode, p.TaxClass) ?? p.TaxRate ?? settings.DefaultTaxRate;
        if (settings.GrossPricesFollowDestination && settings.PriceEntryMode == PriceEntryModes.Gross)
        {
            var home = DestinationTax.RateFor(rates, settings.CountryCode, p.TaxClass) ?? p.TaxRate ?? settings.DefaultTaxRate;
            entered = DestinationTax.GrossAt(entered, home, rate, currency);
        }
        return PriceOf(entered, rate, settings, currency);
    }

    private static StorefrontProduct Map(Product p, List<StorefrontProduct> variants, StoreSettings settings, StorefrontView view, string currency, List<CountryTaxRate> rates) => new(
        p.Id,
        p.NameIn(view.Language),
        p.Sku,
        p.Description,
        p.ImageUrl,
        p.IsVariant,
        p.ParentId,
        p.VariantAttributesText(),
        p.VariantAttributes.Select(a => new VariantAttributeWire(
            new VariantAttributePartWire(a.VariantType.Id, a.VariantType.Name),
            new VariantAttributePartWire(a.VariantValue.Id, a.VariantValue.Name))).ToList(),
        CatalogPrice.Resolve(settings.DefaultCurrency, p.Price, p.Prices, currency) is { } price
            ? ProductPrice(p, price, settings, view.Country, currency, rates)
            : null,
        p.Stock switch
        {
            null => StorefrontAvailability.NotTracked,
            > 0 => StorefrontAvailability.InStock,
            _ => StorefrontAvailability.OutOfStock,
        },
        variants)
    {
        Translations = view.Translations ? new ProductTranslationsWire(p.NamesByLanguage(settings.Languages.FirstOrDefault() ?? "en")) : null,
    };

    public static StorefrontStore ToStorefront(this StoreFacts facts, PaymentGateways gateways)
    {
        var s = facts.Settings;
        var currency = s.DefaultCurrency;
        return new StorefrontStore(
            currency,
            s.AllowedCurrencies,
            s.PriceEntryMode,
            OutshifterCartMapping.Rate(s.DefaultTaxRate),
            s.Languages,
            s.CustomFields.Select(f => new CustomFieldWire(f.Key, f.Label, f.Kind, f.Required)).ToList(),
            facts.ShippingMethods.Where(m => m.Enabled).Select(m => new StorefrontShippingMethod(
                m.Id,
                m.Name,
                m.Description,
                m.Options.Count > 0 ? null : PriceOf(m.Amount, m.TaxRate, s, currency),
                m.Options.Select(o => new StorefrontShippingOption(o.Name, PriceOf(o.Amount, m.TaxRate, s, currency))).ToList(),
                m.Countries)).ToList(),
            gateways.Methods.Select(m => new StorefrontPaymentMethod(m.Code, m.GatewayCode, m.Name)).ToList(),
            facts.CartRules.Select(r => r.ToStorefront(currency)).ToList());
    }

    /// <summary>An amount as entered in the store's mode, as the shopper pays it (<see cref="ShelfPrice"/>).</summary>
    private static StorefrontPrice PriceOf(decimal entered, decimal taxRate, StoreSettings settings, string currency)
    {
        var shelf = ShelfPrice.Of(entered, taxRate, PriceEntryModes.ToPricing(settings.PriceEntryMode), currency);
        return new StorefrontPrice(
            currency,
            Money.ToMinorUnits(shelf.Net, currency),
            Money.ToMinorUnits(shelf.Tax, currency),
            Money.ToMinorUnits(shelf.Gross, currency),
            OutshifterCartMapping.Rate(taxRate));
    }
}
