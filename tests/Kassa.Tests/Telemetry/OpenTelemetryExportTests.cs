using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Kassa.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Telemetry;

/// <summary>
/// OpenTelemetry as configured: nothing of the SDK without an exporter; Kassa's meter through the SDK to an in-memory
/// exporter; traces of requests and their SQL once <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the Prometheus scrape
/// endpoint only when configured, and only with the admin key.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task Without_an_exporter_no_tracer_or_meter_provider_is_registered()
    {
        await using var own = await KassaFactory.CreateAsync();
        Assert.Null(own.Services.GetService<TracerProvider>());
        Assert.Null(own.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.NotFound, (await own.Admin().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task The_Kassa_meter_reaches_an_OpenTelemetry_exporter_with_its_names_units_and_tags()
    {
        var exported = new List<Metric>();
        var kassa = new ExportingKassa(services => services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(KassaMetrics.MeterName).AddInMemoryExporter(exported)));
        await kassa.InitializeAsync();
        try
        {
            var client = kassa.Anonymous();
            await client.OutshifterCart();
            await client.OutshifterCart();
            await client.VoogCart((StarChart, 1));
            Assert.True(kassa.Services.GetRequiredService<MeterProvider>().ForceFlush());

            var carts = exported.Last(m => m.Name == "kassa.carts.created");
            Assert.Equal("{cart}", carts.Unit);
            Assert.Equal(MetricType.LongSum, carts.MetricType);
            var byDialect = new Dictionary<string, long>();
            foreach (ref readonly var point in carts.GetMetricPoints())
            {
                foreach (var tag in point.Tags) byDialect[(string)tag.Value!] = point.GetSumLong();
            }
            Assert.Equal(new Dictionary<string, long> { ["outshifter"] = 2, ["voog"] = 1 }, byDialect);
        }
        finally
        {
            await ((IAsyncLifetime)kassa).DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_a_request_is_traced_with_its_database_calls()
    {
        var spans = new List<Activity>();
        // Nothing listens on the discard port: the OTLP export fails quietly, the in-memory one keeps the spans.
        var kassa = new ExportingKassa(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        kassa.With(TelemetrySetup.OtlpEndpointKey, "http://127.0.0.1:9");
        await kassa.InitializeAsync();
        try
        {
            var cart = await kassa.Anonymous().OutshifterCart((StarChart, 1));
            await kassa.Anonymous().CreateCheckout(cart);
            Assert.NotNull(kassa.Services.GetService<MeterProvider>());

            // The server span ends after the client has the response, so it is waited for (a loaded machine showed the gap).
            Activity[] snapshot;
            Activity? request;
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                lock (spans) snapshot = [.. spans];
                request = snapshot.LastOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/checkout/");
                if (request is not null || deadline.Elapsed > TimeSpan.FromSeconds(10)) break;
                await Task.Delay(20);
            }
            Assert.NotNull(request);
            Assert.Equal(201, request.GetTagItem("http.response.status_code"));
            var sql = snapshot.Where(s => s.TraceId == request.TraceId && s.Kind == ActivityKind.Client).ToList();
            Assert.NotEmpty(sql);
            Assert.All(sql, s => Assert.Equal(KassaFactory.OnPostgres ? "postgresql" : "sqlite", s.GetTagItem("db.system.name") ?? s.GetTagItem("db.system")));
        }
        finally
        {
            await ((IAsyncLifetime)kassa).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_Prometheus_endpoint_when_configured_serves_the_metrics_to_the_admin_only()
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:Telemetry:PrometheusEndpoint", "metrics"));
        var kassa = own;
        await kassa.Anonymous().OutshifterCart();

        await (await kassa.Anonymous().GetAsync("/metrics")).ExpectProblem(HttpStatusCode.Unauthorized);
        var scrape = await kassa.Admin().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("kassa_carts_created_total{otel_scope_name=\"Kassa\",kassa_dialect=\"outshifter\"} 1", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
    }

    /// <summary>Kassa with extra OpenTelemetry registrations of the test's.</summary>
    private sealed class ExportingKassa(Action<IServiceCollection> configure) : KassaFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(configure);
        }
    }
}
