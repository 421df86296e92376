using Kassa.Data;

namespace Kassa.Webhooks;

/// <summary>
/// The outbox: one event for one webhook, written in the transaction of the change that caused it and delivered
/// from there by <see cref="WebhookDispatcher"/>. The body is fixed when the event happens, so every attempt (and a
/// redelivery) sends the same bytes under the same <see cref="EventId"/>.
/// </summary>
public sealed class WebhookDelivery : IVersioned, IEntity
{
    public long Id { get; set; }
    public long WebhookId { get; set; }

    /// <summary>The event's id, shared by the deliveries of one event to several webhooks: <c>Kassa-Event-Id</c>.</summary>
    public Guid EventId { get; set; }
    public string Target { get; set; } = "";

    /// <summary>The object's id; deliveries of one object to one webhook go out one at a time, in <see cref="Id"/> order.</summary>
    public long TargetId { get; set; }
    public string Event { get; set; } = "";

    /// <summary>The JSON body, exactly as it is signed and sent.</summary>
    public string Body { get; set; } = "";

    public string Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>After this time a failed attempt is the last: the delivery is marked failed.</summary>
    public DateTime RetryUntil { get; set; }

    /// <summary>While set and in the future, an instance is delivering it (its claim); a crashed instance's claim runs out.</summary>
    public DateTime? LeaseUntil { get; set; }
    public Guid? LeaseOwner { get; set; }

    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public static readonly string[] All = [Pending, Delivered, Failed];
}
