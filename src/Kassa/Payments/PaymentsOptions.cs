namespace Kassa.Payments;

/// <summary><c>Kassa:Payments</c>. A provider without its keys is not offered.</summary>
public sealed class PaymentsOptions
{
    /// <summary>Pay later, by invoice; an admin marks the order paid. Needs no keys.</summary>
    public bool OfflineEnabled { get; set; } = true;

    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>How old a signed webhook may be before it is refused as stale, in seconds.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;
}

/// <summary>
/// Kassa's own test provider: a hosted pay page with Pay and Cancel. Offered only when a webhook
/// secret is set, and never meant for production — anyone with the page can "pay".
/// </summary>
public sealed class SandboxOptions
{
    public string? WebhookSecret { get; set; }
}
