using System.Net;
using Kassa.Idempotency;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>A request whose Idempotency-Key is held by another request still running is a 409.</summary>
public sealed class IdempotencyInProgressTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Same_key_while_the_first_request_is_in_progress_is_409_and_creates_nothing()
    {
        var client = factory.Anonymous();
        var (uuid, _) = await client.VoogCart((StarChart, 1));
        var body = new { gateway_code = "offline" };
        var path = $"{VoogCarts}/{uuid}/checkout";

        // Stand in for a first request that has claimed the key and not finished: the claim it makes.
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = factory.Services };
        http.Request.Method = "POST";
        http.Request.Path = path;
        http.Request.Headers[IdempotencyKey.Header] = "in-flight";
        var key = IdempotencyKey.From(http.Request, "voog-checkout", new Kassa.Ordering.VoogCheckoutRequest("offline", null, null))!;
        await using (factory.Scope(out var db))
        {
            Assert.Null(await key.ClaimAsync(db, factory.Clock.GetUtcNow().UtcDateTime, CancellationToken.None));
        }

        var duplicate = await client.Send(HttpMethod.Post, path, body, "in-flight");
        await duplicate.ExpectProblem(HttpStatusCode.Conflict, text: "in progress");
        Assert.Equal(0, await factory.OrderCountForCart(uuid));

        // Once the claim is abandoned long enough, the key works again.
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        var retried = await client.Send(HttpMethod.Post, path, body, "in-flight");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, await factory.OrderCountForCart(uuid));
    }
}
