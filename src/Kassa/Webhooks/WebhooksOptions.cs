namespace Kassa.Webhooks;

/// <summary>The <c>Kassa:Webhooks</c> section; docs/configuration.md and docs/webhooks.md describe each key.</summary>
public sealed class WebhooksOptions
{
    /// <summary>How long an event is retried before its delivery is marked failed, in hours.</summary>
    public double RetryHours { get; set; } = 72;

    /// <summary>How long one attempt may take (connecting, sending, the answer's head and its kept part), in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Allow receivers on loopback, link-local, private and unique-local addresses (a receiver on the same host or network).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long the secret before a rotation still signs deliveries (a second <c>v1=</c>), in hours.</summary>
    public double SecretGraceHours { get; set; } = 24;

    /// <summary>How often an instance looks for events written by another instance (its own wake it at once), in seconds.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>How many deliveries run at once in one instance.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a delivered or failed delivery stays (in the deliveries list, for <c>redeliver</c>) before the retention job deletes it, in days.</summary>
    public int KeepDays { get; set; } = 30;
}
