using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Kassa.Telemetry;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// The one path every payment result takes, from any provider: verify, record the event once, and
/// apply it to the order. A forged or stale webhook is refused; a replayed one changes nothing.
/// </summary>
public static class PaymentWebhooks
{
    public static void MapPaymentWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/payments/webhooks/{gateway}", Receive).WithTags("Payments").WithName("receivePaymentWebhook")
            .WithSummary("Payment result notifications from a provider (signed)")
            .WithRawBody("The provider's event, exactly as it signed it.")
            .Produces<WebhookAnswer>()
            .WithRequestHeader(SandboxPaymentProvider.SignatureHeader, "The sandbox's signature: `t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`.")
            .WithRequestHeader(StripePaymentProvider.SignatureHeader, "Stripe's signature of the event.")
            // A forged or stale webhook is a 400; a result that arrives while the order changes is retried until it lands or answers 409.
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)
            // Providers send from few addresses, in bursts after an outage; a forged webhook is refused by its signature.
            .DisableRateLimiting();

    public sealed record WebhookAnswer(string Result);

    private static async Task<IResult> Receive(string gateway, HttpRequest request, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        if (gateways.Find(gateway) is not { } provider)
        {
            db.PaymentTelemetry.WebhookRejected(gateway, offered: false, "no such payment gateway is offered");
            throw new NotFoundException("Payment gateway", gateway);
        }
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        var result = await ProcessAsync(db, provider, request.Headers, body, clock.GetUtcNow(), ct);
        return TypedResults.Ok(new WebhookAnswer(result));
    }

    /// <returns>What happened: "applied", "duplicate" or why the event was ignored.</returns>
    public static async Task<string> ProcessAsync(
        KassaDbContext db, IPaymentProvider provider, IHeaderDictionary headers, string body, DateTimeOffset now, CancellationToken ct)
    {
        PaymentEvent e;
        try
        {
            e = provider.VerifyWebhook(headers, body, now);
        }
        catch (WebhookIgnoredException ignored)
        {
            // Genuine but not a payment result Kassa acts on: nothing to record or apply.
            db.PaymentTelemetry.WebhookDelivered(provider.GatewayCode, WebhookOutcome.Ignored);
            return "ignored: " + ignored.Message;
        }
        catch (WebhookRejectedException rejected)
        {
            db.PaymentTelemetry.WebhookRejected(provider.GatewayCode, offered: true, rejected.Message);
            throw new DomainException(StatusCodes.Status400BadRequest, "Webhook rejected", rejected.Message);
        }
        var result = await ApplyAsync(db, provider.GatewayCode, e, now, ct);
        db.PaymentTelemetry.WebhookDelivered(provider.GatewayCode, result);
        return result;
    }

    /// <summary>
    /// Records a verified payment result once and applies it to its order through
    /// <see cref="OrderLifecycle"/>. Also the path for results a provider reports synchronously
    /// (Klarna's order placement), so every result is replay-safe in the same way.
    /// </summary>
    /// <returns>What happened: "applied", "duplicate" or why the event was ignored.</returns>
    public static async Task<string> ApplyAsync(KassaDbContext db, string gatewayCode, PaymentEvent e, DateTimeOffset now, CancellationToken ct)
    {
        const int maxAttempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await ApplyOnceAsync(db, gatewayCode, e, now, ct);
                if (result.StartsWith("ignored", StringComparison.Ordinal))
                    db.PaymentTelemetry.ResultNotApplied(gatewayCode, e, result["ignored: ".Length..]);
                return result;
            }
            catch (DbUpdateException) when (attempt < maxAttempts)
            {
                // Another delivery of the same event (unique key) or another change to the order
                // (version) won the race: look again; the repeat then finds it done.
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    private static async Task<string> ApplyOnceAsync(KassaDbContext db, string gatewayCode, PaymentEvent e, DateTimeOffset now, CancellationToken ct)
    {
        var orderId = await db.Orders.AsNoTracking().Where(o => o.Uuid == e.OrderUuid).Select(o => (long?)o.Id).SingleOrDefaultAsync(ct);
        if (orderId is null)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.PaymentEvents.AnyAsync(r => r.GatewayCode == gatewayCode && r.EventId == e.EventId, ct)) return "duplicate";
            const string nothing = "ignored: no such order";
            Record(db, gatewayCode, e, nothing, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return nothing;
        }
        return await db.InLockedOrderAsync(orderId.Value, OrderChangedBy.Provider, async order =>
        {
            if (await db.PaymentEvents.AnyAsync(r => r.GatewayCode == gatewayCode && r.EventId == e.EventId, ct))
                return "duplicate";
            string result;
            if (order is null) result = "ignored: no such order";
            else if (order.GatewayCode != gatewayCode) result = "ignored: the order is paid through another gateway";
            else
            {
                try
                {
                    await OrderLifecycle.SetPaymentStatusAsync(db, order, e.Outcome, now.UtcDateTime, ct);
                    result = "applied";
                }
                catch (ConflictException conflict)
                {
                    // A late or out-of-order result (e.g. paid after the order expired) is recorded, not applied.
                    result = "ignored: " + conflict.Message;
                }
            }
            Record(db, gatewayCode, e, result, now);
            return result;
        }, ct);
    }

    private static void Record(KassaDbContext db, string gatewayCode, PaymentEvent e, string result, DateTimeOffset now) =>
        db.PaymentEvents.Add(new PaymentEventRecord
        {
            GatewayCode = gatewayCode,
            EventId = e.EventId,
            OrderUuid = e.OrderUuid,
            Outcome = e.Outcome,
            Result = result.Length > 500 ? result[..500] : result,
            ReceivedAt = now.UtcDateTime,
        });
}
