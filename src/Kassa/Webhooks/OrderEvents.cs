using System.Text.Json;
using Kassa.Carts.Voog;
using Kassa.Data;
using Kassa.Ordering;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kassa.Webhooks;

/// <summary>
/// Writes the webhook events of an order into the outbox (<see cref="WebhookDelivery"/>), one row per subscribed
/// webhook, in the caller's transaction: the events commit with the change that caused them, or not at all. The one
/// call every order change makes: <see cref="OrderPlacement"/> for <c>create</c>, <see cref="OrderWrites"/> (through
/// <see cref="RecordChangeAsync"/>) for everything after.
/// </summary>
public static class OrderEvents
{
    /// <summary>What of an order its events are told from, taken before a change.</summary>
    public readonly record struct State(string Status, string PaymentStatus, string ShippingStatus)
    {
        public static State Of(Order order) => new(order.Status, order.PaymentStatus, order.ShippingStatus);
    }

    /// <summary>
    /// The events a change of an order makes, from its state before and after: <c>update</c> for any change of its
    /// statuses, and besides it <c>paid</c>, <c>payment_failed</c> (the provider or expiry ended a pending payment),
    /// <c>shipped</c> and <c>cancelled</c>; a deleted order makes only <c>delete</c>.
    /// </summary>
    public static IReadOnlyList<string> Of(State before, Order order, bool deleted, string changedBy)
    {
        if (deleted) return [WebhookEvents.Delete];
        var after = State.Of(order);
        if (after == before) return [];
        var events = new List<string> { WebhookEvents.Update };
        if (after.PaymentStatus != before.PaymentStatus)
        {
            if (after.PaymentStatus == OrderPaymentStatus.Paid) events.Add(WebhookEvents.Paid);
            else if (after.PaymentStatus is OrderPaymentStatus.Cancelled or OrderPaymentStatus.Expired && before.PaymentStatus == OrderPaymentStatus.Pending &&
                     changedBy is OrderChangedBy.Provider or OrderChangedBy.Expiry)
                events.Add(WebhookEvents.PaymentFailed);
        }
        if (before.ShippingStatus == OrderShippingStatus.NotDispatched && after.ShippingStatus != OrderShippingStatus.NotDispatched)
            events.Add(WebhookEvents.Shipped);
        if (after.Status == OrderStatus.Cancelled && before.Status != OrderStatus.Cancelled) events.Add(WebhookEvents.Cancelled);
        return events;
    }

    /// <summary>Records <paramref name="event"/> of <paramref name="order"/> (saved, so it has its id and times) for every webhook that wants it.</summary>
    public static Task<bool> RecordAsync(KassaDbContext db, Order order, string @event, CancellationToken ct) =>
        RecordAsync(db, order, [@event], ct);

    /// <summary>
    /// Records the events a saved change of a locked order made (<see cref="Of"/>). Returns whether it added rows, for the
    /// caller to save in the same transaction.
    /// </summary>
    public static Task<bool> RecordChangeAsync(KassaDbContext db, State before, Order order, bool deleted, string changedBy, CancellationToken ct) =>
        RecordAsync(db, order, Of(before, order, deleted, changedBy), ct);

    private static async Task<bool> RecordAsync(KassaDbContext db, Order order, IReadOnlyList<string> events, CancellationToken ct)
    {
        if (events.Count == 0 || db.WebhookOutbox is not { } outbox) return false;
        var wanted = await db.Set<Webhook>().AsNoTracking()
            .Where(w => w.Enabled && w.Target == WebhookEvents.OrderTarget && events.Contains(w.Event) && (w.TargetId == null || w.TargetId == order.Id))
            .OrderBy(w => w.Id).Select(w => new { w.Id, w.Event }).ToListAsync(ct);
        if (wanted.Count == 0) return false;
        var now = outbox.Now;
        var added = false;
        foreach (var @event in events)
        {
            var webhooks = wanted.Where(w => w.Event == @event).ToList();
            if (webhooks.Count == 0) continue;
            var eventId = Guid.NewGuid();
            var body = outbox.Body(order, @event, now);
            foreach (var webhook in webhooks)
            {
                db.Set<WebhookDelivery>().Add(new WebhookDelivery
                {
                    WebhookId = webhook.Id,
                    EventId = eventId,
                    Target = WebhookEvents.OrderTarget,
                    TargetId = order.Id,
                    Event = @event,
                    Body = body,
                    NextAttemptAt = now,
                    RetryUntil = now + outbox.RetryFor,
                });
                added = true;
            }
        }
        if (added) outbox.Written(db);
        return added;
    }
}

/// <summary>
/// What <see cref="OrderEvents"/> needs from the app: the clock, the order mapping's inputs (gateways, the public
/// base url) and the dispatcher's wake-up. Reached through <see cref="KassaDbContext.WebhookOutbox"/>.
/// </summary>
public sealed class WebhookOutbox(
    TimeProvider clock, Payments.PaymentGateways gateways, IOptions<KassaOptions> options, IOptions<JsonOptions> json, WebhookSignal signal)
{
    public DateTime Now => Data.StoredDates.ToMilliseconds(clock.GetUtcNow().UtcDateTime);

    public TimeSpan RetryFor => TimeSpan.FromHours(Math.Max(0, options.Value.Webhooks.RetryHours));

    /// <summary>The delivery body: <c>{target, target_id, event, created_at, data: {object}}</c>, the object as the Voog orders API shows it.</summary>
    public string Body(Order order, string @event, DateTime at) => JsonSerializer.Serialize(Payload(order, @event, at), json.Value.SerializerOptions);

    public WebhookPayload Payload(Order order, string @event, DateTime at)
    {
        // Urls start at Kassa:PublicBaseUrl; without it they are paths (an event has no request to take an origin from).
        var view = new VoogCartView(true, null, true, true, false, null, (options.Value.PublicBaseUrl ?? "").TrimEnd('/'));
        return new WebhookPayload(WebhookEvents.OrderTarget, order.Id, @event, at, new WebhookPayloadData(order.ToVoog(view, gateways)));
    }

    /// <summary>Wakes this instance's dispatcher once <paramref name="db"/>'s transaction commits.</summary>
    internal void Written(KassaDbContext db) => signal.AfterCommit(db);
}
