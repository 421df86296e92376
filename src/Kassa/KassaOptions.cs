namespace Kassa;

/// <summary>The <c>Kassa</c> configuration section (all but <c>Kassa:Cors</c>, which <c>Http.StorefrontCors</c> reads itself); docs/configuration.md lists every key.</summary>
public sealed class KassaOptions
{
    public const string Section = "Kassa";

    /// <summary>Key for the admin surface. Unset means the admin surface is closed (401), never open.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Base URL used in absolute links (cart urls, invoice urls). Defaults to the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// The folder that holds Kassa's data: the SQLite database is <c>&lt;DataDirectory&gt;/kassa.db</c> unless
    /// <c>Database:ConnectionString</c> names another. Default <c>./data</c>, under the working directory.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// The folder of ASP.NET Core Data Protection's key ring, which protects the admin forms' antiforgery tokens. Unset:
    /// the framework's default (<c>~/.aspnet/DataProtection-Keys</c>, or memory without a home folder). Several instances
    /// behind one address share one such folder, so that a form opened on one is accepted by another.
    /// </summary>
    public string? KeyRingDirectory { get; set; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    public DatabaseOptions Database { get; set; } = new();

    public Payments.PaymentsOptions Payments { get; set; } = new();

    public Retention.RetentionOptions Retention { get; set; } = new();

    public Storefront.StorefrontOptions Storefront { get; set; } = new();
    public Http.RateLimitOptions RateLimits { get; set; } = new();
    public Telemetry.TelemetryOptions Telemetry { get; set; } = new();
    public Webhooks.WebhooksOptions Webhooks { get; set; } = new();
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Whether <see cref="Provider"/> names SQLite (checked at start-up to be one of the two).</summary>
    public bool IsSqlite => Provider.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Defaults to <c>Data Source=&lt;DataDirectory&gt;/kassa.db</c> for SQLite; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long start-up keeps trying a PostgreSQL server that cannot be reached yet, in seconds after the first failure; 0 tries once.</summary>
    public int StartupRetrySeconds { get; set; } = 30;
}
