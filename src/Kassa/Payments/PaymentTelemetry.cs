using System.Diagnostics;
using System.Text.RegularExpressions;
using Kassa.Ordering;
using Kassa.Telemetry;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// What the operator sees of payment providers: how long each call took and how it ended, and what became of each
/// payment webhook, as counts on the <see cref="KassaMetrics"/> and, for whatever went wrong, a warning (category
/// <c>Kassa.Payments</c>). No line carries a key, a signature, a webhook body or the shopper's personal data; the
/// provider's own words are kept, with anything that looks like an e-mail address taken out.
/// </summary>
public sealed partial class PaymentTelemetry(KassaMetrics metrics, ILoggerFactory loggers)
{
    public const string Category = "Kassa.Payments";

    /// <summary>The gateway tag of a webhook for a gateway Kassa does not offer: the path segment is anyone's to choose.</summary>
    public const string UnknownGateway = "unknown";

    private const int MaxTextLength = 300;

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>For a DbContext built without the app (design time): counts nowhere, logs nothing.</summary>
    internal static readonly PaymentTelemetry Detached = new(KassaMetrics.Detached(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    /// <summary>Runs one call to a provider, timed; a failure is counted and logged, then rethrown as it was.</summary>
    /// <param name="operation">What was asked, e.g. <c>start</c> (open the payment) or <c>place_order</c> (Klarna).</param>
    public async Task<T> CallAsync<T>(string gateway, string operation, Order order, Func<Task<T>> call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            metrics.ProviderCall(gateway, operation, ProviderOutcome.Ok, Stopwatch.GetElapsedTime(started));
            return result;
        }
        // The shopper went away: nothing to say about the provider.
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var outcome = e is PaymentProviderException { Refused: true } or ValidationFailedException ? ProviderOutcome.Refused : ProviderOutcome.Failed;
            metrics.ProviderCall(gateway, operation, outcome, elapsed);
            var detail = e switch
            {
                ValidationFailedException v => string.Join(" ", v.Errors?.SelectMany(f => f.Value.Select(why => $"{f.Key}: {why}")) ?? [v.Message]),
                DomainException d => d.Message,
                _ => e.GetType().Name,
            };
            LogProviderFailed(_logger, gateway, outcome, operation, order.Id, order.Number, elapsed.TotalMilliseconds, Clean(detail));
            throw;
        }
    }

    /// <summary>A webhook was refused (400, or 404 for a gateway not offered): forged, stale, malformed or misaddressed.</summary>
    public void WebhookRejected(string gateway, bool offered, string reason)
    {
        metrics.Webhook(offered ? gateway : UnknownGateway, WebhookOutcome.Rejected);
        LogWebhookRejected(_logger, Clean(gateway, 40), Clean(reason));
    }

    /// <summary>A verified webhook delivery, with what <see cref="PaymentWebhooks.ProcessAsync"/> made of it.</summary>
    public void WebhookDelivered(string gateway, string result) =>
        metrics.Webhook(gateway, result switch
        {
            "applied" => WebhookOutcome.Applied,
            "duplicate" => WebhookOutcome.Duplicate,
            _ => WebhookOutcome.Ignored,
        });

    /// <summary>
    /// A verified payment result that was recorded but not applied to its order (no such order, another gateway's order,
    /// a move the order's state forbids such as paid after it expired): money may have moved that the shop must look at.
    /// </summary>
    public void ResultNotApplied(string gateway, PaymentEvent e, string why) =>
        LogResultNotApplied(_logger, e.Outcome, gateway, Clean(e.EventId, 100), Clean(why));

    /// <summary>Text from a provider or a request, made fit for a log line: one line, bounded, without e-mail addresses.</summary>
    private static string Clean(string text, int max = MaxTextLength)
    {
        var line = EmailLike().Replace(text.ReplaceLineEndings(" "), "[e-mail]");
        return line.Length > max ? line[..max] + "…" : line;
    }

    [GeneratedRegex(@"[^\s'""<>()\[\],;:]+@[^\s'""<>()\[\],;:]+")]
    private static partial Regex EmailLike();

    [LoggerMessage(EventId = 2001, EventName = "PaymentProviderFailed", Level = LogLevel.Warning,
        Message = "Payment provider {Gateway} {Outcome} to {Operation} for order #{OrderNumber} (id {OrderId}) after {ElapsedMilliseconds:0} ms: {Detail}")]
    private static partial void LogProviderFailed(
        ILogger logger, string gateway, string outcome, string operation, long orderId, long orderNumber, double elapsedMilliseconds, string detail);

    [LoggerMessage(EventId = 2002, EventName = "PaymentWebhookRejected", Level = LogLevel.Warning,
        Message = "Payment webhook for {Gateway} refused: {Reason}")]
    private static partial void LogWebhookRejected(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 2003, EventName = "PaymentResultNotApplied", Level = LogLevel.Warning,
        Message = "Payment result {PaymentOutcome} from {Gateway} (event {EventId}) was recorded but not applied: {Reason}")]
    private static partial void LogResultNotApplied(ILogger logger, string paymentOutcome, string gateway, string eventId, string reason);
}
