using Kassa.Ordering;
using Microsoft.Extensions.Options;

namespace Kassa.Payments;

/// <summary>Pay later: the order stays pending until an admin marks it paid.</summary>
public sealed class OfflinePaymentProvider(IOptions<KassaOptions> options) : IPaymentProvider
{
    public const string Code = "offline";

    public string GatewayCode => Code;
    public string Name => "Pay later (offline)";
    public IReadOnlyList<string> MethodCodes { get; } = ["offline"];
    public bool IsConfigured => options.Value.Payments.OfflineEnabled;

    public Task<PaymentSession> StartAsync(Order order, PaymentStartContext context, CancellationToken ct) =>
        Task.FromResult(new PaymentSession(null, null));

    public PaymentEvent VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now) =>
        throw new WebhookRejectedException("Offline payments have no webhooks.");
}
