namespace Kassa.Payments;

/// <summary>A way to pay that a cart may choose: a provider (gateway) and one of its methods.</summary>
public sealed record PaymentMethodChoice(string Code, string GatewayCode, string Name);

/// <summary>The payment providers this store offers: those that have their keys.</summary>
public sealed class PaymentGateways(IEnumerable<IPaymentProvider> providers)
{
    /// <summary>For edits that never choose a payment method (the Outshifter cart endpoints).</summary>
    public static readonly PaymentGateways None = new([]);

    private readonly IPaymentProvider[] _offered = providers.Where(p => p.IsConfigured).ToArray();

    public IReadOnlyList<PaymentMethodChoice> Methods => field ??=
        _offered.SelectMany(p => p.MethodCodes.Select(m => new PaymentMethodChoice(m, p.GatewayCode, p.Name))).ToArray();

    public IEnumerable<string> GatewayCodes => _offered.Select(p => p.GatewayCode);

    public IPaymentProvider? Find(string? gatewayCode) => _offered.FirstOrDefault(p => p.GatewayCode == gatewayCode);

    public bool IsGateway(string code) => Find(code) is not null;

    public bool IsMethodOf(string gatewayCode, string methodCode) => Find(gatewayCode)?.MethodCodes.Contains(methodCode) == true;

    public bool IsMethod(string methodCode) => Methods.Any(m => m.Code == methodCode);

    /// <summary>
    /// What is wrong with a gateway and a method chosen together (either may be unchosen, null): whether
    /// the fault lies with the gateway (else with the method), and why; null when they fit. The one rule
    /// for cart edits and order placement.
    /// </summary>
    public (bool OnGateway, string Why)? Mismatch(string? gatewayCode, string? methodCode)
    {
        if (gatewayCode is not null && !IsGateway(gatewayCode))
            return (true, $"Unknown gateway '{gatewayCode}'; the store offers: {string.Join(", ", GatewayCodes)}.");
        if (gatewayCode is not null && methodCode is not null && !IsMethodOf(gatewayCode, methodCode))
            return (false, $"Gateway '{gatewayCode}' has no payment method '{methodCode}'.");
        if (gatewayCode is null && methodCode is not null && !IsMethod(methodCode))
            return (false, $"Unknown payment method '{methodCode}'.");
        return null;
    }
}
