using Kassa.Data;
using Microsoft.Extensions.Options;

namespace Kassa.Retention;

/// <summary>Runs <see cref="RetentionSweep"/> on a timer driven by <see cref="TimeProvider"/>, so tests can move the clock.</summary>
public sealed partial class RetentionService(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<KassaOptions> options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, retention.IntervalMinutes)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KassaDbContext>();
                var deleted = await RetentionSweep.RunAsync(db, clock.GetUtcNow().UtcDateTime, retention.Days, stoppingToken);
                if (deleted > 0) LogDeleted(logger, deleted, retention.Days);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
