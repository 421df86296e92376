using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Webhooks.WebhookApi;

namespace Kassa.Tests.Webhooks;

/// <summary>At least once, in order per order, through a receiver that fails, hangs, goes down and comes back, and through a crash.</summary>
[StartsFirst]
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Every_event_arrives_once_per_webhook_after_deduplication_and_in_order_per_order_through_500s_timeouts_and_an_outage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first try of each event fails: a 500, or no answer within Kassa's 1 s timeout (the receiver got it, so a
        // retry is a duplicate it must drop); then it is answered.
        var turn = 0;
        receiver.Answer = (_, _, before) => before > 0 ? new(200)
            : Interlocked.Increment(ref turn) % 2 == 0 ? new(500) : new(200, TimeSpan.FromSeconds(3));
        await using var kassa = await HostAsync();
        var admin = kassa.Admin();
        var updates = (await admin.CreateWebhook(receiver.Url("/updates"), "update")).GetProperty("id").GetInt64();
        var creates = (await admin.CreateWebhook(receiver.Url("/creates"), "create")).GetProperty("id").GetInt64();
        var paid = (await admin.CreateWebhook(receiver.Url("/paid"), "paid")).GetProperty("id").GetInt64();

        var orders = new List<long>();
        for (var i = 0; i < 3; i++) orders.Add(await kassa.OfflineOrder());
        foreach (var order in orders)
        {
            await kassa.SetOrder(order, new { payment_status = "paid" });
            await kassa.SetOrder(order, new { shipping_status = "dispatched" });
        }
        await WebhookReceiver.UntilAsync(async () => await AllDelivered(kassa, updates, creates, paid), [kassa.Clock], TimeSpan.FromSeconds(40));

        // The receiver goes down; the changes made meanwhile wait, and arrive when it is back.
        await receiver.StopAsync();
        foreach (var order in orders) await kassa.SetOrder(order, new { shipping_status = "delivered" });
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(updates)).Count(d => d.GetProperty("attempts").GetInt32() >= 1 &&
            d.GetProperty("status").GetString() == "pending") == orders.Count, [kassa.Clock], TimeSpan.FromSeconds(40));
        Assert.All((await kassa.Deliveries(updates)).Where(d => d.GetProperty("status").GetString() == "pending"),
            d => Assert.Equal(JsonValueKind.Null, d.GetProperty("last_status_code").ValueKind));
        await receiver.StartAsync();
        await WebhookReceiver.UntilAsync(async () => await AllDelivered(kassa, updates, creates, paid), [kassa.Clock], TimeSpan.FromSeconds(40));

        foreach (var (webhook, path, perOrder) in new[] { (updates, "/updates", 3), (creates, "/creates", 1), (paid, "/paid", 1) })
        {
            var deliveries = await kassa.Deliveries(webhook);
            Assert.Equal(orders.Count * perOrder, deliveries.Count);
            var accepted = receiver.All.Where(r => r.Path == path && r.Answered == 200).Select(r => r.EventId).ToList();
            // After de-duplication by Kassa-Event-Id every event is there exactly once.
            Assert.Equal(deliveries.Select(d => d.Str("event_id")).Order(), accepted.Distinct().Order());
            // In order per order: once an event of an order arrived, no earlier event of that order arrives after it.
            var sequence = deliveries.ToDictionary(d => d.Str("event_id"), d => d.GetProperty("id").GetInt64());
            foreach (var order in orders)
            {
                var arrivals = receiver.All.Where(r => r.Path == path && r.TargetId == order).Select(r => sequence[r.EventId]).ToList();
                Assert.Equal(arrivals.Order(), arrivals);
            }
        }
        var events = receiver.All.Where(r => r.Path == "/updates" && r.TargetId == orders[0] && r.Answered == 200)
            .Select(r => r.Json.GetProperty("data").GetProperty("object").GetProperty("shipping_status").GetString()).Distinct().ToList();
        Assert.Equal(["not_dispatched", "dispatched", "delivered"], events);
    }

    private static async Task<bool> AllDelivered(KassaFactory kassa, params long[] webhooks)
    {
        foreach (var webhook in webhooks)
            if ((await kassa.Deliveries(webhook)).Any(d => d.GetProperty("status").GetString() != "delivered")) return false;
        return true;
    }

    [Fact]
    public async Task An_event_committed_before_a_crash_is_delivered_by_the_next_host_on_the_same_database()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first host's attempt never gets an answer: it is stopped while it waits, its claim still on the delivery.
        receiver.Answer = (_, _, _) => new(200, TimeSpan.FromMinutes(5));
        var first = await HostAsync(("Kassa:Webhooks:TimeoutSeconds", "600"));
        first.KeepDatabase = true;
        var webhook = (await first.Admin().CreateWebhook(receiver.Url(), "create")).GetProperty("id").GetInt64();
        var order = await first.OfflineOrder();
        await WebhookReceiver.UntilAsync(() => Task.FromResult(receiver.All.Count == 1), []);
        await first.DisposeAsync();

        receiver.Answer = (_, _, _) => new(200);
        await using var second = KassaFactory.OnDatabaseOf(first)
            .With("Kassa:Webhooks:AllowPrivateTargets", "true").With("Kassa:Webhooks:TimeoutSeconds", "1");
        await second.InitializeAsync();
        // The crashed host's claim runs out on the clock; then the new host delivers.
        await WebhookReceiver.UntilAsync(async () => (await second.Deliveries(webhook)).Single().Str("status") == "delivered", [second.Clock],
            TimeSpan.FromSeconds(30));

        var delivered = receiver.All.Where(r => r.Answered == 200).ToList();
        Assert.Equal(order, delivered[^1].TargetId);
        Assert.Equal(receiver.All[0].EventId, delivered[^1].EventId);
        Assert.Equal(receiver.All[0].Body, delivered[^1].Body);
    }

    [PostgresFact]
    public async Task Two_hosts_on_one_PostgreSQL_never_deliver_one_event_twice_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _, _) => new(200, TimeSpan.FromMilliseconds(100));
        var first = await HostAsync(("Kassa:Webhooks:Concurrency", "2"), ("Kassa:Webhooks:TimeoutSeconds", "5"));
        first.KeepDatabase = true;
        var webhook = (await first.Admin().CreateWebhook(receiver.Url(), "update")).GetProperty("id").GetInt64();
        await using var second = KassaFactory.OnDatabaseOf(first).With("Kassa:Webhooks:AllowPrivateTargets", "true")
            .With("Kassa:Webhooks:Concurrency", "2").With("Kassa:Webhooks:TimeoutSeconds", "5");
        await second.InitializeAsync();
        _ = second.Admin();

        var orders = new List<long>();
        for (var i = 0; i < 6; i++) orders.Add(await first.OfflineOrder());
        // Changes through both hosts: each wakes its own dispatcher, and the other finds the events when it polls.
        await Task.WhenAll(orders.Select((order, i) => (i % 2 == 0 ? first : second).SetOrder(order, new { payment_status = "paid" })));
        await Task.WhenAll(orders.Select((order, i) => (i % 2 == 0 ? second : first).SetOrder(order, new { shipping_status = "dispatched" })));
        // The clocks move slowly (a claim lasts 55 s on them), so that only the poll, never a lapsed claim, lets the other host in.
        await WebhookReceiver.UntilAsync(async () => await AllDelivered(first, webhook), [first.Clock, second.Clock], TimeSpan.FromSeconds(1));
        await first.DisposeAsync();

        Assert.Equal(1, receiver.MostAtOnce);
        var received = receiver.All;
        Assert.Equal(orders.Count * 2, received.Select(r => r.EventId).Distinct().Count());
        // Every answer was a 200 within the timeout: nothing was ever sent twice.
        Assert.Equal(received.Count, received.Select(r => r.EventId).Distinct().Count());
    }
}
