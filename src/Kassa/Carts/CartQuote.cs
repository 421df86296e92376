using Kassa.CartRules;
using Kassa.Catalog;
using Kassa.Discounts;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Shipping;

namespace Kassa.Carts;

/// <summary>
/// A cart priced against the catalog as it is now: what both dialects show. Built from a cart
/// loaded with its items' products, discount, shipping method and store settings.
/// </summary>
public sealed class CartQuote
{
    private CartQuote(Cart cart, PricedCart priced, IReadOnlyList<QuotedItem> items, Discount? discount, ShippingQuote? shipping)
    {
        Cart = cart;
        Priced = priced;
        Items = items;
        AppliedDiscount = discount;
        Shipping = shipping;
    }

    public Cart Cart { get; }
    public PricedCart Priced { get; }

    /// <summary>In the cart's item order; <see cref="QuotedItem.Line"/> is the priced line.</summary>
    public IReadOnlyList<QuotedItem> Items { get; }

    /// <summary>The cart's discount when it applies right now; a stale one (expired, used up) is null.</summary>
    public Discount? AppliedDiscount { get; }

    public ShippingQuote? Shipping { get; }

    /// <summary>The cart rules that changed the amounts, in the order they ran.</summary>
    public IReadOnlyList<CartRule> AppliedRules => Priced.AppliedRuleIds.Select(id => Cart.Rules.First(r => r.Id == id)).ToList();

    public StoreSettings Settings => Cart.Store;

    /// <summary>Every item can be bought and nothing blocks paying.</summary>
    public bool CheckoutAllowed => !Cart.IsClosed && Items.Count > 0 && Items.All(i => i.Available) && MissingForCheckout().Count == 0;

    /// <summary>What still stops a checkout, by field, in words a shopper can act on.</summary>
    public Dictionary<string, string> MissingForCheckout()
    {
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in CustomFieldValues.MissingRequired(Cart))
            missing[$"custom_field_values.{field.Key}"] = $"'{field.Label}' is required.";
        if (Cart.DiscountId is not null && AppliedDiscount is null)
            missing["discount_code"] = $"The discount code '{Cart.Discount?.Code}' no longer applies; remove it or use another.";
        var destination = ShippingDestinations.Of(Cart);
        if (Cart.ShippingMethod is { Enabled: true } method && destination is not null && !method.ShipsTo(destination))
            missing["shipping_method_id"] = ShippingDestinations.WhyNotTo(method, destination);
        else if ((Cart.ShippingMethodId is not null || Cart.FlatRateCountry is not null) && Shipping is null)
            missing["shipping_method_id"] = ShippingCurrencyProblem() ?? "The chosen shipping method is no longer available; choose another.";
        else if (Cart.ShippingMethod is { Enabled: true } limited && destination is null && limited.NeedsDestination())
            missing["shipping_address.country_code"] = ShippingDestinations.WhyDestinationNeeded(limited);
        // An address is optional, but one that is given is used for the order and must say who it is for.
        if (Cart.ShippingAddress is { } shipping && string.IsNullOrWhiteSpace(shipping.Name))
            missing["shipping_address.name"] = "The shipping address has no recipient name; send shipping_address.name.";
        if (Cart.BillingAddress is { } billing && string.IsNullOrWhiteSpace(billing.Name))
            missing["billing_address.name"] = "The billing address has no name; send billing_address.name.";
        foreach (var shortfall in Priced.RuleShortfalls)
            missing.TryAdd(CartRuleMessages.FieldOf(shortfall), CartRuleMessages.Missing(shortfall, Cart.Currency));
        return missing;
    }

    /// <summary>Why the chosen shipping has no amount in the cart's currency (which method or products, which currency); null when it has one.</summary>
    private string? ShippingCurrencyProblem()
    {
        var storeCurrency = Settings.DefaultCurrency;
        if (Cart.FlatRateCountry is { } country)
            return FlatRates.Total(Cart.Items.Select(i => (i.Product, i.Quantity)), country, Cart.Currency, storeCurrency, out var missing) is null
                ? FlatRates.WhyNotIn(missing, Cart.Currency, storeCurrency)
                : null;
        return Cart.ShippingMethod is { Enabled: true } method && method.AmountIn(Cart.ShippingMethodOption, storeCurrency, Cart.Currency) is null
            ? ShippingPrices.WhyNotIn(method, Cart.ShippingMethodOption, storeCurrency, Cart.Currency)
            : null;
    }

    public static CartQuote Of(Cart cart, DateTime nowUtc)
    {
        var settings = cart.Store;
        var mode = PriceEntryModes.ToPricing(settings.PriceEntryMode);

        var items = new List<QuotedItem>(cart.Items.Count);
        var lines = new List<PricingLine>(cart.Items.Count);
        foreach (var item in cart.Items)
        {
            var product = item.Product;
            var catalogPrice = CatalogPrice.Resolve(settings.DefaultCurrency, product.Price, product.Prices, cart.Currency);
            var unitPrice = item.PriceOverride ?? catalogPrice;
            var available = unitPrice is not null && product.Status == ProductStatus.Live &&
                            (product.Stock is null || product.Stock >= cart.UnitsOf(product.Id));
            // Tax by destination: the rate and the entered price where the cart goes, resolved before pricing.
            var (taxRate, entryPrice) = CartTaxes.Line(cart, item, unitPrice ?? 0);
            lines.Add(new PricingLine(item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entryPrice, taxRate, item.Quantity));
            items.Add(new QuotedItem(item, entryPrice, catalogPrice, available));
        }

        var discount = cart.Discount is { } d && DiscountRules.WhyNotApplicable(d.ToFacts(), cart.Currency, nowUtc) is null ? d : null;
        var shipping = ShippingQuote.Of(cart);

        var priced = CartPricer.Price(new PricingInput(
            cart.Currency,
            mode,
            settings.DefaultTaxRate,
            lines,
            discount?.ToPricing(cart.Currency),
            shipping is null ? null : new PricingShipping(shipping.Amount, shipping.TaxRate),
            CartRulePricing.ForCart(cart.Rules, settings.DefaultCurrency, cart.Currency, nowUtc, ShippingDestinations.Of(cart), shipping?.MethodId)));

        for (var i = 0; i < items.Count; i++) items[i] = items[i] with { Line = priced.Lines[i] };
        return new CartQuote(cart, priced, items, discount, shipping);
    }
}

