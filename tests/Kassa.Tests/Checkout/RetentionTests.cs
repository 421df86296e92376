using System.Net;
using System.Net.Http.Json;
using Kassa.Carts;
using Kassa.Retention;
using Kassa.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;
using System.Diagnostics.Metrics;
using Kassa.Data;
using Kassa.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>Unfinished anonymous carts and checkouts go after the retention period; anything with an order stays.</summary>
[StartsFirst]
public sealed class RetentionTests
{
    private static async Task<bool> CartExists(HttpClient client, string uuid)
    {
        var outshifter = await client.GetAsync($"{CartPath}/{uuid}");
        var voog = await client.GetAsync($"{VoogCarts}/{uuid}");
        Assert.Equal(outshifter.StatusCode, voog.StatusCode);
        if (outshifter.StatusCode == HttpStatusCode.NotFound) await outshifter.ExpectProblem(HttpStatusCode.NotFound);
        else Assert.Equal(HttpStatusCode.OK, outshifter.StatusCode);
        return outshifter.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<bool> CheckoutExists(HttpClient client, string id)
    {
        var response = await client.GetAsync($"{CheckoutPath}/{id}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{response.StatusCode}");
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<int> Sweep(KassaFactory factory)
    {
        var days = factory.Services.GetRequiredService<IOptions<KassaOptions>>().Value.Retention.Days;
        await using var scope = factory.Scope(out var db);
        return await RetentionSweep.RunAsync(db, factory.Clock.GetUtcNow().UtcDateTime, days, CancellationToken.None);
    }

    private static async Task<int> RowsOf(KassaFactory factory, string cartUuid)
    {
        await using var scope = factory.Scope(out var db);
        var uuid = Guid.Parse(cartUuid);
        var carts = await db.Carts.IgnoreQueryFilters().CountAsync(c => c.Uuid == uuid);
        var checkouts = await db.Checkouts.IgnoreQueryFilters().CountAsync(c => c.Cart.Uuid == uuid);
        var items = await db.Carts.IgnoreQueryFilters().Where(c => c.Uuid == uuid).SelectMany(c => c.Items).CountAsync();
        return carts + checkouts + items;
    }

    [Fact]
    public async Task A_cart_untouched_for_61_days_is_deleted_while_recent_carts_and_carts_with_orders_stay()
    {
        await using var f = await KassaFactory.CreateAsync();
        var client = f.Anonymous();
        Assert.Equal(60, f.Services.GetRequiredService<IOptions<KassaOptions>>().Value.Retention.Days);

        // Day 0.
        var old = await client.OutshifterCart((StarChart, 1));
        var oldCheckout = (await client.CreateCheckout(old)).Str("id");
        var deletedByShopper = await client.OutshifterCart((StarChart, 1));
        await (await client.DeleteAsync($"{CartPath}/{deletedByShopper}")).Expect(HttpStatusCode.OK);
        var (paid, _) = await client.VoogCart((StarChart, 1));
        await (await client.PostAsJsonAsync($"{VoogCarts}/{paid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var (pendingCart, pendingCheckout) = await client.ReadyCheckout("sandbox");
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{pendingCheckout}/payment", new { })).Expect(HttpStatusCode.OK);
        var (cancelledCart, cancelledCheckout) = await client.ReadyCheckout("sandbox");
        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{cancelledCheckout}/payment", new { })).Expect(HttpStatusCode.OK);
        await client.Sandbox(started.Str("checkout_url"), "cancel");
        Assert.Equal("created", (await client.GetVoogCart(cancelledCart)).Str("status"));
        var touchedLater = await client.OutshifterCart((StarChart, 1));
        var staleCheckoutOfLiveCart = (await client.CreateCheckout(touchedLater)).Str("id");
        Assert.True(await RowsOf(f, old) >= 3);

        // Day 2.
        f.Clock.Advance(TimeSpan.FromDays(2));
        var recent = await client.OutshifterCart((StarChart, 1));
        await (await client.PostAsJsonAsync($"{CartPath}/{touchedLater}/item/add", new { line_items = new[] { new { product_id = IonDrive, quantity = 1 } } }))
            .Expect(HttpStatusCode.OK);

        // Day 60 minus a minute: nothing is old enough.
        f.Clock.Advance(TimeSpan.FromDays(58) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Sweep(f));
        Assert.True(await CartExists(client, old));
        Assert.True(await CheckoutExists(client, oldCheckout));

        // Day 61: the old cart, its checkout and its items are gone; the shopper-deleted one too.
        f.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Sweep(f);
        Assert.False(await CartExists(client, old));
        Assert.False(await CheckoutExists(client, oldCheckout));
        Assert.Equal(0, await RowsOf(f, old));
        Assert.Equal(0, await RowsOf(f, deletedByShopper));
        await (await client.PostAsJsonAsync(CheckoutPath, new { cart_id = old })).ExpectProblem(HttpStatusCode.NotFound);

        // Touched 59 days ago: kept.
        Assert.True(await CartExists(client, recent));
        Assert.True(await CartExists(client, touchedLater));
        // Carts with orders (paid and closed, pending, cancelled and reopened) are kept, with their orders.
        Assert.True(await CartExists(client, paid));
        Assert.True(await CartExists(client, pendingCart));
        Assert.True(await CheckoutExists(client, pendingCheckout));
        Assert.True(await CartExists(client, cancelledCart));
        Assert.True(await CheckoutExists(client, cancelledCheckout));
        Assert.Equal(3, await f.OrderCount());
        // A checkout untouched for 61 days goes even when its cart was changed since.
        Assert.False(await CheckoutExists(client, staleCheckoutOfLiveCart));

        // Running again deletes nothing more.
        Assert.Equal(0, await Sweep(f));
        Assert.True(await CartExists(client, recent));
    }

    [Fact]
    public async Task A_sweep_of_more_than_one_batch_deletes_every_stale_cart_and_keeps_those_touched_since()
    {
        // The background service keeps carts for 1000 days here, so only the sweep below deletes.
        await using var f = await KassaFactory.CreateAsync(("Kassa:Retention:Days", "1000"));
        var client = f.Anonymous();
        var count = RetentionSweep.BatchSize * 2 + 7;
        // Written behind the API, in one go: the sweep is under test here, not cart creation.
        await using (var seed = f.Scope(out var seedDb))
        {
            seedDb.Carts.AddRange(Enumerable.Range(0, count).Select(i => new Cart { Uuid = Guid.NewGuid(), Currency = "EUR", CustomerSessionId = $"sweep-{i}" }));
            await seedDb.SaveChangesAsync();
        }
        List<string> carts;
        await using (var read = f.Scope(out var readDb))
            carts = (await readDb.Carts.Where(c => c.CustomerSessionId!.StartsWith("sweep-")).OrderBy(c => c.Id).Select(c => c.Uuid).ToListAsync())
                .Select(u => u.ToString()).ToList();
        Assert.Equal(count, carts.Count);

        // Day 30: three carts, spread over the batches, are written to.
        f.Clock.Advance(TimeSpan.FromDays(30));
        var touched = new[] { carts[1], carts[RetentionSweep.BatchSize + 3], carts[^1] };
        foreach (var cart in touched)
            await (await client.PostAsJsonAsync($"{CartPath}/{cart}/item/add", new { line_items = new[] { new { product_id = IonDrive, quantity = 1 } } }))
                .Expect(HttpStatusCode.OK);

        // Day 61: every other cart of day 0 is gone, over three batches.
        f.Clock.Advance(TimeSpan.FromDays(31));
        await using (var sweep = f.Scope(out var sweepDb))
            Assert.Equal(count - touched.Length, await RetentionSweep.RunAsync(sweepDb, f.Clock.GetUtcNow().UtcDateTime, 60, CancellationToken.None));
        foreach (var cart in touched) Assert.True(await CartExists(client, cart));
        Assert.False(await CartExists(client, carts[0]));
        Assert.False(await CartExists(client, carts[RetentionSweep.BatchSize * 2]));
        var touchedIds = touched.Select(Guid.Parse).ToList();
        await using var scope = f.Scope(out var db);
        Assert.Equal(0, await db.Carts.IgnoreQueryFilters().CountAsync(c => c.CustomerSessionId != null && c.CustomerSessionId.StartsWith("sweep-") && !touchedIds.Contains(c.Uuid)));
    }

    [Fact]
    public async Task The_background_service_honours_the_configured_days()
    {
        await using var f = await KassaFactory.CreateAsync(("Kassa:Retention:Days", "10"));
        var client = f.Anonymous();

        var old = await client.OutshifterCart((StarChart, 1));
        f.Clock.Advance(TimeSpan.FromDays(1));
        var younger = await client.OutshifterCart((StarChart, 1));

        // Day 10.5: the old cart is past 10 days, the younger one half a day short of them. The service's next tick
        // deletes the old cart (not 60 days: the setting counts), and the same sweep must keep the younger one.
        f.Clock.Advance(TimeSpan.FromDays(9.5));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // One GET per poll: the sweep may run between two. Each poll moves the clock ten minutes, towards the next run
        // (an hour after the last one ended, which may have been the one the day before set off).
        while ((await client.GetAsync($"{CartPath}/{old}")).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            f.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        Assert.False(await CartExists(client, old));
        Assert.True(await CartExists(client, younger));
    }

    [Fact]
    public async Task A_clock_moved_on_by_weeks_is_followed_by_one_run_and_the_next_comes_an_interval_after_it()
    {
        await using var f = await KassaFactory.CreateAsync();
        using var runs = new MetricCollector<double>(f.Services.GetRequiredService<IMeterFactory>(), KassaMetrics.MeterName, "kassa.retention.duration");
        // The run at start may have ended before the collector listened: move the clock until one is seen.
        await StepByStepUntil(f, () => runs.GetMeasurementSnapshot().Count >= 1);
        var before = runs.GetMeasurementSnapshot().Count;

        // Six weeks at once, as after a suspended machine resumes: a thousand intervals went by, and one run follows.
        f.Clock.Advance(TimeSpan.FromDays(42));
        await StepByStepUntil(f, () => runs.GetMeasurementSnapshot().Count > before);
        Assert.Equal(before + 1, runs.GetMeasurementSnapshot().Count);
        Assert.All(runs.GetMeasurementSnapshot(), run => Assert.Equal("ok", run.Tags[KassaMetrics.Tags.Outcome]));
    }

    [Fact]
    public async Task A_job_that_fails_is_counted_as_a_failed_run_and_the_jobs_after_it_still_run()
    {
        await using var f = new FailingExpiryKassa();
        await f.InitializeAsync();
        using var runs = new MetricCollector<double>(f.Services.GetRequiredService<IMeterFactory>(), KassaMetrics.MeterName, "kassa.retention.duration");
        var stale = await f.Anonymous().OutshifterCart((StarChart, 1));
        await StepByStepUntil(f, () => runs.GetMeasurementSnapshot().Count >= 1);
        var before = runs.GetMeasurementSnapshot().Count;

        // Past the retention period: the payment expiry fails first, and the cart clean-up after it still deletes.
        f.Clock.Advance(TimeSpan.FromDays(61));
        await StepByStepUntil(f, () => runs.GetMeasurementSnapshot().Count > before);
        Assert.Equal("failed", runs.GetMeasurementSnapshot()[^1].Tags[KassaMetrics.Tags.Outcome]);
        Assert.Equal(0, await RowsOf(f, stale));
    }

    /// <summary>A host whose pending-payment expiry fails on every run, as on a database error.</summary>
    private sealed class FailingExpiryKassa : KassaFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.ConfigureDbContext<SqliteKassaDbContext>(options => options.AddInterceptors(new FailExpiry()));
                services.ConfigureDbContext<PostgresKassaDbContext>(options => options.AddInterceptors(new FailExpiry()));
            });
        }

        private sealed class FailExpiry : DbCommandInterceptor
        {
            public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
                InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
                // The orders read by payment status (PaymentStatus on SQLite, payment_status on PostgreSQL): the expiry's alone.
                command.CommandText.Contains("orders", StringComparison.OrdinalIgnoreCase) &&
                command.CommandText.Replace("_", "", StringComparison.Ordinal).Contains("paymentstatus", StringComparison.OrdinalIgnoreCase)
                    ? throw new InvalidOperationException("The expiry's query failed, as the test asked.")
                    : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>Moves the clock ten minutes at a time (the next run waits an hour after the last one ended) until <paramref name="done"/>.</summary>
    private static async Task StepByStepUntil(KassaFactory f, Func<bool> done)
    {
        for (var steps = 0; !done(); steps++)
        {
            Assert.True(steps <= 6 * 24, "The retention job did not run within a day of the clock's time.");
            await Task.Delay(10);
            if (!done()) f.Clock.Advance(TimeSpan.FromMinutes(10));
        }
    }
}
