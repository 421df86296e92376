using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>Signed payment webhooks: forged, stale and replayed ones change nothing.</summary>
public sealed class WebhookTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    private sealed record PendingOrder(long Id, string Uuid, string CartUuid, long Product);

    private async Task<PendingOrder> Pending()
    {
        var product = await factory.CreateProduct(stock: 4);
        var (uuid, _) = await _client.VoogCart((product, 1));
        var order = await (await _client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        Assert.Equal("pending", order.Str("payment_status"));
        Assert.Equal(3, await factory.Stock(product));
        return new PendingOrder(order.GetProperty("id").GetInt64(), order.Str("uuid"), uuid, product);
    }

    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    private static string EventId() => "evt_" + Guid.NewGuid().ToString("N");

    /// <summary>Everything a webhook could change: the order, its stock, the recorded events.</summary>
    private async Task<string> State(PendingOrder order)
    {
        var body = (await factory.GetOrder(order.Id)).GetRawText();
        await using var scope = factory.Scope(out var db);
        var events = await db.PaymentEvents.CountAsync();
        return $"{body}\nstock={await factory.Stock(order.Product)}\nevents={events}";
    }

    private static async Task<string> Result(HttpResponseMessage response)
    {
        var body = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { "result" }, body.Keys().ToArray());
        return body.Str("result");
    }

    [Fact]
    public async Task A_valid_webhook_is_applied()
    {
        var order = await Pending();
        var body = SandboxEvent(EventId(), "payment.paid", order.Uuid);
        Assert.Equal("applied", await Result(await _client.PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, Now))));
        var paid = await factory.GetOrder(order.Id);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("completed", paid.Str("status"));
        Assert.Equal("closed", (await _client.GetVoogCart(order.CartUuid)).Str("status"));
    }

    [Fact]
    public async Task Forged_signatures_are_refused_and_change_nothing()
    {
        var order = await Pending();
        var before = await State(order);
        var body = SandboxEvent(EventId(), "payment.paid", order.Uuid);
        var otherBody = SandboxEvent(EventId(), "payment.paid", order.Uuid);
        var t = Now.ToUnixTimeSeconds();
        var forgeries = new (string Body, string? Signature)[]
        {
            (body, Sign("not-the-secret", body, Now)),                          // wrong secret
            (body, Sign(KassaFactory.SandboxSecret, otherBody, Now)),           // signature of another body
            (body.Replace("payment.paid", "payment.paid "), Sign(KassaFactory.SandboxSecret, body, Now)), // body tampered after signing
            (body, Sign(KassaFactory.SandboxSecret, body, Now).Replace($"t={t}", $"t={t - 1}")), // timestamp swapped
            (body, null),                                                       // no signature
            (body, ""),
            (body, "v1=deadbeef"),                                              // no timestamp
            (body, $"t={t}"),                                                   // no signature value
            (body, $"t=yesterday,v1={new string('0', 64)}"),
            (body, $"t={t},v1={new string('0', 64)}"),
        };
        foreach (var (forgedBody, signature) in forgeries)
        {
            var response = await _client.PostWebhook(forgedBody, signature);
            await response.ExpectProblem(HttpStatusCode.BadRequest);
            Assert.Equal(before, await State(order));
        }
        Assert.Equal("pending", (await factory.GetOrder(order.Id)).Str("payment_status"));

        // The genuine one still works afterwards: the forgeries did not burn its event id.
        Assert.Equal("applied", await Result(await _client.PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, Now))));
    }

    [Fact]
    public async Task Stale_and_future_webhooks_are_refused()
    {
        var order = await Pending();
        var before = await State(order);
        var body = SandboxEvent(EventId(), "payment.paid", order.Uuid);

        foreach (var offset in new[] { -301, -3600, 301, 86_400 })
        {
            var response = await _client.PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, Now.AddSeconds(offset)));
            await response.ExpectProblem(HttpStatusCode.BadRequest, text: "old");
            Assert.Equal(before, await State(order));
        }

        // A signature made 301 seconds ago was fine when it was fresh, and is refused now.
        var signedEarlier = Sign(KassaFactory.SandboxSecret, body, Now);
        factory.Clock.Advance(TimeSpan.FromSeconds(301));
        await (await _client.PostWebhook(body, signedEarlier)).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("pending", (await factory.GetOrder(order.Id)).Str("payment_status"));

        // Within the tolerance is accepted.
        Assert.Equal("applied", await Result(await _client.PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, Now.AddSeconds(-299)))));
    }

    [Fact]
    public async Task A_replayed_event_is_a_duplicate_and_changes_nothing()
    {
        var order = await Pending();
        var id = EventId();
        var body = SandboxEvent(id, "payment.paid", order.Uuid);
        var signature = Sign(KassaFactory.SandboxSecret, body, Now);
        Assert.Equal("applied", await Result(await _client.PostWebhook(body, signature)));
        var after = await State(order);

        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("duplicate", await Result(await _client.PostWebhook(body, signature)));
        Assert.Equal(after, await State(order));

        // The same event id with another outcome, freshly signed, is still the same event.
        var cancel = SandboxEvent(id, "payment.cancelled", order.Uuid);
        Assert.Equal("duplicate", await Result(await _client.PostWebhook(cancel, Sign(KassaFactory.SandboxSecret, cancel, Now))));
        Assert.Equal(after, await State(order));

        // Parallel replays: still one application.
        var order2 = await Pending();
        var body2 = SandboxEvent(EventId(), "payment.cancelled", order2.Uuid);
        var signature2 = Sign(KassaFactory.SandboxSecret, body2, Now);
        var responses = await AllAtOnce(10, _ => _client.PostWebhook(body2, signature2));
        var results = new List<string>();
        foreach (var r in responses)
        {
            if (r.StatusCode == HttpStatusCode.OK) results.Add(await Result(r));
            else await r.ExpectProblem(HttpStatusCode.Conflict);
        }
        Assert.Equal(1, results.Count(r => r == "applied"));
        Assert.All(results.Where(r => r != "applied"), r => Assert.Equal("duplicate", r));
        Assert.Equal(4, await factory.Stock(order2.Product));
    }

    [Fact]
    public async Task Paid_after_cancelled_is_ignored()
    {
        var order = await Pending();
        var cancel = SandboxEvent(EventId(), "payment.cancelled", order.Uuid);
        Assert.Equal("applied", await Result(await _client.PostWebhook(cancel, Sign(KassaFactory.SandboxSecret, cancel, Now))));
        Assert.Equal(4, await factory.Stock(order.Product));
        var after = await State(order);

        var paid = SandboxEvent(EventId(), "payment.paid", order.Uuid);
        var result = await Result(await _client.PostWebhook(paid, Sign(KassaFactory.SandboxSecret, paid, Now)));
        Assert.StartsWith("ignored", result);
        var state = await State(order);
        Assert.Equal(after.Split('\n')[0], state.Split('\n')[0]);
        Assert.Equal(4, await factory.Stock(order.Product));
        var read = await factory.GetOrder(order.Id);
        Assert.Equal("cancelled", read.Str("payment_status"));
        Assert.Equal("cancelled", read.Str("status"));
        Assert.True(read.IsNull("completed_at"));

        // And cancelled after paid is ignored too: a paid order is refunded, not cancelled.
        var order2 = await Pending();
        var paid2 = SandboxEvent(EventId(), "payment.paid", order2.Uuid);
        Assert.Equal("applied", await Result(await _client.PostWebhook(paid2, Sign(KassaFactory.SandboxSecret, paid2, Now))));
        var cancel2 = SandboxEvent(EventId(), "payment.cancelled", order2.Uuid);
        Assert.StartsWith("ignored", await Result(await _client.PostWebhook(cancel2, Sign(KassaFactory.SandboxSecret, cancel2, Now))));
        Assert.Equal("paid", (await factory.GetOrder(order2.Id)).Str("payment_status"));
        Assert.Equal(3, await factory.Stock(order2.Product));
    }

    [Fact]
    public async Task Events_for_unknown_orders_or_other_gateways_are_ignored()
    {
        var unknown = SandboxEvent(EventId(), "payment.paid", Guid.NewGuid().ToString());
        Assert.StartsWith("ignored", await Result(await _client.PostWebhook(unknown, Sign(KassaFactory.SandboxSecret, unknown, Now))));

        var (uuid, _) = await _client.VoogCart((StarChart, 1));
        var offline = await (await _client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var body = SandboxEvent(EventId(), "payment.paid", offline.Str("uuid"));
        Assert.StartsWith("ignored", await Result(await _client.PostWebhook(body, Sign(KassaFactory.SandboxSecret, body, Now))));
        Assert.Equal("pending", (await factory.GetOrder(offline.GetProperty("id").GetInt64())).Str("payment_status"));

        // Signed but not a sandbox event.
        foreach (var bad in new[] { "{}", "[]", "not json", JsonSerializer.Serialize(new { id = "evt_x", type = "payment.refunded", orderUuid = Guid.NewGuid() }) })
            await (await _client.PostWebhook(bad, Sign(KassaFactory.SandboxSecret, bad, Now))).ExpectProblem(HttpStatusCode.BadRequest);
    }
}
