using Kassa.Telemetry;

namespace Kassa.Ordering;

/// <summary>
/// What the operator sees of orders: one log line (category <c>Kassa.Orders</c>) and one count on the
/// <see cref="KassaMetrics"/> per event, told only after the change committed. The lines carry the order's id and
/// number, its gateway and amount, and who made the change: never the shopper's e-mail, names or addresses.
/// </summary>
public sealed partial class OrderTelemetry(KassaMetrics metrics, ILoggerFactory loggers)
{
    public const string Category = "Kassa.Orders";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>For a DbContext built without the app (design time): counts nowhere, logs nothing.</summary>
    internal static readonly OrderTelemetry Detached = new(KassaMetrics.Detached(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    /// <summary>An order was placed at checkout (this request made it, not a repeat that found it).</summary>
    public void Placed(Order order, string dialect)
    {
        metrics.OrderPlaced(order.GatewayCode);
        LogPlaced(_logger, order.Id, order.Number, order.GatewayCode, order.TotalAmount, order.Currency, dialect);
    }

    /// <summary>The statuses an order had before a change, for <see cref="Changed"/>.</summary>
    public readonly record struct Statuses(string Status, string PaymentStatus)
    {
        public static Statuses Of(Order order) => new(order.Status, order.PaymentStatus);
    }

    /// <summary>
    /// Tells what a committed change of <paramref name="order"/> meant: paid, refunded, cancelled (with the payment
    /// cancelled or expired along with it). Other changes (shipping, completion without payment) are not business events here.
    /// </summary>
    public void Changed(Statuses before, Order order, string by)
    {
        if (order.PaymentStatus != before.PaymentStatus)
        {
            if (order.PaymentStatus == OrderPaymentStatus.Paid)
            {
                metrics.OrderPaid(order.GatewayCode);
                LogPaid(_logger, order.Id, order.Number, order.GatewayCode, order.TotalAmount, order.Currency, by);
            }
            else if (order.PaymentStatus == OrderPaymentStatus.Refunded)
            {
                metrics.OrderRefunded(order.GatewayCode);
                LogRefunded(_logger, order.Id, order.Number, order.GatewayCode, order.TotalAmount, order.Currency, by);
            }
        }
        if (order.Status == OrderStatus.Cancelled && before.Status != OrderStatus.Cancelled)
        {
            metrics.OrderCancelled(order.GatewayCode, by);
            LogCancelled(_logger, order.Id, order.Number, order.GatewayCode, order.PaymentStatus, by);
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "OrderPlaced", Level = LogLevel.Information,
        Message = "Order #{OrderNumber} (id {OrderId}) placed: {Amount} {Currency} through {Gateway} ({Dialect})")]
    private static partial void LogPlaced(ILogger logger, long orderId, long orderNumber, string gateway, decimal amount, string currency, string dialect);

    [LoggerMessage(EventId = 1002, EventName = "OrderPaid", Level = LogLevel.Information,
        Message = "Order #{OrderNumber} (id {OrderId}) paid: {Amount} {Currency} through {Gateway} (by {ChangedBy})")]
    private static partial void LogPaid(ILogger logger, long orderId, long orderNumber, string gateway, decimal amount, string currency, string changedBy);

    [LoggerMessage(EventId = 1003, EventName = "OrderCancelled", Level = LogLevel.Information,
        Message = "Order #{OrderNumber} (id {OrderId}) cancelled (by {ChangedBy}); its payment through {Gateway} is {PaymentStatus}, its stock given back")]
    private static partial void LogCancelled(ILogger logger, long orderId, long orderNumber, string gateway, string paymentStatus, string changedBy);

    [LoggerMessage(EventId = 1004, EventName = "OrderRefunded", Level = LogLevel.Information,
        Message = "Order #{OrderNumber} (id {OrderId}) refunded: {Amount} {Currency} through {Gateway} (by {ChangedBy})")]
    private static partial void LogRefunded(ILogger logger, long orderId, long orderNumber, string gateway, decimal amount, string currency, string changedBy);
}

/// <summary>Who changed an order: the <c>kassa.reason</c> of a cancellation and the <c>ChangedBy</c> of its log line.</summary>
public static class OrderChangedBy
{
    /// <summary>An admin, through the orders API.</summary>
    public const string Admin = "admin";

    /// <summary>The payment provider's result (a webhook, the sandbox pay page, Klarna's authorization).</summary>
    public const string Provider = "provider";

    /// <summary>The retention job: an online payment left pending too long (<see cref="PendingOrderExpiry"/>).</summary>
    public const string Expiry = "expiry";

    /// <summary>The provider refused to open the payment, so the order was withdrawn as if never placed.</summary>
    public const string Withdrawal = "withdrawal";
}
