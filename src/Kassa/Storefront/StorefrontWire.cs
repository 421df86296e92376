using System.Text.Json.Serialization;
using Kassa.Catalog;
using Kassa.Settings;

namespace Kassa.Storefront;

/// <summary>
/// A live product as the public catalog shows it: prices as the shopper pays them, availability instead of a stock
/// count, and its live variants (a variant is what goes into a cart when a product has them).
/// </summary>
/// <param name="Name">In the request's <c>language_code</c> when the product has that translation, else its own name.</param>
/// <param name="Price">In the request's currency; null when the product is not sold in it.</param>
/// <param name="Availability"><c>in_stock</c>, <c>out_of_stock</c> or <c>not_tracked</c> (<see cref="StorefrontAvailability"/>).</param>
/// <param name="Variants">Its live variants, in id order; empty for a variant and for a product without variants.</param>
public sealed record StorefrontProduct(
    long Id,
    string Name,
    string? Sku,
    string? Description,
    string? ImageUrl,
    bool IsVariant,
    long? ParentId,
    string? VariantAttributesText,
    List<VariantAttributeWire> VariantAttributes,
    StorefrontPrice? Price,
    string Availability,
    List<StorefrontProduct> Variants)
{
    /// <summary>The names by language; only with <c>include=translations</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProductTranslationsWire? Translations { get; init; }
}

/// <summary>
/// One unit's price: <paramref name="Net"/> + <paramref name="Tax"/> = <paramref name="Gross"/>, each with the currency's
/// minor units ("19.90"). A cart line of one unit costs exactly this.
/// </summary>
/// <param name="TaxRate">Percent, as the Outshifter dialect writes it ("20", "13.5").</param>
public sealed record StorefrontPrice(string Currency, string Net, string Tax, string Gross, string TaxRate);

public static class StorefrontAvailability
{
    public const string InStock = "in_stock";
    public const string OutOfStock = "out_of_stock";
    public const string NotTracked = "not_tracked";
}

/// <summary>The store's public facts: what a storefront needs to show prices, shipping and payment before a cart exists.</summary>
/// <param name="PriceEntryMode"><c>net</c> or <c>gross</c>: which of a price's amounts the shop entered.</param>
/// <param name="Languages">For <c>language_code</c>; the first is the store's default.</param>
/// <param name="CustomFields">Fields a cart can carry (Voog <c>custom_field_values</c>); a required one blocks checkout until set.</param>
/// <param name="ShippingMethods">The enabled methods priced in the requested currency, in id order.</param>
/// <param name="PaymentMethods">What checkout accepts: the configured providers' methods.</param>
/// <param name="CartRules">The automatic cart rules active now that can apply in the requested currency, in the order they run, with their thresholds.</param>
public sealed record StorefrontStore(
    string DefaultCurrency,
    List<string> AllowedCurrencies,
    string PriceEntryMode,
    string DefaultTaxRate,
    List<string> Languages,
    List<CustomFieldWire> CustomFields,
    List<StorefrontShippingMethod> ShippingMethods,
    List<StorefrontPaymentMethod> PaymentMethods,
    List<StorefrontCartRule> CartRules);

/// <param name="Price">
/// In the requested currency (else the store's), with the requested country's tax (else the store country's), as a cart in
/// that currency shipped there pays it; null when the method has options, since a cart then has to choose one.
/// </param>
/// <param name="Options">The options priced in the requested currency; a method with options but none priced in it is not listed.</param>
/// <param name="Countries">ISO 3166 codes it ships to; empty means anywhere.</param>
public sealed record StorefrontShippingMethod(
    long Id,
    string Name,
    string? Description,
    StorefrontPrice? Price,
    List<StorefrontShippingOption> Options,
    List<string> Countries);

/// <param name="Price">With this option chosen (Voog <c>shipping_method_option</c>, Outshifter <c>shipping_rate.option</c>), instead of the method's own.</param>
public sealed record StorefrontShippingOption(string Name, StorefrontPrice Price);

public sealed record StorefrontPaymentMethod(string Code, string GatewayCode, string Name);
