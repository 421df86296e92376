using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Payments;

/// <summary>
/// A payment provider that takes seconds to answer holds nothing of Kassa's: the order is committed before the
/// provider is asked, so writes to other carts go on at their usual speed meanwhile.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SlowProviderTests : IAsyncLifetime
{
    private static readonly TimeSpan ProviderDelay = TimeSpan.FromSeconds(3);

    private FakeProviderServer _stripe = null!;
    private KassaFactory _kassa = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeProviderServer.StartAsync(StripeApi);
        _kassa = new KassaFactory()
            .With("Kassa:Payments:Stripe:SecretKey", StripeFixture.SecretKey)
            .With("Kassa:Payments:Stripe:WebhookSecret", StripeFixture.WebhookSecret)
            .With("Kassa:Payments:Stripe:ApiBase", _stripe.BaseUrl);
        await _kassa.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_kassa).DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Theory]
    [InlineData("outshifter")]
    [InlineData("voog")]
    public async Task Writes_to_other_carts_stay_fast_while_the_provider_thinks(string dialect)
    {
        var client = _kassa.Anonymous();
        var others = new List<string>();
        for (var i = 0; i < 4; i++) others.Add(await client.OutshifterCart((StarChart, 1)));
        // Warm, in the shape of the load below: the first writes of a host pay for compiling its paths and
        // opening its database connections.
        await AddMany(client, others, 20);

        Func<Task<HttpResponseMessage>> pay;
        if (dialect == "outshifter")
        {
            var (_, checkoutId) = await client.ReadyCheckoutAt(SwedishAddress, "stripe", (StarChart, 1));
            pay = () => client.StartPayment(checkoutId, "stripe");
        }
        else
        {
            var (uuid, _) = await client.VoogCart(new
            {
                items = new[] { new { product_id = StarChart, quantity = 1 } },
                customer = new { email = "grace@example.com", name = "Grace Hopper" },
                shipping_address = new { name = "Grace Hopper", address1 = "Kungsgatan 2", city = "Göteborg", zip_code = "41119", country_code = "SE" },
            });
            pay = () => client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "stripe" });
        }

        _stripe.Delay = ProviderDelay;
        var asked = _stripe.Requests.Count;
        var payment = pay();
        await WaitUntil(() => _stripe.Requests.Count > asked);

        // The provider now holds the payment request for three seconds; meanwhile, 100 adds to four other carts.
        var latencies = await AddMany(client, others, 100);
        Assert.False(payment.IsCompleted, "the writes should have run while the provider was still answering");

        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        Assert.True(p99 < 100, $"p99 of writes to other carts was {p99:F0} ms while the provider answered (median {latencies[latencies.Count / 2]:F0} ms, max {latencies[^1]:F0} ms)");

        (await payment).EnsureSuccessStatusCode();
        _stripe.Delay = TimeSpan.Zero;
    }

    /// <returns>Each add's time in milliseconds, four at a time over the carts.</returns>
    private static async Task<List<double>> AddMany(HttpClient client, List<string> carts, int count)
    {
        var latencies = new List<double>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var watch = Stopwatch.StartNew();
            await AddOne(client, carts[i % carts.Count]);
            lock (latencies) latencies.Add(watch.Elapsed.TotalMilliseconds);
        });
        return latencies;
    }

    private static async Task AddOne(HttpClient client, string cart) =>
        await (await client.PostAsJsonAsync($"{CartPath}/{cart}/item/add",
            new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } })).Expect(HttpStatusCode.OK);

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("The provider was never asked.");
            await Task.Delay(5);
        }
    }
}
