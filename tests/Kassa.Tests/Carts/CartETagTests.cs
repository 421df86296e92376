using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>ETag on every cart response; If-Match makes a write conditional, and a stale one is a 412 that changes nothing.</summary>
[Collection(SharedKassa.Carts)]
public sealed class CartETagTests(KassaFactory factory)
{
    private readonly HttpClient _client = factory.Anonymous();

    private static HttpRequestMessage Request(HttpMethod method, string url, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Fact]
    public async Task Every_cart_response_carries_a_strong_ETag_that_moves_with_each_change()
    {
        var (uuid, _, created) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        Assert.Equal("\"1\"", created);

        var get = await _client.GetAsync($"{Voog}/{uuid}");
        Assert.Equal(created, get.Headers.ETag!.Tag);
        Assert.False(get.Headers.ETag.IsWeak);

        var put = await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { note = "one" });
        await put.Expect(HttpStatusCode.OK);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);

        var add = await _client.PostAsJsonAsync($"{Outshifter}/{uuid}/item/add", new { line_items = new[] { new { product_id = 4, quantity = 1 } } });
        await add.Expect(HttpStatusCode.OK);
        Assert.Equal("\"3\"", add.Headers.ETag!.Tag);
        var item = (await add.Body()).Items("line_items")[0].Str("id");

        var update = await _client.PatchAsJsonAsync($"{Outshifter}/{uuid}/item/update/{item}", new { qty = 2 });
        await update.Expect(HttpStatusCode.OK);
        Assert.Equal("\"4\"", update.Headers.ETag!.Tag);

        var delete = await _client.PatchAsync($"{Outshifter}/{uuid}/item/delete/{item}", null);
        await delete.Expect(HttpStatusCode.OK);
        Assert.Equal("\"5\"", delete.Headers.ETag!.Tag);
        Assert.Equal("\"5\"", await _client.ETag(uuid));

        // A refused write does not move it.
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { discount_code = "NOPE" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "discount_code");
        Assert.Equal("\"5\"", await _client.ETag(uuid));
    }

    [Fact]
    public async Task PUT_with_the_current_If_Match_succeeds_and_returns_a_new_ETag()
    {
        var (uuid, _, etag) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });

        var response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}?include=items", new { items = new[] { new { product_id = 3, quantity = 4 } } }, etag));
        var cart = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(4, cart.Items()[0].GetProperty("quantity").GetInt32());
        var next = response.Headers.ETag!.Tag;
        Assert.NotEqual(etag, next);

        // The new tag is the one to send next; a list of tags matches when any does.
        response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { note = "n" }, $"\"999\", {next}"));
        await response.Expect(HttpStatusCode.OK);
        response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { note = "m" }, "*"));
        await response.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PUT_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var (uuid, _, stale) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        await _client.PutVoog(uuid, new { note = "someone else was first" });
        var before = await _client.Snapshot(uuid);

        var response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { items = new[] { new { product_id = 3, quantity = 9 } }, note = "mine" }, stale));
        var problem = await response.ExpectProblem(HttpStatusCode.PreconditionFailed, text: "\"2\"");
        Assert.Equal("Precondition Failed", problem.Str("title"));
        Assert.Equal(before, await _client.Snapshot(uuid));
        Assert.Equal("someone else was first", (await _client.GetVoog(uuid)).Str("note"));

        // A weak tag never matches a strong comparison.
        response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { note = "weak" }, "W/\"2\""));
        await response.ExpectProblem(HttpStatusCode.PreconditionFailed);
        // Nor does garbage.
        response = await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { note = "junk" }, "not-a-tag"));
        await response.ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await _client.Snapshot(uuid));
    }

    [Fact]
    public async Task Outshifter_writes_honour_If_Match_too()
    {
        var id = await _client.CreateOutshifterCart();
        var add = await _client.SendAsync(Request(HttpMethod.Post, $"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 3, quantity = 1 } } }, "\"1\""));
        await add.Expect(HttpStatusCode.OK);
        var item = (await add.Body()).Items("line_items")[0].Str("id");
        var before = await _client.Snapshot(id);

        await (await _client.SendAsync(Request(HttpMethod.Post, $"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 4, quantity = 1 } } }, "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        await (await _client.SendAsync(Request(HttpMethod.Patch, $"{Outshifter}/{id}/item/update/{item}", new { qty = 3 }, "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        await (await _client.SendAsync(Request(HttpMethod.Patch, $"{Outshifter}/{id}/item/delete/{item}", null, "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        await (await _client.SendAsync(Request(HttpMethod.Delete, $"{Outshifter}/{id}", null, "\"1\"")))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await _client.Snapshot(id));

        var update = await _client.SendAsync(Request(HttpMethod.Patch, $"{Outshifter}/{id}/item/update/{item}", new { qty = 3 }, "\"2\""));
        await update.Expect(HttpStatusCode.OK);
        Assert.Equal("\"3\"", update.Headers.ETag!.Tag);
        await (await _client.SendAsync(Request(HttpMethod.Delete, $"{Outshifter}/{id}", null, "\"3\""))).Expect(HttpStatusCode.OK);
        await (await _client.GetAsync($"{Outshifter}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stale_If_Match_from_one_dialect_is_stale_in_the_other()
    {
        var (uuid, _, etag) = await _client.CreateVoogCart(new { });
        await _client.AddOutshifter(uuid, new { product_id = 3, quantity = 1 });
        var before = await _client.Snapshot(uuid);
        await (await _client.SendAsync(Request(HttpMethod.Put, $"{Voog}/{uuid}", new { items = Array.Empty<object>() }, etag)))
            .ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await _client.Snapshot(uuid));
        Assert.Single((await _client.GetOutshifter(uuid)).Items("line_items"));
    }
}
