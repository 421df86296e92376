using Kassa.Http;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// A genuine (verified) notification that is not a payment result Kassa acts on, e.g. a Stripe event
/// type Kassa does not subscribe to. It is answered 200 so the provider stops resending it, and
/// changes nothing.
/// </summary>
public sealed class WebhookIgnoredException(string reason) : Exception(reason);

/// <summary>
/// A payment provider refused a request or could not be reached. A refusal about what was sent
/// (an amount, a currency, an authorization token) is the client's to fix: 422. Anything else —
/// the provider down, a wrong API key — is a 502 for the operator.
/// </summary>
public sealed class PaymentProviderException(string provider, string detail, bool refused)
    : DomainException(
        refused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status502BadGateway,
        refused ? $"{provider} refused the payment request" : $"{provider} could not be reached",
        detail)
{
    public string Provider { get; } = provider;

    /// <summary>The provider answered and said no to what was sent (not down, not misconfigured).</summary>
    public bool Refused { get; } = refused;

    /// <summary>HTTP statuses from a provider that mean "what you sent is wrong" rather than "we failed".</summary>
    public static bool IsRefusal(int status) => status is 400 or 402 or 404 or 409 or 422;
}
