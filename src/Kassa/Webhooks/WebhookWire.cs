using Kassa.Http;
using Kassa.Ordering;

namespace Kassa.Webhooks;

/// <summary>POST and PUT of a webhook; PUT changes only what it names.</summary>
public sealed record WebhookRequest(
    Optional<bool> Enabled,
    Optional<string> Target,
    Optional<long?> TargetId,
    Optional<string> Event,
    Optional<string> Url,
    Optional<string?> Description);

/// <summary>Voog's webhook object. <see cref="Secret"/> is shown only in the answer that created or rotated it.</summary>
public sealed record WebhookResponse(
    long Id,
    bool Enabled,
    string Target,
    long? TargetId,
    string Event,
    string Url,
    string? Description,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Secret = null);

/// <summary>One event's delivery to one webhook, as the deliveries list shows it.</summary>
public sealed record WebhookDeliveryResponse(
    long Id,
    long WebhookId,
    Guid EventId,
    string Target,
    long TargetId,
    string Event,
    string Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime? LastAttemptAt,
    DateTime? NextAttemptAt,
    DateTime? DeliveredAt,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>What a delivery POSTs: <c>{target, target_id, event, created_at, data: {object}}</c>.</summary>
public sealed record WebhookPayload(string Target, long TargetId, string Event, DateTime CreatedAt, WebhookPayloadData Data);

/// <param name="Object">The order as the Voog orders API shows it (<c>GET /admin/api/ecommerce/v1/orders/{id}</c>).</param>
public sealed record WebhookPayloadData(VoogOrderResponse Object);

public static class WebhookMapping
{
    public static WebhookResponse ToResponse(this Webhook w, bool withSecret = false) =>
        new(w.Id, w.Enabled, w.Target, w.TargetId, w.Event, w.Url, w.Description, w.CreatedAt, w.UpdatedAt, withSecret ? w.Secret : null);

    public static WebhookDeliveryResponse ToResponse(this WebhookDelivery d) =>
        new(d.Id, d.WebhookId, d.EventId, d.Target, d.TargetId, d.Event, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.LastAttemptAt,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt, d.CreatedAt, d.UpdatedAt);
}
