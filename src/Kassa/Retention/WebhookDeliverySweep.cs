using Kassa.Data;
using Kassa.Webhooks;

namespace Kassa.Retention;

/// <summary>
/// Deletes webhook deliveries that finished (delivered or failed) more than <c>Kassa:Webhooks:KeepDays</c> ago. A
/// pending delivery — a redelivered one too — is never deleted, and neither is one an instance holds a live lease on.
/// </summary>
public static class WebhookDeliverySweep
{
    /// <returns>How many deliveries were deleted.</returns>
    public static Task<int> RunAsync(KassaDbContext db, DateTime nowUtc, int keepDays, CancellationToken ct)
    {
        var cutoff = nowUtc.AddDays(-keepDays);
        // Aged from the moment the outcome was recorded (both are set by the attempt that made the delivery final), so a
        // delivery retried for days or redelivered last week keeps its whole period in the deliveries list.
        return RetentionSweep.DeleteInBatchesAsync(db, () => db.WebhookDeliveries
            .Where(d => (d.Status == WebhookDeliveryStatus.Delivered && d.DeliveredAt < cutoff) ||
                        (d.Status == WebhookDeliveryStatus.Failed && d.LastAttemptAt < cutoff))
            // A final delivery carries no lease (its record clears it); should one be there, its holder is still at work.
            .Where(d => d.LeaseUntil == null || d.LeaseUntil <= nowUtc), ct);
    }
}
