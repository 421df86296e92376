namespace Kassa.Retention;

/// <summary><c>Kassa:Retention</c>: how long unfinished anonymous carts and checkouts are kept.</summary>
public sealed class RetentionOptions
{
    /// <summary>Days after the last change; the seed's 60.</summary>
    public int Days { get; set; } = 60;

    /// <summary>How often the clean-up runs, in minutes.</summary>
    public int IntervalMinutes { get; set; } = 60;
}
