using Kassa.Carts;
using Kassa.Data;

namespace Kassa.Checkouts;

/// <summary>
/// An Outshifter checkout: a cart on its way to payment, with the shopper's contact, addresses and
/// return urls. What the cart also knows (customer, addresses, shipping) is written to the cart too,
/// so the Voog dialect sees the same state.
/// </summary>
public sealed class Checkout : IVersioned, IEntity
{
    public long Id { get; set; }
    public Guid Uuid { get; set; }
    public long CartId { get; set; }
    public Cart Cart { get; set; } = null!;

    public string Status { get; set; } = CheckoutStatus.Active;
    public string? SuccessUrl { get; set; }
    public string? CancelUrl { get; set; }

    /// <summary>As the client named it ("Stripe", "sandbox"); resolved to a gateway when paying.</summary>
    public string? PaymentMethod { get; set; }
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public CheckoutAddress? ShippingAddress { get; set; }
    public CheckoutAddress? BillingAddress { get; set; }

    /// <summary>The order created when payment was initiated.</summary>
    public long? OrderId { get; set; }

    /// <summary>
    /// Written by earlier versions; no longer read or written. The checkout's <c>checkout_url</c> is its live order's
    /// payment url, so there is one place that holds it (the column goes with the next migration).
    /// </summary>
    public string? CheckoutUrl { get; set; }

    public DateTime? DeletedAt { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class CheckoutStatus
{
    public const string Active = "ACTIVE";
    public const string Completed = "COMPLETED";
}

/// <summary>Outshifter's address; <see cref="Id"/> is given when the address is first stored.</summary>
public sealed record CheckoutAddress(
    Guid Id,
    string? FirstName,
    string? LastName,
    string? PhoneCode,
    string? Phone,
    string? Company,
    string? Address1,
    string? Address2,
    string? City,
    string? Province,
    string? ProvinceCode,
    string? Country,
    string? CountryCode,
    string? Zip);
