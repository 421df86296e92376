using Kassa.Ordering;
using Microsoft.Extensions.Options;

namespace Kassa.Payments;

/// <summary>
/// Klarna Payments. Starting a payment opens a Klarna payment session for the order and sends the
/// shopper to Kassa's page <c>/pay/klarna/{order uuid}</c>, which runs Klarna's widget. The widget's
/// authorization token comes back to <c>POST /api/payments/klarna/{order uuid}/authorize</c>, where
/// Kassa places the Klarna order and applies the result synchronously through the same recorded,
/// replay-safe path webhooks use (<see cref="PaymentWebhooks.ApplyAsync"/>). Klarna Payments has no
/// signed payment webhooks, so <see cref="VerifyWebhook"/> refuses everything.
/// </summary>
public sealed class KlarnaPaymentProvider(IOptions<KassaOptions> options, IServiceProvider services) : IPaymentProvider
{
    public const string Code = "klarna";

    public string GatewayCode => Code;
    public string Name => "Klarna";
    public IReadOnlyList<string> MethodCodes { get; } = [Code];
    public bool IsConfigured => Settings.Username is { Length: > 0 } && Settings.Password is { Length: > 0 };

    public KlarnaOptions Settings => options.Value.Payments.Klarna;

    public async Task<PaymentSession> StartAsync(Order order, PaymentStartContext context, CancellationToken ct)
    {
        var session = await services.GetRequiredService<KlarnaClient>().CreateSessionAsync(OrderData(order, context.BaseUrl), ct);
        if (session.SessionId is not { Length: > 0 })
            throw new PaymentProviderException("Klarna", "Klarna answered without a session id.", refused: false);
        return new PaymentSession(PayPageUrl(context.BaseUrl, order.Uuid), session.SessionId);
    }

    public PaymentEvent VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now) =>
        throw new WebhookRejectedException(
            "Klarna payments are completed through POST /api/payments/klarna/{order}/authorize; Kassa takes no Klarna webhooks.");

    /// <summary>The order as Klarna sees it, for its session and for placing it: the same data both times.</summary>
    public KlarnaOrderData OrderData(Order order, string baseUrl) =>
        KlarnaOrders.From(OrderSnapshot.Read(order), Settings, order.CustomerEmail) with
        {
            MerchantReference1 = order.Code,
            MerchantReference2 = order.Uuid.ToString(),
            MerchantUrls = new KlarnaMerchantUrls(order.SuccessUrl ?? order.ReturnUrl ?? baseUrl + "/"),
        };

    public static string PayPageUrl(string baseUrl, Guid orderUuid) => $"{baseUrl}/pay/klarna/{orderUuid}";
}
