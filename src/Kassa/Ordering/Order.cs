using Kassa.Data;

namespace Kassa.Ordering;

/// <summary>
/// An order: a cart frozen at checkout. Its amounts are a snapshot, so later catalog changes never
/// change what the shopper agreed to pay.
/// </summary>
public sealed class Order : IVersioned, IEntity
{
    public long Id { get; set; }
    public Guid Uuid { get; set; }

    /// <summary>Sequential per store; shown as "#N".</summary>
    public long Number { get; set; }

    public long CartId { get; set; }
    public Guid CartUuid { get; set; }

    /// <summary>The cart id while the order is live (not cancelled); unique, so a cart has one live order.</summary>
    public long? LiveCartId { get; set; }

    public string Status { get; set; } = OrderStatus.Created;
    public string PaymentStatus { get; set; } = OrderPaymentStatus.Pending;
    public string ShippingStatus { get; set; } = OrderShippingStatus.NotDispatched;

    public string Currency { get; set; } = "";
    public decimal TotalAmount { get; set; }
    public string GatewayCode { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public string? ReturnUrl { get; set; }

    /// <summary>Where the shopper goes after paying or cancelling (Outshifter success_url / cancel_url).</summary>
    public string? SuccessUrl { get; set; }
    public string? CancelUrl { get; set; }

    /// <summary>Where the shopper pays (the provider's page); null for offline payment.</summary>
    public string? PaymentUrl { get; set; }

    /// <summary>The provider's id for the payment, e.g. a Checkout Session id.</summary>
    public string? PaymentReference { get; set; }
    public string? CustomerEmail { get; set; }
    public long? DiscountId { get; set; }

    /// <summary>Units taken from stock by product id; given back if the order is cancelled.</summary>
    public Dictionary<long, int> ReservedStock { get; set; } = [];

    /// <summary>
    /// The cart as it was priced at checkout, with items and addresses: the Voog cart object as
    /// JSON, read back through <see cref="OrderSnapshot"/>.
    /// </summary>
    public string Snapshot { get; set; } = "";

    public DateOnly IssuedDate { get; set; }
    public DateOnly ValueDate { get; set; }
    public DateTime? CompletedAt { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string Code => $"#{Number}";
}

public static class OrderStatus
{
    public const string Created = "created";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public static readonly string[] All = [Created, Completed, Cancelled];
}

public static class OrderPaymentStatus
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
    public const string Refunded = "refunded";
    public static readonly string[] All = [Pending, Paid, Cancelled, Expired, Refunded];
}

public static class OrderShippingStatus
{
    public const string NotDispatched = "not_dispatched";
    public const string Dispatched = "dispatched";
    public const string Delivered = "delivered";
    public static readonly string[] All = [NotDispatched, Dispatched, Delivered];
}
