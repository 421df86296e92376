using System.Diagnostics;
using Kassa.Data;
using Kassa.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kassa.Webhooks;

/// <summary>
/// Delivers the outbox: claims due deliveries (<see cref="WebhookClaims"/>), sends them (<see cref="WebhookSender"/>)
/// a few at a time, records each outcome, and sleeps until the next one falls due, the poll interval passes (events
/// written by other instances) or a commit in this instance rings <see cref="WebhookSignal"/>. All times come from
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<KassaOptions> options, WebhookSignal signal, WebhookSender sender,
    KassaMetrics metrics, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>This instance's name on its claims.</summary>
    private readonly Guid _instance = Guid.NewGuid();

    private WebhooksOptions Settings => options.Value.Webhooks;

    private TimeSpan Poll => TimeSpan.FromSeconds(Math.Max(0.05, Settings.PollSeconds));

    /// <summary>Long enough for an attempt (its timeout) and its record; a crashed instance's claim ends after it.</summary>
    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(0.1, Settings.TimeoutSeconds) + 50);

    private DateTime Now => StoredDates.ToMilliseconds(clock.GetUtcNow().UtcDateTime);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
                wait = Poll;
            }
            await signal.WaitAsync(wait, clock, stoppingToken);
        }
    }

    /// <summary>Delivers what is due until nothing is; returns how long to sleep.</summary>
    private async Task<TimeSpan> DeliverDueAsync(CancellationToken ct)
    {
        while (true)
        {
            List<WebhookDelivery> claimed;
            Dictionary<long, Webhook> webhooks;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
                var now = Now;
                claimed = await WebhookClaims.ClaimAsync(db, _instance, now, now + Lease, Math.Max(1, Settings.Concurrency) * 4, ct);
                if (claimed.Count == 0)
                {
                    var due = await WebhookClaims.NextDueAsync(db, ct);
                    return due is { } at && at > now && at - now < Poll ? at - now : Poll;
                }
                var ids = claimed.Select(d => d.WebhookId).Distinct().ToList();
                webhooks = await db.Set<Webhook>().AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
            }
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Concurrency), CancellationToken = ct },
                async (delivery, token) =>
                {
                    if (webhooks.TryGetValue(delivery.WebhookId, out var webhook)) await DeliverAsync(webhook, delivery, token);
                });
        }
    }

    private async Task DeliverAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken ct)
    {
        using var activity = TelemetrySetup.Source.StartActivity("webhook delivery", ActivityKind.Client);
        activity?.SetTag("kassa.webhook.id", webhook.Id);
        activity?.SetTag("kassa.webhook.event", $"{delivery.Target}.{delivery.Event}");
        var outcome = await sender.SendAsync(webhook.Url, delivery, webhook.SecretsAt(Now), clock.GetUtcNow(), ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
        var retryIn = WebhookClaims.Backoff(delivery.Attempts + 1);
        var status = await WebhookClaims.RecordAsync(db, delivery, _instance, outcome, Now, retryIn, CancellationToken.None);
        if (status is null) return;
        metrics.WebhookDelivery(delivery.Event, status == WebhookDeliveryStatus.Pending ? "retrying" : status);
        if (status == WebhookDeliveryStatus.Pending)
            LogRetrying(logger, delivery.Id, delivery.EventId, webhook.Id, delivery.Attempts + 1, outcome.Error, retryIn.TotalSeconds);
        else if (status == WebhookDeliveryStatus.Failed)
            LogGaveUp(logger, delivery.Id, delivery.EventId, webhook.Id, delivery.Attempts + 1, outcome.Error);
    }

    [LoggerMessage(EventId = 3001, EventName = "WebhookRetrying", Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} (event {EventId}, webhook {WebhookId}) attempt {Attempt} failed: {Error}; next try in {Seconds:0} s")]
    private static partial void LogRetrying(ILogger logger, long deliveryId, Guid eventId, long webhookId, int attempt, string? error, double seconds);

    [LoggerMessage(EventId = 3002, EventName = "WebhookFailed", Level = LogLevel.Warning,
        Message = "Webhook delivery {DeliveryId} (event {EventId}, webhook {WebhookId}) failed for good after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, Guid eventId, long webhookId, int attempts, string? error);

    [LoggerMessage(EventId = 3003, EventName = "WebhookDispatchFailed", Level = LogLevel.Error,
        Message = "The webhook dispatcher failed; it tries again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
