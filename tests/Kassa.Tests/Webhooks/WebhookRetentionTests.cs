using System.Net;
using Kassa.Retention;
using Kassa.Tests.Infrastructure;
using Kassa.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kassa.Tests.Webhooks.WebhookApi;

namespace Kassa.Tests.Webhooks;

/// <summary>Delivered and failed deliveries go Kassa:Webhooks:KeepDays after they finished; pending and leased ones stay.</summary>
[StartsFirst]
public sealed class WebhookRetentionTests
{
    /// <summary>One outbox row: its status, when it finished (days before the sweep; null: never attempted), its lease, and whether it stays.</summary>
    private sealed record Row(string Name, string Status, double? FinishedDaysAgo, double? LeaseHoursFromNow, bool Stays);

    /// <summary>The rows, aged against <paramref name="keep"/> days. Every row was created 100 days before the sweep.</summary>
    private static Row[] Rows(int keep) =>
    [
        new("delivered, old", WebhookDeliveryStatus.Delivered, keep + 1, null, Stays: false),
        new("failed, old", WebhookDeliveryStatus.Failed, keep + 1, null, Stays: false),
        new("delivered, old, lease ran out", WebhookDeliveryStatus.Delivered, keep + 1, -1, Stays: false),
        new("delivered, recent", WebhookDeliveryStatus.Delivered, keep - 1, null, Stays: true),
        new("failed, recent", WebhookDeliveryStatus.Failed, keep - 1, null, Stays: true),
        new("pending, never attempted", WebhookDeliveryStatus.Pending, null, null, Stays: true),
        new("pending, last attempt old (redelivered)", WebhookDeliveryStatus.Pending, keep + 1, null, Stays: true),
        new("pending, old, under a live lease", WebhookDeliveryStatus.Pending, keep + 1, 24, Stays: true),
        new("failed, old, under a live lease", WebhookDeliveryStatus.Failed, keep + 1, 24, Stays: true),
    ];

    [Theory]
    [InlineData(null, 30)]
    [InlineData("7", 7)]
    public async Task The_retention_job_deletes_deliveries_finished_KeepDays_ago_and_keeps_recent_pending_and_leased_ones(string? setting, int keep)
    {
        await using var kassa = await KassaFactory.CreateAsync(setting is null ? [] : [("Kassa:Webhooks:KeepDays", setting)]);
        Assert.Equal(keep, kassa.Services.GetRequiredService<IOptions<KassaOptions>>().Value.Webhooks.KeepDays);
        var rows = Rows(keep);
        var sweepAt = kassa.Clock.GetUtcNow().UtcDateTime.AddDays(100);

        // Written behind the API at day 0 (so every row is 100 days old by its CreatedAt), for a disabled webhook: the
        // dispatcher leaves its pending rows alone.
        long webhook;
        var ids = new Dictionary<string, long>();
        await using (var scope = kassa.Scope(out var db))
        {
            var hook = new Webhook { Enabled = false, Target = "order", Event = "create", Url = "https://receiver.example.com/", Secret = "whsec_test" };
            db.Webhooks.Add(hook);
            await db.SaveChangesAsync();
            webhook = hook.Id;
            var deliveries = rows.ToDictionary(r => r.Name, r => Delivery(webhook, r, sweepAt));
            db.WebhookDeliveries.AddRange(deliveries.Values);
            await db.SaveChangesAsync();
            foreach (var (name, delivery) in deliveries) ids[name] = delivery.Id;
        }
        Assert.Equal(rows.Length, (await kassa.Deliveries(webhook)).Count);

        // Day 100: the service's next tick sweeps. One list per poll; each poll moves the clock a minute, for the next tick.
        kassa.Clock.Advance(sweepAt - kassa.Clock.GetUtcNow().UtcDateTime);
        var gone = rows.Where(r => !r.Stays).Select(r => ids[r.Name]).ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await kassa.Deliveries(webhook)).Any(d => gone.Contains(d.GetProperty("id").GetInt64())) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            kassa.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // The deliveries list shows exactly the rows that stay: the same sweep deleted the rest and kept these.
        var listed = (await kassa.Deliveries(webhook)).Select(d => d.GetProperty("id").GetInt64()).ToHashSet();
        Assert.All(rows, r => Assert.True(listed.Contains(ids[r.Name]) == r.Stays, $"{r.Name}: {(r.Stays ? "deleted" : "kept")}"));

