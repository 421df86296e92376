using System.Diagnostics;
using Kassa.Http;
using Kassa.Ordering;
using Kassa.Payments;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kassa.Telemetry;

/// <summary>
/// OpenTelemetry as Kassa ships it (docs/telemetry.md). Nothing of the SDK is registered until something would read
/// it: traces and logs go out only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics when it is set or when the
/// Prometheus scrape endpoint is configured. Without them, a request pays for no span, no instrument listener and
/// no exporter; Kassa's own counters are then a check each (<see cref="KassaMetrics"/>).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Kassa's own spans (the retention sweep); requests, HTTP calls and SQL come from the instrumentations.</summary>
    public static readonly ActivitySource Source = new(KassaMetrics.MeterName);

    /// <summary>Set when traces, metrics and logs are to be sent over OTLP; the exporter reads its other OTEL_* settings itself.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddKassaTelemetry(this WebApplicationBuilder builder, KassaOptions options)
    {
        builder.Services.AddSingleton<KassaMetrics>();
        builder.Services.AddSingleton<OrderTelemetry>();
        builder.Services.AddSingleton<PaymentTelemetry>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var prometheus = options.Telemetry.ScrapePath is not null;
        if (!otlp && !prometheus) return builder;

        var sqlite = options.Database.IsSqlite;
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            // OTEL_SERVICE_NAME, when set, names the service; otherwise it is "kassa".
            if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                resource.AddService("kassa", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString());
        });
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(KassaMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                // The runtime's own meter (GC, thread pool, exceptions), built into .NET 9 and later.
                .AddMeter("System.Runtime");
            if (!sqlite) metrics.AddNpgsqlInstrumentation();
            if (otlp) metrics.AddOtlpExporter();
            if (prometheus) metrics.AddPrometheusExporter();
        });
        if (!otlp) return builder;

        otel.WithTracing(tracing =>
        {
            tracing.AddSource(Source.Name)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !IsMonitoring(http.Request.Path, options.Telemetry))
                .AddHttpClientInstrumentation();
            // SQLite through EF Core (the hot paths' own statements are inside the request's span); PostgreSQL through
            // Npgsql itself, which also sees the batches that bypass EF Core. Never both: each statement would show twice.
            if (sqlite) tracing.AddEntityFrameworkCoreInstrumentation();
            else tracing.AddNpgsql();
            tracing.AddOtlpExporter();
        });
        otel.WithLogging(logging => logging.AddOtlpExporter(), logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, when configured: admin-only, like every other view of the shop's figures.</summary>
    public static WebApplication MapKassaTelemetry(this WebApplication app, KassaOptions options)
    {
        if (options.Telemetry.ScrapePath is { } path)
            app.MapPrometheusScrapingEndpoint(path).RequireAdminKey().ExcludeFromDescription();
        return app;
    }

    /// <summary>Health probes and scrapes, which would otherwise be most of the traces.</summary>
    private static bool IsMonitoring(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/health") ||
        (options.ScrapePath is { } scrape && path.StartsWithSegments(scrape));
}

/// <summary>The <c>Kassa:Telemetry</c> section. The OpenTelemetry exporter itself is set by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// A path such as <c>/metrics</c> serves the metrics for Prometheus to scrape, to callers with the admin key.
    /// Unset (the default): no such endpoint.
    /// </summary>
    public string? PrometheusEndpoint { get; set; }

    /// <summary><see cref="PrometheusEndpoint"/> as a path (<c>metrics</c> is <c>/metrics</c>), or null when unset.</summary>
    public string? ScrapePath => PrometheusEndpoint?.Trim() is { Length: > 0 } path ? "/" + path.TrimStart('/') : null;
}
