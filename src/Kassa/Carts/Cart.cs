using Kassa.Catalog;
using Kassa.Data;
using Kassa.Discounts;
using Kassa.Settings;
using Kassa.Shipping;
using Kassa.Validation;

namespace Kassa.Carts;

/// <summary>
/// A shopper's cart, shared by both dialects. It stores choices (items, codes, ids), never amounts:
/// every amount is priced from the catalog when the cart is read.
/// </summary>
public sealed class Cart : IVersioned, IEntity
{
    public long Id { get; set; }

    /// <summary>The only way to reach a cart anonymously; random, so it cannot be guessed.</summary>
    public Guid Uuid { get; set; }

    public string Status { get; set; } = CartStatus.Created;
    public string Currency { get; set; } = "";

    /// <summary>Outshifter's reference to the storefront's own session.</summary>
    public string? CustomerSessionId { get; set; }

    public CartCustomer? Customer { get; set; }
    public CartAddress? BillingAddress { get; set; }
    public CartAddress? ShippingAddress { get; set; }
    public string? Note { get; set; }

    public long? DiscountId { get; set; }
    public Discount? Discount { get; set; }

    public long? ShippingMethodId { get; set; }
    public ShippingMethod? ShippingMethod { get; set; }
    public string? ShippingMethodOption { get; set; }

    /// <summary>Outshifter flat-rate shipping to this country (ISO 3166), instead of a shipping method.</summary>
    public string? FlatRateCountry { get; set; }

    /// <summary>The order waiting for this cart's payment; while it is set the cart cannot change.</summary>
    public long? PendingOrderId { get; set; }

    public string? GatewayCode { get; set; }
    public string? PaymentMethod { get; set; }
    public string? ReturnUrl { get; set; }
    public bool? TermsAgreement { get; set; }

    /// <summary>Values by custom field key, as JSON scalars (string or boolean), validated by kind.</summary>
    public Dictionary<string, object?> CustomFieldValues { get; set; } = [];

    /// <summary>The store the cart belongs to; a navigation so one query reads cart, catalog facts and settings.</summary>
    public int StoreId { get; set; } = StoreSettings.SingletonId;
    public StoreSettings Store { get; set; } = null!;

    public List<CartItem> Items { get; set; } = [];

    /// <summary>The store's enabled cart rules, read with the cart (<see cref="Data.CartLoading"/>) to price it; not a column.</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public IReadOnlyList<CartRules.CartRule> Rules { get; set; } = [];

    /// <summary>The store's tax rates per (country, class), read with the cart (not a column): what <see cref="CartTaxes"/> chooses from.</summary>
    public IReadOnlyList<Pricing.CountryTaxRate> TaxRates { get; set; } = [];

    /// <summary>Set when a shopper deletes the cart; a deleted cart is gone for every endpoint.</summary>
    public DateTime? DeletedAt { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsClosed => Status == CartStatus.Closed;

    /// <summary>
    /// The units of a product the cart holds over all its lines: what stock must cover, the same count when a line is added,
    /// when the cart is shown and when the order takes the stock.
    /// </summary>
    public int UnitsOf(long productId)
    {
        var units = 0;
        foreach (var item in Items)
            if (item.ProductId == productId) units += item.Quantity;
        return units;
    }

    /// <summary>A shopper changes an open cart only: a closed cart, or one with a payment in progress, is a 409.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
            throw new ConflictException("The cart is closed: it has been checked out and can no longer be changed.");
        if (PendingOrderId is not null)
            throw new ConflictException("A payment for this cart is in progress; the cart can change again if that payment is cancelled.");
    }
}

public static class CartStatus
{
    public const string Created = "created";
    public const string Closed = "closed";
    public static readonly string[] All = [Created, Closed];
}

public sealed class CartItem : IVersioned, IEntity
{
    public long Id { get; set; }

    /// <summary>Outshifter's line item id.</summary>
    public Guid Uuid { get; set; }

    public long CartId { get; set; }
    public long ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int Quantity { get; set; }
    public string? Note { get; set; }

    /// <summary>A unit price set with the admin key (Outshifter price_data); null means the catalog price.</summary>
    public decimal? PriceOverride { get; set; }

    /// <summary>A tax rate set with the admin key (Outshifter price_data.tax); null means the product's rate.</summary>
    public decimal? TaxRateOverride { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed record CartCustomer(string? Name, string? Email, string? Phone, string? Language);

public sealed record CartAddress(
    string? Name,
    string? CompanyName,
    string? VatCode,
    string? Address1,
    string? Address2,
    string? City,
    string? ZipCode,
    string? State,
    string? CountryCode,
    string? Phone,
    string? Instructions);
