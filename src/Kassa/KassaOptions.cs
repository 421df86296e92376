namespace Kassa;

/// <summary>The <c>Kassa</c> configuration section; docs/configuration.md lists every key.</summary>
public sealed class KassaOptions
{
    public const string Section = "Kassa";

    /// <summary>Key for the admin surface. Unset means the admin surface is closed (401), never open.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Base URL used in absolute links (cart urls, invoice urls). Defaults to the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    public bool SeedDemoData { get; set; } = true;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    public DatabaseOptions Database { get; set; } = new();

    public Payments.PaymentsOptions Payments { get; set; } = new();

    public Retention.RetentionOptions Retention { get; set; } = new();

    public Telemetry.TelemetryOptions Telemetry { get; set; } = new();
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>Data Source=./data/kassa.db</c> for SQLite; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}