/// <param name="UnitPrice">The unit price used, as entered (net or gross per the store's mode).</param>
/// <param name="CatalogPrice">The catalog's price in the cart currency; null when not sold in it.</param>
public sealed record QuotedItem(CartItem Item, decimal UnitPrice, decimal? CatalogPrice, bool Available)
{
    public PricedLine Line { get; init; } = null!;
}

/// <summary>The shipping a cart pays for: a store shipping method (and option) or a flat rate.</summary>
/// <param name="MethodId">The shipping method; null for flat-rate shipping.</param>
/// <param name="Amount">As entered (net or gross per the store's mode), in the cart currency, at the destination.</param>
/// <param name="TaxRate">The rate at the cart's destination (<see cref="CartTaxes.Shipping"/>).</param>
public sealed record ShippingQuote(long? MethodId, string Name, string? Description, decimal Amount, decimal TaxRate, string? Option)
{
    /// <summary>The cart's shipping when it can still be used, else null.</summary>
    public static ShippingQuote? Of(Cart cart)
    {
        // Amounts per currency are explicit (ShippingPrices, FlatRates); there are no exchange rates.
        var storeCurrency = cart.Store.DefaultCurrency;
        if (cart.FlatRateCountry is { } country)
        {
            if (FlatRates.Total(cart.Items.Select(i => (i.Product, i.Quantity)), country, cart.Currency, storeCurrency, out _) is not { } flat) return null;
            var (flatRate, flatAmount) = CartTaxes.Shipping(cart, flat, FlatRates.TaxRate(cart.Store));
            return new ShippingQuote(null, FlatRates.ServiceName(country), "Flat rate per product", flatAmount, flatRate, null);
        }
        if (cart.ShippingMethod is not { Enabled: true } method) return null;
        // Nothing is charged for shipping the method does not do; checkout says why (MissingForCheckout).
        if (ShippingDestinations.Of(cart) is { } destination && !method.ShipsTo(destination)) return null;
        if (method.AmountIn(cart.ShippingMethodOption, storeCurrency, cart.Currency) is not { } amount) return null;
        var (taxRate, entered) = CartTaxes.Shipping(cart, amount, method.TaxRate);
        return new ShippingQuote(method.Id, method.Name, method.Description, entered, taxRate, cart.ShippingMethodOption);
    }
}
