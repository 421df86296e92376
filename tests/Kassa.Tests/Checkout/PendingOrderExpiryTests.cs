using System.Net;
using Kassa.Ordering;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>Online payments nobody finishes expire: the order is cancelled and its stock comes back.</summary>
public sealed class PendingOrderExpiryTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Unfinished_sandbox_payment_expires_after_a_day_and_releases_stock_but_offline_orders_wait()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 5);
        var (online, _) = await client.VoogCart((product, 2));
        var (offline, _) = await client.VoogCart((product, 1));
        var onlineOrder = await (await client.Send(HttpMethod.Post, $"{VoogCarts}/{online}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        var offlineOrder = await (await client.Send(HttpMethod.Post, $"{VoogCarts}/{offline}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, await factory.Stock(product));

        // Not yet: 23 hours is inside the limit.
        factory.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await Sweep());
        Assert.Equal("pending", (await factory.GetOrder(onlineOrder.GetProperty("id").GetInt64())).Str("payment_status"));

        // The background service (on the same fake clock) may already have run the sweep; run it to be sure.
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await Sweep();
        var expired = await factory.GetOrder(onlineOrder.GetProperty("id").GetInt64());
        Assert.Equal("expired", expired.Str("payment_status"));
        Assert.Equal("cancelled", expired.Str("status"));
        Assert.Equal(4, await factory.Stock(product));
        Assert.Equal("pending", (await factory.GetOrder(offlineOrder.GetProperty("id").GetInt64())).Str("payment_status"));

        // A late "paid" for the expired order changes nothing.
        Assert.Equal(0, await Sweep());
        Assert.Equal(4, await factory.Stock(product));
    }

    private async Task<int> Sweep()
    {
        await using var scope = factory.Scope(out var db);
        return await PendingOrderExpiry.RunAsync(db, factory.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromHours(24), CancellationToken.None);
    }
}
