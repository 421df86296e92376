using System.Diagnostics.Metrics;

namespace Kassa.Telemetry;

/// <summary>
/// Kassa's own meter, <c>Kassa</c>: what the shop does (carts, orders) and how its payment providers behave.
/// One per host, made through <see cref="IMeterFactory"/>, so two hosts in one process (the tests) count apart.
/// Recording costs a check and nothing more while no listener (an exporter, a test's collector) is attached.
/// The names, units and tags are listed in docs/telemetry.md.
/// </summary>
public sealed class KassaMetrics
{
    public const string MeterName = "Kassa";

    /// <summary>Tag names, shared with the tests and docs/telemetry.md.</summary>
    public static class Tags
    {
        public const string Dialect = "kassa.dialect";
        public const string Gateway = "kassa.gateway";
        public const string Reason = "kassa.reason";
        public const string Operation = "kassa.operation";
        public const string Outcome = "kassa.outcome";
        public const string Event = "kassa.event";
    }

    private readonly Counter<long> _cartsCreated;
    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _ordersPaid;
    private readonly Counter<long> _ordersCancelled;
    private readonly Counter<long> _ordersRefunded;
    private readonly Histogram<double> _providerDuration;
    private readonly Counter<long> _providerFailures;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _retentionDuration;

    public KassaMetrics(IMeterFactory meters) : this(meters.Create(MeterName))
    {
    }

    /// <summary>For a DbContext built without the app (design time): a meter of its own name, which nothing listens to.</summary>
    internal static KassaMetrics Detached() => new(new Meter(MeterName + ".Detached"));

    private KassaMetrics(Meter meter)
    {
        _cartsCreated = meter.CreateCounter<long>("kassa.carts.created", "{cart}", "Carts created, by dialect (voog, outshifter).");
        _ordersPlaced = meter.CreateCounter<long>("kassa.orders.placed", "{order}", "Orders placed at checkout, by payment gateway.");
        _ordersPaid = meter.CreateCounter<long>("kassa.orders.paid", "{order}", "Orders whose payment became paid, by payment gateway.");
        _ordersCancelled = meter.CreateCounter<long>("kassa.orders.cancelled", "{order}",
            "Orders cancelled, by payment gateway and reason (admin, provider, expiry, withdrawal).");
        _ordersRefunded = meter.CreateCounter<long>("kassa.orders.refunded", "{order}", "Orders whose payment became refunded, by payment gateway.");
        _providerDuration = meter.CreateHistogram("kassa.payment.provider.duration", "s",
            "How long a call to a payment provider took, by gateway, operation and outcome (ok, refused, failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _providerFailures = meter.CreateCounter<long>("kassa.payment.provider.failures", "{call}",
            "Payment provider calls that failed, by gateway, operation and outcome (refused: the provider said no to what was sent; failed: down, slow or misconfigured).");
        _webhooks = meter.CreateCounter<long>("kassa.payment.webhooks", "{delivery}",
            "Payment webhook deliveries, by gateway and outcome (applied, duplicate, ignored, rejected).");
        _webhookDeliveries = meter.CreateCounter<long>("kassa.webhooks.deliveries", "{attempt}",
            "Attempts to deliver a merchant webhook, by event and outcome (delivered, retrying, failed).");
        _retentionDuration = meter.CreateHistogram("kassa.retention.duration", "s",
            "How long a run of the retention job took (payment expiry, cart and webhook delivery clean-up), by outcome (ok, failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300] });
    }

    public void CartCreated(string dialect) => _cartsCreated.Add(1, new KeyValuePair<string, object?>(Tags.Dialect, dialect));

    public void OrderPlaced(string gateway) => _ordersPlaced.Add(1, new KeyValuePair<string, object?>(Tags.Gateway, gateway));

    public void OrderPaid(string gateway) => _ordersPaid.Add(1, new KeyValuePair<string, object?>(Tags.Gateway, gateway));

    public void OrderCancelled(string gateway, string reason) =>
        _ordersCancelled.Add(1, new KeyValuePair<string, object?>(Tags.Gateway, gateway), new KeyValuePair<string, object?>(Tags.Reason, reason));

    public void OrderRefunded(string gateway) => _ordersRefunded.Add(1, new KeyValuePair<string, object?>(Tags.Gateway, gateway));

    /// <param name="outcome"><see cref="ProviderOutcome"/>: ok, refused or failed; the last two are also counted as failures.</param>
    public void ProviderCall(string gateway, string operation, string outcome, TimeSpan elapsed)
    {
        var (g, o, r) = (new KeyValuePair<string, object?>(Tags.Gateway, gateway), new KeyValuePair<string, object?>(Tags.Operation, operation),
            new KeyValuePair<string, object?>(Tags.Outcome, outcome));
        _providerDuration.Record(elapsed.TotalSeconds, g, o, r);
        if (outcome != ProviderOutcome.Ok) _providerFailures.Add(1, g, o, r);
    }

    /// <param name="outcome">delivered, retrying (the attempt failed, another follows) or failed (the last attempt failed).</param>
    public void WebhookDelivery(string @event, string outcome) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>(Tags.Event, @event), new KeyValuePair<string, object?>(Tags.Outcome, outcome));

    /// <param name="failed">Whether any of the run's jobs failed (each is logged).</param>
    public void RetentionRun(TimeSpan elapsed, bool failed) =>
        _retentionDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(Tags.Outcome, failed ? "failed" : "ok"));

    public void Webhook(string gateway, string outcome) =>
        _webhooks.Add(1, new KeyValuePair<string, object?>(Tags.Gateway, gateway), new KeyValuePair<string, object?>(Tags.Outcome, outcome));
}

/// <summary>The wire dialect a cart or order was made through, as the <c>kassa.dialect</c> tag and in log lines.</summary>
public static class Dialect
{
    public const string Voog = "voog";
    public const string Outshifter = "outshifter";
}

/// <summary>The outcomes of a payment provider call.</summary>
public static class ProviderOutcome
{
    public const string Ok = "ok";

    /// <summary>The provider answered no to what was sent (an amount, a country): the shopper's to fix.</summary>
    public const string Refused = "refused";

    /// <summary>The provider was down, slow, misconfigured or answered nonsense: the operator's to look at.</summary>
    public const string Failed = "failed";
}

/// <summary>The outcomes of a payment webhook delivery.</summary>
public static class WebhookOutcome
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";

    /// <summary>Genuine, but nothing to apply: an event type Kassa does not act on, an unknown order, a late result.</summary>
    public const string Ignored = "ignored";

    /// <summary>Refused: forged, stale, malformed, or for a gateway that is not offered.</summary>
    public const string Rejected = "rejected";
}
