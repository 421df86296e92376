using Kassa.Data;

namespace Kassa.Webhooks;

/// <summary>
/// A shop's subscription to one event of one kind of object (Voog's webhook object): Kassa POSTs each such event to
/// <see cref="Url"/>, signed with <see cref="Secret"/>. <see cref="TargetId"/>, when set, limits it to one object.
/// </summary>
public sealed class Webhook : IVersioned, IEntity
{
    public long Id { get; set; }
    public bool Enabled { get; set; } = true;
    public string Target { get; set; } = "";
    public long? TargetId { get; set; }
    public string Event { get; set; } = "";
    public string Url { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The signing secret; shown once, in the answer that created or rotated it.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The secrets a delivery at <paramref name="now"/> is signed with: the current one, and the previous one in its grace period.</summary>
    public IEnumerable<string> SecretsAt(DateTime now)
    {
        yield return Secret;
        if (PreviousSecret is not null && PreviousSecretUntil > now) yield return PreviousSecret;
    }
}

/// <summary>The (target, event) pairs a webhook may subscribe to; any other pair is a 422.</summary>
public static class WebhookEvents
{
    public const string OrderTarget = "order";

    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";
    public const string Shipped = "shipped";
    public const string PaymentFailed = "payment_failed";

    public static readonly string[] Targets = [OrderTarget];

    public static readonly IReadOnlyDictionary<string, string[]> EventsOf = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [OrderTarget] = [Create, Update, Delete, Paid, Cancelled, Shipped, PaymentFailed],
    };

    public static bool IsKnown(string? target, string? @event) =>
        target is not null && @event is not null && EventsOf.TryGetValue(target, out var events) && events.Contains(@event);
}
