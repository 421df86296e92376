namespace Kassa.Payments;

/// <summary>A way to pay that a cart may choose: a provider (gateway) and one of its methods.</summary>
public sealed record PaymentMethodChoice(string Code, string GatewayCode, string Name);

/// <summary>The payment methods the store offers.</summary>
public static class PaymentMethods
{
    /// <summary>Offline (pay on invoice) and Kassa's own sandbox pay page need no keys, so they are always offered.</summary>
    public static readonly IReadOnlyList<PaymentMethodChoice> Available =
    [
        new("offline", "offline", "Pay later (offline)"),
        new("sandbox", "sandbox", "Sandbox test payment"),
    ];

    public static bool IsGateway(string code) => Available.Any(m => m.GatewayCode == code);

    public static bool IsMethodOf(string gatewayCode, string methodCode) =>
        Available.Any(m => m.GatewayCode == gatewayCode && m.Code == methodCode);
}
