using System.Diagnostics.Metrics;
using Kassa.Telemetry;
using Kassa.Tests.Payments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Telemetry;

/// <summary>
/// Kassa with Stripe pointed at a fake, whose Kassa.* log entries from Information up are kept by a
/// <see cref="FakeLogCollector"/> and whose meters can be read with a <see cref="MetricCollector{T}"/>.
/// </summary>
public sealed class ObservedKassa : IAsyncLifetime
{
    public FakeProviderServer Stripe { get; private set; } = null!;
    public KassaFactory Kassa { get; private set; } = null!;

    public FakeLogCollector Logs => Kassa.Services.GetFakeLogCollector();

    /// <summary>Collects what this host's <c>Kassa</c> meter records on <paramref name="instrument"/> from now on.</summary>
    public MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(Kassa.Services.GetRequiredService<IMeterFactory>(), KassaMetrics.MeterName, instrument);

    public async Task InitializeAsync()
    {
        Stripe = await FakeProviderServer.StartAsync(StripeApi);
        Kassa = new LoggedKassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", StripeFixture.SecretKey)
            .With("Kassa:Payments:Stripe:WebhookSecret", StripeFixture.WebhookSecret)
            .With("Kassa:Payments:Stripe:ApiBase", Stripe.BaseUrl);
        await Kassa.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Kassa).DisposeAsync();
        await Stripe.DisposeAsync();
    }

    private sealed class LoggedKassaFactory : KassaFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddFakeLogging().AddFilter<FakeLoggerProvider>("Kassa", LogLevel.Information));
        }
    }
}

internal static class MetricCollectorExtensions
{
    /// <summary>The sum of what was recorded with exactly these tags (each as name=value).</summary>
    public static long Sum(this MetricCollector<long> collector, params (string Name, string Value)[] tags) =>
        collector.GetMeasurementSnapshot()
            .Where(m => m.Tags.Count == tags.Length && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Name), t.Value)))
            .Sum(m => m.Value);
}
