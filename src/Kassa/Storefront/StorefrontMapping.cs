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
    /// An amount's price at a destination, as a cart going there prices it: the country's rate for the tax class (else the
    /// amount's own rate, else the store default), and in gross entry with gross prices following the destination, the
    /// gross entered for the store's own country moved to that rate (<see cref="DestinationTax.GrossAt"/>). A product's
    /// line and shipping (class <c>standard</c>, as <see cref="Carts.CartTaxes.Shipping"/>) alike.
    /// </summary>
    private static StorefrontPrice PriceAt(
        decimal entered, string? taxClass, decimal? ownRate, StoreSettings settings, string? country, string currency, List<CountryTaxRate> rates)
    {
        var rate = DestinationTax.RateFor(rates, country ?? settings.CountryCode, taxClass) ?? ownRate ?? settings.DefaultTaxRate;
        if (settings.GrossPricesFollowDestination && settings.PriceEntryMode == PriceEntryModes.Gross)
        {
            var home = DestinationTax.RateFor(rates, settings.CountryCode, taxClass) ?? ownRate ?? settings.DefaultTaxRate;
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
            ? PriceAt(price, p.TaxClass, p.TaxRate, settings, view.Country, currency, rates)
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

    /// <summary>
    /// The store's facts in the view's currency and for its country: shipping priced as a cart in that currency shipped
    /// there pays it. A shipping method or option with no amount in the currency cannot be chosen by such a cart and is
    /// left out (a method with options, when none is left), as are the cart rules that cannot apply in it.
    /// </summary>
    public static StorefrontStore ToStorefront(this StoreFacts facts, PaymentGateways gateways, StorefrontView view)
    {
        var s = facts.Settings;
        var currency = view.CurrencyIn(s);
        var rates = facts.TaxRates.Select(r => r.ToPricing()).ToList();
        StorefrontPrice Shipping(ShippingMethod m, decimal amount) => PriceAt(amount, TaxClasses.Standard, m.TaxRate, s, view.Country, currency, rates);

        var methods = new List<StorefrontShippingMethod>();
        foreach (var m in facts.ShippingMethods.Where(m => m.Enabled))
        {
            var options = m.Options
                .Select(o => (o.Name, Amount: m.AmountIn(o.Name, s.DefaultCurrency, currency)))
                .Where(o => o.Amount is not null)
                .Select(o => new StorefrontShippingOption(o.Name, Shipping(m, o.Amount!.Value)))
                .ToList();
            var amount = m.Options.Count > 0 ? null : m.AmountIn(null, s.DefaultCurrency, currency);
            if (amount is null && options.Count == 0) continue;
            methods.Add(new StorefrontShippingMethod(m.Id, m.Name, m.Description, amount is { } a ? Shipping(m, a) : null, options, m.Countries));
        }

        return new StorefrontStore(
            s.DefaultCurrency,
            s.AllowedCurrencies,
            s.PriceEntryMode,
            OutshifterCartMapping.Rate(s.DefaultTaxRate),
            s.Languages,
            s.CustomFields.Select(f => new CustomFieldWire(f.Key, f.Label, f.Kind, f.Required)).ToList(),
            methods,
            gateways.Methods.Select(m => new StorefrontPaymentMethod(m.Code, m.GatewayCode, m.Name)).ToList(),
            facts.CartRules.ToStorefront(s.DefaultCurrency, currency));
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
