using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Webhooks;

/// <summary>
/// How an instance takes deliveries to make, so that no two make one at once: in one transaction it picks the due
/// deliveries and writes its lease on them. PostgreSQL skips the rows another instance is claiming (<c>FOR UPDATE
/// SKIP LOCKED</c>); SQLite has one writer (the write lock). A delivery waits while an earlier one of the same object
/// to the same webhook is pending, so each object's events arrive in order; a lease that runs out (a crashed
/// instance) makes the delivery due again.
/// </summary>
public static class WebhookClaims
{
    private const string Due = """
        SELECT d.* FROM webhook_deliveries AS d
        JOIN webhooks AS w ON w."Id" = d."WebhookId"
        WHERE d."Status" = 'pending' AND w."Enabled" AND d."NextAttemptAt" <= {0} AND (d."LeaseUntil" IS NULL OR d."LeaseUntil" <= {0})
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries AS e
                          WHERE e."WebhookId" = d."WebhookId" AND e."TargetId" = d."TargetId" AND e."Status" = 'pending' AND e."Id" < d."Id")
        ORDER BY d."Id"
        LIMIT {1}
        """;

    public static async Task<List<WebhookDelivery>> ClaimAsync(
        KassaDbContext db, Guid instance, DateTime now, DateTime leaseUntil, int limit, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        // A look first, holding nothing: an idle instance takes no lock (on SQLite, the write lock) at every poll.
        if (!await db.Set<WebhookDelivery>().FromSqlRaw(Due, now, 1).AsNoTracking().AnyAsync(ct)) return [];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var sql = db.Database.IsNpgsql() ? Due + " FOR UPDATE OF d SKIP LOCKED" : Due;
        var claimed = await db.Set<WebhookDelivery>().FromSqlRaw(sql, now, limit).AsTracking().ToListAsync(ct);
        if (claimed.Count == 0) return claimed;
        foreach (var delivery in claimed)
        {
            delivery.LeaseUntil = leaseUntil;
            delivery.LeaseOwner = instance;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        // A redelivery asked for at this moment: take them at the next round.
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            return [];
        }
        return claimed;
    }

    /// <summary>When the next delivery that could be claimed falls due (its attempt time, or its lease's end), or null when none waits.</summary>
    public static async Task<DateTime?> NextDueAsync(KassaDbContext db, CancellationToken ct)
    {
        var deliveries = db.Set<WebhookDelivery>().AsNoTracking();
        var waiting =
            from d in deliveries
            join w in db.Set<Webhook>() on d.WebhookId equals w.Id
            where d.Status == WebhookDeliveryStatus.Pending && w.Enabled &&
                  !deliveries.Any(e => e.WebhookId == d.WebhookId && e.TargetId == d.TargetId && e.Status == WebhookDeliveryStatus.Pending && e.Id < d.Id)
            select d;
        var attempt = await waiting.Where(d => d.LeaseUntil == null).OrderBy(d => d.NextAttemptAt).Select(d => (DateTime?)d.NextAttemptAt).FirstOrDefaultAsync(ct);
        var lease = await waiting.Where(d => d.LeaseUntil != null).OrderBy(d => d.LeaseUntil).Select(d => d.LeaseUntil).FirstOrDefaultAsync(ct);
        return attempt is null ? lease : lease is null ? attempt : attempt < lease ? attempt : lease;
    }

    /// <summary>Records an attempt's outcome, if this instance still holds the claim; returns the delivery's new status.</summary>
    public static async Task<string?> RecordAsync(
        KassaDbContext db, WebhookDelivery delivery, Guid instance, WebhookSender.Outcome outcome, DateTime now, TimeSpan retryIn, CancellationToken ct)
    {
        var status = outcome.Delivered ? WebhookDeliveryStatus.Delivered
            : now >= delivery.RetryUntil ? WebhookDeliveryStatus.Failed
            : WebhookDeliveryStatus.Pending;
        var next = status == WebhookDeliveryStatus.Pending ? (now + retryIn < delivery.RetryUntil ? now + retryIn : delivery.RetryUntil) : delivery.NextAttemptAt;
        var error = outcome.Error is { Length: > 4200 } e ? e[..4200] : outcome.Error;
        var written = await db.Set<WebhookDelivery>()
            .Where(d => d.Id == delivery.Id && d.LeaseOwner == instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.DeliveredAt, outcome.Delivered ? now : null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.UpdatedAt, now)
                .SetProperty(d => d.Version, d => d.Version + 1), ct);
        return written == 1 ? status : null;
    }

    /// <summary>Exponential backoff with jitter after the <paramref name="attempts"/>th failure: 15–30 s, then doubling, at most 30–60 min.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var full = TimeSpan.FromSeconds(30 * Math.Pow(2, Math.Min(Math.Max(attempts, 1) - 1, 7)));
        return full * (0.5 + Random.Shared.NextDouble() * 0.5);
    }
}
