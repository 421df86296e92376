using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Payments.PaymentsApi;

namespace Kassa.Tests.Payments;

/// <summary>
/// A payment provider that is slow to answer holds nothing of Kassa's: the order is committed before the provider is
/// asked, so writes to other carts complete while the provider has still not answered. (How fast they are is a
/// benchmark's question, not a test's.)
/// </summary>
[StartsFirst]
public sealed class SlowProviderTests : IAsyncLifetime
{
    /// <summary>Far longer than 100 writes take; only a write that waits for the provider's answer runs into it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private FakeProviderServer _stripe = null!;
    private KassaFactory _kassa = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeProviderServer.StartAsync(StripeApi);
        _kassa = await KassaFactory.CreateAsync(
            ("Kassa:Payments:Stripe:SecretKey", StripeFixture.SecretKey),
            ("Kassa:Payments:Stripe:WebhookSecret", StripeFixture.WebhookSecret),
            ("Kassa:Payments:Stripe:ApiBase", _stripe.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await _kassa.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Theory]
    [InlineData("outshifter")]
    [InlineData("voog")]
    public async Task Writes_to_other_carts_complete_while_the_provider_has_not_answered(string dialect)
    {
        var client = _kassa.Anonymous();
        var others = new List<string>();
        for (var i = 0; i < 4; i++) others.Add(await client.OutshifterCart((StarChart, 1)));

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

        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stripe.AnswerAfter = answer.Task;
        try
        {
            var asked = _stripe.NextRequest();
            var payment = pay();
            await asked.WaitAsync(Patience);

            // The provider answers only after these 100 adds to four other carts: a lock or transaction held over
            // the call would keep them waiting for good.
            await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                await (await client.PostAsJsonAsync($"{CartPath}/{others[i % others.Count]}/item/add",
                    new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } })).Expect(HttpStatusCode.OK)).WaitAsync(Patience);
            Assert.False(payment.IsCompleted, "the payment should still be waiting for the provider");

            answer.SetResult();
            (await payment).EnsureSuccessStatusCode();
        }
        finally
        {
            answer.TrySetResult();
            _stripe.AnswerAfter = null;
        }
    }
}
