using Kassa.Data;
using Kassa.Ordering;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// Opens the provider's payment for an order that is already committed. No lock or transaction is held while
/// the provider is asked (it may take seconds, or fail); its answer is then recorded with a short write that
/// checks the order is still waiting for it. The order's uuid is the provider's idempotency key, so asking
/// again after a failure or a crash opens no second payment.
/// </summary>
public static class PaymentStart
{
    /// <summary>Starts of one order in this process wait for each other instead of asking the provider twice.</summary>
    private static readonly KeyedLocks<long> Starts = new();

    /// <param name="order">The order as this request placed or found it under the cart's lock.</param>
    /// <returns>The order as stored afterwards, with its payment url and reference when the provider gave them.</returns>
    /// <exception cref="PaymentProviderException">The provider refused (the order is then withdrawn) or failed (it stays pending for a retry).</exception>
    public static async Task<Order> EnsureStartedAsync(
        KassaDbContext db, Order order, PaymentGateways gateways, PaymentStartContext context, CancellationToken ct)
    {
        var orderId = order.Id;
        var leave = await Starts.EnterAsync(orderId, ct);
        try
        {
            // Not read again: a start that finished while this request waited changed the version, so the write below
            // finds that and answers with what was stored (the provider, asked again with the same idempotency key,
            // gave the same session).
            if (order.PaymentStatus != OrderPaymentStatus.Pending || order.Status == OrderStatus.Cancelled ||
                order.PaymentUrl is not null || order.PaymentReference is not null)
                return order;
            var provider = gateways.Find(order.GatewayCode)
                           ?? throw new Validation.ConflictException($"The order's gateway '{order.GatewayCode}' is no longer offered.");

            PaymentSession session;
            try
            {
                session = await db.PaymentTelemetry.CallAsync(provider.GatewayCode, "start", order, () => provider.StartAsync(order, context, ct), ct);
            }
            // A refusal of what was sent (an amount too small, no purchase country): nobody can pay this order, so the
            // shopper gets the cart back to change it. A provider that is down or slow leaves the order for a retry.
            catch (Validation.DomainException refused) when (refused is PaymentProviderException { Refused: true } or Validation.ValidationFailedException)
            {
                await OrderLifecycle.WithdrawUnstartedAsync(db, orderId, CancellationToken.None);
                throw;
            }
            if (session.RedirectUrl is null && session.Reference is null) return order;

            var recorded = await RecordAsync(db, order, session, ct);
            if (recorded == 1)
            {
                order.PaymentUrl = session.RedirectUrl;
                order.PaymentReference = session.Reference;
                order.Version++;
                return order;
            }
            // The order changed while the provider answered: another instance recorded its answer first (the same
            // session, by the idempotency key), or a result or an admin moved it on. What is stored stands.
            return await ReadAsync(db, orderId, ct);
        }
        finally
        {
            leave();
        }
    }

    /// <summary>
    /// Stores the provider's session on the order if the order is still as this request saw it; returns the rows written
    /// (0 or 1). On SQLite the write joins the write connection's next group commit, with its statement prepared once.
    /// </summary>
    private static async Task<int> RecordAsync(KassaDbContext db, Order order, PaymentSession session, CancellationToken ct)
    {
        if (db is SqliteKassaDbContext { Writer: { } writer })
        {
            var recorded = 0;
            await writer.RunAsync(connection =>
            {
                var command = connection.Command(
                    """UPDATE orders SET "PaymentUrl" = $url, "PaymentReference" = $reference, "Version" = "Version" + 1 WHERE "Id" = $id AND "Version" = $version""");
                command.Parameters.AddWithValue("$url", (object?)session.RedirectUrl ?? DBNull.Value);
                command.Parameters.AddWithValue("$reference", (object?)session.Reference ?? DBNull.Value);
                command.Parameters.AddWithValue("$id", order.Id);
                command.Parameters.AddWithValue("$version", order.Version);
                recorded = command.ExecuteNonQuery();
                return Task.CompletedTask;
            }, ct);
            return recorded;
        }
        return await db.Orders
            .Where(o => o.Id == order.Id && o.Version == order.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentUrl, session.RedirectUrl).SetProperty(o => o.PaymentReference, session.Reference)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);
    }

    private static async Task<Order> ReadAsync(KassaDbContext db, long orderId, CancellationToken ct) =>
        await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, ct);
}
