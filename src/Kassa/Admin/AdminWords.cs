using System.Globalization;
using Kassa.Ordering;
using Kassa.Pricing;

namespace Kassa.AdminPages;

/// <summary>How the admin says the API's codes to a shop owner.</summary>
public static class AdminWords
{
    /// <summary>"not_dispatched" → "Not dispatched".</summary>
    public static string Of(string? code) =>
        string.IsNullOrEmpty(code) ? "" : char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');

    /// <summary>An amount with its currency's decimals: "1695.20 EUR".</summary>
    public static string Money(decimal amount, string currency)
        => $"{(Currencies.IsKnown(currency) ? Pricing.Money.ToMinorUnits(amount, currency) : amount.ToString(CultureInfo.InvariantCulture))} {currency}";

    /// <summary>A rate as a shop owner writes it: "20 %", "9.5 %".</summary>
    public static string Percent(decimal rate) => $"{rate.ToString("0.####", CultureInfo.InvariantCulture)} %";

    /// <summary>The button that makes a move of the order state table.</summary>
    public static string Move(OrderTransitions.Transition move) => (move.Field, move.To) switch
    {
        (OrderTransitions.PaymentStatusField, OrderPaymentStatus.Paid) => "Mark as paid",
        (OrderTransitions.PaymentStatusField, OrderPaymentStatus.Cancelled) => "Cancel the payment",
        (OrderTransitions.PaymentStatusField, OrderPaymentStatus.Expired) => "Mark the payment expired",
        (OrderTransitions.PaymentStatusField, OrderPaymentStatus.Refunded) => "Mark as refunded",
        (OrderTransitions.StatusField, OrderStatus.Completed) => "Complete the order",
        (OrderTransitions.StatusField, OrderStatus.Cancelled) => "Cancel the order",
        (OrderTransitions.ShippingStatusField, OrderShippingStatus.Dispatched) => "Mark as dispatched",
        (OrderTransitions.ShippingStatusField, OrderShippingStatus.Delivered) => "Mark as delivered",
        _ => $"Set {Of(move.Field).ToLowerInvariant()} to {Of(move.To).ToLowerInvariant()}",
    };
}
