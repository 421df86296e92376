using Kassa.Ordering;

namespace Kassa.Payments;

/// <summary>A payment provider (gateway). Kassa talks to every provider through this.</summary>
public interface IPaymentProvider
{
    /// <summary>The <c>gateway_code</c> carts and orders use.</summary>
    string GatewayCode { get; }

    string Name { get; }

    /// <summary>The provider's <c>payment_method</c> codes.</summary>
    IReadOnlyList<string> MethodCodes { get; }

    /// <summary>True when the provider has what it needs (keys); only configured providers are offered.</summary>
    bool IsConfigured { get; }

    /// <summary>Starts paying for a pending order; returns where to send the shopper, if anywhere.</summary>
    Task<PaymentSession> StartAsync(Order order, PaymentStartContext context, CancellationToken ct);

    /// <summary>Checks a webhook's signature and freshness and reads the result it reports.</summary>
    /// <exception cref="WebhookRejectedException">Forged, stale or unreadable.</exception>
    PaymentEvent VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now);
}

/// <param name="BaseUrl">Kassa's public base URL, for pages and return links.</param>
public sealed record PaymentStartContext(string BaseUrl, string? SuccessUrl, string? CancelUrl);

/// <param name="RedirectUrl">Where the shopper pays; null when there is nothing to do online (offline).</param>
/// <param name="Reference">The provider's id for the payment (session id), if any.</param>
public sealed record PaymentSession(string? RedirectUrl, string? Reference);

/// <param name="EventId">The provider's unique id for this notification; a repeat is ignored.</param>
/// <param name="Outcome">One of <see cref="OrderPaymentStatus"/>: paid, cancelled or expired.</param>
public sealed record PaymentEvent(string EventId, Guid OrderUuid, string Outcome);

public sealed class WebhookRejectedException(string reason) : Exception(reason);
