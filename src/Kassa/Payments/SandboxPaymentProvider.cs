using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kassa.Ordering;
using Microsoft.Extensions.Options;

namespace Kassa.Payments;

/// <summary>
/// Kassa's own provider for trying a purchase without an account: the shopper is sent to a pay page
/// served by Kassa, and its Pay or Cancel button reports back through a signed webhook, exactly as a
/// real provider would. Each pay link carries its own token (<see cref="PayToken"/>): whoever holds an
/// order's uuid alone cannot open its page or press its buttons.
/// </summary>
public sealed class SandboxPaymentProvider(IOptions<KassaOptions> options) : IPaymentProvider
{
    public const string Code = "sandbox";
    public const string SignatureHeader = "Kassa-Signature";

    public string GatewayCode => Code;
    public string Name => "Sandbox (test payments)";
    public IReadOnlyList<string> MethodCodes { get; } = [Code];
    public bool IsConfigured => Secret is { Length: > 0 };

    private string? Secret => options.Value.Payments.Sandbox.WebhookSecret;

    public Task<PaymentSession> StartAsync(Order order, PaymentStartContext context, CancellationToken ct) =>
        Task.FromResult(new PaymentSession($"{context.BaseUrl}{SandboxPayPage.Link(order.Uuid, PayToken(order.Uuid))}", $"sbx_{order.Uuid:N}"));

    /// <summary>
    /// The pay link's token: HMAC-SHA256 of the order's uuid under a key derived from the webhook secret,
    /// so nothing is stored, a link opens its own order only, and changing the secret retires every link.
    /// </summary>
    public string PayToken(Guid orderUuid) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(PayLinkKey(), Encoding.ASCII.GetBytes(orderUuid.ToString("D"))));

    /// <summary>Whether <paramref name="token"/> is the order's pay link token, compared in constant time.</summary>
    public bool IsPayToken(Guid orderUuid, string? token) =>
        IsConfigured && token is { Length: > 0 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(PayToken(orderUuid)), Encoding.UTF8.GetBytes(token));

    private byte[]? _payLinkKey;

    // A key of its own, derived from the secret, so a pay link token can never be taken for a webhook signature. The
    // secret is read once at startup (IOptions), so the key is derived once.
    private byte[] PayLinkKey() =>
        _payLinkKey ??= HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(Secret!), 32, [], "Kassa sandbox pay link"u8.ToArray());

    public PaymentEvent VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now)
    {
        WebhookSignature.Verify(Secret ?? throw new WebhookRejectedException("The sandbox provider is not configured."),
            body, headers[SignatureHeader].ToString(), now, TimeSpan.FromSeconds(options.Value.Payments.WebhookToleranceSeconds));
        SandboxEvent? e;
        try
        {
            e = JsonSerializer.Deserialize<SandboxEvent>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            throw new WebhookRejectedException("The webhook body is not a sandbox event.");
        }
        var outcome = e?.Type switch
        {
            "payment.paid" => OrderPaymentStatus.Paid,
            "payment.cancelled" => OrderPaymentStatus.Cancelled,
            "payment.expired" => OrderPaymentStatus.Expired,
            _ => throw new WebhookRejectedException($"Unknown sandbox event type '{e?.Type}'."),
        };
        if (e!.Id is not { Length: > 0 } id) throw new WebhookRejectedException("The event has no id.");
        return new PaymentEvent(id, e.OrderUuid, outcome);
    }

    /// <summary>The webhook the pay page sends, signed with the sandbox secret.</summary>
    public (string Body, string Signature) CreateEvent(Guid orderUuid, string type, DateTimeOffset now)
    {
        var body = JsonSerializer.Serialize(new SandboxEvent($"evt_{Guid.NewGuid():N}", type, orderUuid), JsonSerializerOptions.Web);
        return (body, WebhookSignature.Sign(Secret!, body, now));
    }

    private sealed record SandboxEvent(string? Id, string? Type, Guid OrderUuid);
}
