namespace Kassa.Payments;

/// <summary><c>Kassa:Payments</c>. A provider without its keys is not offered.</summary>
public sealed class PaymentsOptions
{
    /// <summary>Pay later, by invoice; an admin marks the order paid. Needs no keys.</summary>
    public bool OfflineEnabled { get; set; } = true;

    public SandboxOptions Sandbox { get; set; } = new();

    public StripeOptions Stripe { get; set; } = new();

    public KlarnaOptions Klarna { get; set; } = new();

    /// <summary>How old a signed webhook may be before it is refused as stale, in seconds.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// Minutes after which an online payment nobody finished expires: the order is cancelled and its
    /// stock released. A day, like a Stripe Checkout Session; offline orders never expire.
    /// </summary>
    public int PendingOrderExpiryMinutes { get; set; } = 1440;
}

/// <summary>
/// Kassa's own test provider: a hosted pay page with Pay and Cancel. Offered only when a webhook
/// secret is set, and never meant for production: anyone holding an order's pay link can "pay" it.
/// Kassa warns at startup when it is set outside Development.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>Signs the pay page's webhooks and keys each pay link's token: changing it retires every link given out.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary><c>Kassa:Payments:Stripe</c>: Stripe Checkout Sessions. Offered when both keys are set.</summary>
public sealed class StripeOptions
{
    public const string DefaultApiBase = "https://api.stripe.com";

    /// <summary>The secret API key (<c>sk_live_…</c> or <c>sk_test_…</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where Stripe's API is; only tests and local fakes change it.</summary>
    public string ApiBase { get; set; } = DefaultApiBase;
}

/// <summary><c>Kassa:Payments:Klarna</c>: Klarna Payments. Offered when the API credentials are set.</summary>
public sealed class KlarnaOptions
{
    public const string DefaultApiBase = "https://api.klarna.com";

    /// <summary>The API username (the merchant id with a suffix, e.g. <c>PK12345_abcdef</c>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Klarna's regional API: <c>https://api.klarna.com</c> (Europe), <c>https://api-na.klarna.com</c>,
    /// <c>https://api-oc.klarna.com</c>, or the <c>.playground.</c> variants for testing.
    /// </summary>
    public string ApiBase { get; set; } = DefaultApiBase;

    /// <summary>
    /// The purchase country (ISO 3166 alpha-2) when the cart has no shipping or billing address yet,
    /// e.g. for <c>init-payment-klarna</c> before the shopper has typed one.
    /// </summary>
    public string? PurchaseCountry { get; set; }

    /// <summary>The locale shown in Klarna's widget (e.g. <c>sv-SE</c>); defaults to the shopper's language and the purchase country.</summary>
    public string? Locale { get; set; }
}
