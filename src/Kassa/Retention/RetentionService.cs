using System.Diagnostics;
using Kassa.Data;
using Kassa.Telemetry;
using Microsoft.Extensions.Options;

namespace Kassa.Retention;

/// <summary>
/// Runs <see cref="Ordering.PendingOrderExpiry"/>, <see cref="RetentionSweep"/> and <see cref="WebhookDeliverySweep"/>
/// at start and then an interval after each run ends, on <see cref="TimeProvider"/>, so tests can move the clock. The
/// wait starts when a run ends (not on a fixed beat) so that a slow run, or a clock moved forward by days, is followed
/// by one run, not by a run for every interval that went by.
/// </summary>
public sealed partial class RetentionService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<KassaOptions> options, KassaMetrics metrics, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.Retention.IntervalMinutes));
        while (true)
        {
            await RunOnceAsync(stoppingToken);
            await Task.Delay(interval, clock, stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        // One trace per run, so its lines (expired orders among them) carry trace ids as a request's do; a span of its
        // own when tracing is on.
        using var activity = TelemetrySetup.Source.StartActivity("retention sweep") ?? new Activity("retention sweep").Start();
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        // Each job on its own: one that fails (and is logged) does not keep the others from their turn.
        var failed = !await TryAsync("pending payment expiry", async db =>
        {
            var expired = await Ordering.PendingOrderExpiry.RunAsync(db, now,
                TimeSpan.FromMinutes(Math.Max(1, settings.Payments.PendingOrderExpiryMinutes)), ct);
            if (expired > 0) LogExpired(logger, expired);
        }, ct);
        failed |= !await TryAsync("cart clean-up", async db =>
        {
            var deleted = await RetentionSweep.RunAsync(db, now, settings.Retention.Days, ct);
            if (deleted > 0) LogDeleted(logger, deleted, settings.Retention.Days);
        }, ct);
        failed |= !await TryAsync("webhook delivery clean-up", async db =>
        {
            var deliveries = await WebhookDeliverySweep.RunAsync(db, now, settings.Webhooks.KeepDays, ct);
            if (deliveries > 0) LogDeliveriesDeleted(logger, deliveries, settings.Webhooks.KeepDays);
        }, ct);
        metrics.RetentionRun(Stopwatch.GetElapsedTime(started), failed);
    }

    private async Task<bool> TryAsync(string job, Func<KassaDbContext, Task> run, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await run(scope.ServiceProvider.GetRequiredService<KassaDbContext>());
            return true;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            LogFailed(logger, job, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} carts untouched for {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} webhook deliveries finished more than {Days} days ago")]
    private static partial void LogDeliveriesDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} pending online payments")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention: the {Job} failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string job, Exception e);
}
