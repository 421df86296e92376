using System.Diagnostics;
using Kassa.Data;
using Microsoft.Extensions.Options;

namespace Kassa.Retention;

/// <summary>Runs <see cref="Ordering.PendingOrderExpiry"/>, <see cref="RetentionSweep"/> and <see cref="WebhookDeliverySweep"/> on a timer driven by <see cref="TimeProvider"/>, so tests can move the clock.</summary>
public sealed partial class RetentionService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<KassaOptions> options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, retention.IntervalMinutes)), clock);
        do
        {
            // One trace per sweep, so its lines (expired orders among them) carry trace ids as a request's do; a span
            // of its own when tracing is on.
            using var activity = Telemetry.TelemetrySetup.Source.StartActivity("retention sweep") ?? new Activity("retention sweep").Start();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                var expired = await Ordering.PendingOrderExpiry.RunAsync(db, now,
                    TimeSpan.FromMinutes(Math.Max(1, options.Value.Payments.PendingOrderExpiryMinutes)), stoppingToken);
                if (expired > 0) LogExpired(logger, expired);
                var deleted = await RetentionSweep.RunAsync(db, now, retention.Days, stoppingToken);
                if (deleted > 0) LogDeleted(logger, deleted, retention.Days);
                var keepDays = options.Value.Webhooks.KeepDays;
                var deliveries = await WebhookDeliverySweep.RunAsync(db, now, keepDays, stoppingToken);
                if (deliveries > 0) LogDeliveriesDeleted(logger, deliveries, keepDays);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} carts untouched for {Days} days")]
    private static partial void LogDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} webhook deliveries finished more than {Days} days ago")]
    private static partial void LogDeliveriesDeleted(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} pending online payments")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