        // Running again deletes nothing more.
        await using (var again = kassa.Scope(out var db))
            Assert.Equal(0, await WebhookDeliverySweep.RunAsync(db, kassa.Clock.GetUtcNow().UtcDateTime, keep, CancellationToken.None));
    }

    private static WebhookDelivery Delivery(long webhook, Row row, DateTime sweepAt)
    {
        DateTime? finished = row.FinishedDaysAgo is { } days ? sweepAt.AddDays(-days) : null;
        return new WebhookDelivery
        {
            WebhookId = webhook,
            EventId = Guid.NewGuid(),
            Target = "order",
            TargetId = 1,
            Event = "create",
            Body = "{}",
            Status = row.Status,
            Attempts = finished is null ? 0 : 1,
            NextAttemptAt = row.Status == WebhookDeliveryStatus.Pending ? sweepAt.AddDays(1) : finished ?? sweepAt,
            RetryUntil = sweepAt.AddDays(3),
            LastAttemptAt = finished,
            LastStatusCode = finished is null ? null : row.Status == WebhookDeliveryStatus.Delivered ? 204 : 503,
            DeliveredAt = row.Status == WebhookDeliveryStatus.Delivered ? finished : null,
            LeaseUntil = row.LeaseHoursFromNow is { } hours ? sweepAt.AddHours(hours) : null,
            LeaseOwner = row.LeaseHoursFromNow is null ? null : Guid.NewGuid(),
        };
    }

    [Fact]
    public async Task A_redelivered_old_delivery_stays_while_pending_and_is_aged_from_its_new_outcome()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, _, _) => new(204);
        await using var kassa = await HostAsync(("Kassa:Webhooks:KeepDays", "10"));
        var admin = kassa.Admin();
        var webhook = (await admin.CreateWebhook(receiver.Url(), "create")).GetProperty("id").GetInt64();
        await kassa.OfflineOrder();
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(webhook)).Single().Str("status") == "delivered", []);
        var id = (await kassa.Deliveries(webhook)).Single().GetProperty("id").GetInt64();

        // Day 9: sent again, to a receiver that now fails; it stays pending, retrying.
        kassa.Clock.Advance(TimeSpan.FromDays(9));
        receiver.Answer = (_, _, _) => new(503);
        var again = await (await admin.PostAsync($"{WebhooksPath}/{webhook}/deliveries/{id}/redeliver", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", again.Str("status"));
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(webhook)).Single().GetProperty("attempts").GetInt32() >= 2, []);

        // Day 11: first delivered 11 days ago, but pending: the sweep keeps it, and the list still shows it.
        kassa.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await Sweep(kassa, 10));
        Assert.Equal("pending", (await kassa.Deliveries(webhook)).Single().Str("status"));

        // The receiver answers again: delivered on day 11.
        receiver.Answer = (_, _, _) => new(204);
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(webhook)).Single().Str("status") == "delivered", [kassa.Clock],
            TimeSpan.FromMinutes(1));

        // Day 20: 20 days old, but delivered 9 days ago: kept.
        kassa.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0, await Sweep(kassa, 10));
        Assert.Single(await kassa.Deliveries(webhook));

        // Day 22: delivered 11 days ago; the service's next tick deletes it (10 days, not the default 30), and it can
        // no longer be redelivered.
        // Each step is one of the service's intervals (an hour), so each poll is a tick.
        kassa.Clock.Advance(TimeSpan.FromDays(2));
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(webhook)).Count == 0, [kassa.Clock], TimeSpan.FromHours(1),
            TimeSpan.FromSeconds(20));
        await (await admin.PostAsync($"{WebhooksPath}/{webhook}/deliveries/{id}/redeliver", null)).ExpectProblem(HttpStatusCode.NotFound);
    }

    private static async Task<int> Sweep(KassaFactory kassa, int keepDays)
    {
        await using var scope = kassa.Scope(out var db);
        return await WebhookDeliverySweep.RunAsync(db, kassa.Clock.GetUtcNow().UtcDateTime, keepDays, CancellationToken.None);
    }
}
