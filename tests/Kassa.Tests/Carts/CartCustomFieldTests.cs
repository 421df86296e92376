using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>Custom fields of every kind, and a required one with Voog's is_initial.</summary>
public sealed class CartCustomFieldTests(KassaFactory factory) : IClassFixture<KassaFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.Anonymous();

    public Task InitializeAsync() => factory.PutSettings(new
    {
        custom_fields = new object[]
        {
            new { key = "a-date", label = "Please enter a date", kind = "date" },
            new { key = "a-time", label = "Please enter a time", kind = "time" },
            new { key = "a-checkbox", label = "Subscribe to the newsletter", kind = "checkbox" },
            new { key = "a-text", label = "Anything else?", kind = "text" },
            new { key = "b-text", label = "And more?", kind = "text" },
            new { key = "po-number", label = "Purchase order number", kind = "text", required = true },
        },
    });

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> InitialCart(object? values = null) =>
        (await _client.CreateVoogCart(new { is_initial = true, items = new[] { new { product_id = 3, quantity = 1 } }, custom_field_values = values })).Uuid;

    [Fact]
    public async Task Values_of_every_kind_are_stored_in_canonical_form()
    {
        var (_, cart, _) = await _client.CreateVoogCart(new
        {
            custom_field_values = new Dictionary<string, object>
            {
                ["a-date"] = "2021-03-03",
                ["a-time"] = "05:40",
                ["a-checkbox"] = true,
                ["a-text"] = "Leave by the door",
                ["po-number"] = "PO-1",
            },
        });
        var values = cart.GetProperty("custom_field_values");
        Assert.Equal("2021-03-03", values.Str("a-date"));
        Assert.Equal("05:40:00", values.Str("a-time"));
        Assert.True(values.GetProperty("a-checkbox").GetBoolean());
        Assert.Equal("Leave by the door", values.Str("a-text"));
        Assert.Equal("PO-1", values.Str("po-number"));

        var metadata = cart.GetProperty("custom_field_metadata");
        Assert.Equal(("Please enter a time", "time"), (metadata.GetProperty("a-time").Str("label"), metadata.GetProperty("a-time").Str("kind")));
        Assert.Equal("text", metadata.GetProperty("a-text").Str("kind"));
        Assert.True(metadata.GetProperty("po-number").GetProperty("required").GetBoolean());
        Assert.False(metadata.GetProperty("a-date").GetProperty("required").GetBoolean());
    }

    [Theory]
    [InlineData("a-date", "\"2021-02-30\"", "YYYY-MM-DD")]
    [InlineData("a-date", "\"03/03/2021\"", "YYYY-MM-DD")]
    [InlineData("a-date", "20210303", "YYYY-MM-DD")]
    [InlineData("a-time", "\"25:00\"", "HH:MM")]
    [InlineData("a-time", "\"5pm\"", "HH:MM")]
    [InlineData("a-checkbox", "\"true\"", "true or false")]
    [InlineData("a-checkbox", "1", "true or false")]
    [InlineData("a-text", "42", "text")]
    [InlineData("a-text", "{\"x\":1}", "text")]
    [InlineData("unknown-key", "\"x\"", "po-number")]
    public async Task A_value_of_the_wrong_kind_is_refused(string key, string json, string hint)
    {
        var uuid = await InitialCart();
        var before = await _client.Snapshot(uuid);
        await (await _client.PutAsync($"{Voog}/{uuid}", Json($$$"""{"is_initial":true,"custom_field_values":{"{{{key}}}":{{{json}}}}}""")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, $"custom_field_values.{key}", hint);
        Assert.Equal(before, await _client.Snapshot(uuid));
    }

    [Fact]
    public async Task Text_longer_than_the_limit_is_refused()
    {
        var uuid = await InitialCart();
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { is_initial = true, custom_field_values = new Dictionary<string, object> { ["a-text"] = new string('x', 2001) } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.a-text", "2000");
    }

    [Fact]
    public async Task Values_too_large_to_store_together_are_refused_on_every_database()
    {
        // Each text fits its own limit, but stored as JSON (non-ASCII escaped) they exceed the column.
        var uuid = await InitialCart();
        var before = await _client.Snapshot(uuid);
        var euros = new string('€', 2000);
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { is_initial = true, custom_field_values = new Dictionary<string, object> { ["a-text"] = euros, ["b-text"] = euros } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values", "too large");
        Assert.Equal(before, await _client.Snapshot(uuid));

        // One of them alone is fine, and comes back as sent.
        var cart = await _client.PutVoog(uuid, new { is_initial = true, custom_field_values = new Dictionary<string, object> { ["a-text"] = euros } });
        Assert.Equal(euros, cart.GetProperty("custom_field_values").Str("a-text"));
        // Text with a NUL character cannot be stored by PostgreSQL; it is refused everywhere.
        await (await _client.PutAsync($"{Voog}/{uuid}", Json("""{"is_initial":true,"custom_field_values":{"b-text":"a\u0000b"}}""")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.b-text");
    }

    [Fact]
    public async Task A_required_field_is_enforced_unless_is_initial()
    {
        var before = await factory.CartCount();
        await (await _client.PostAsJsonAsync(Voog, new { items = new[] { new { product_id = 3, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.po-number", "is_initial");
        Assert.Equal(before, await factory.CartCount());

        var uuid = await InitialCart();
        var cart = await _client.GetVoog(uuid);
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        // A final-state PUT without the value is refused and changes nothing…
        var snapshot = await _client.Snapshot(uuid);
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { note = "final" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.po-number");
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { custom_field_values = new Dictionary<string, object> { ["po-number"] = "   " } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.po-number");
        Assert.Equal(snapshot, await _client.Snapshot(uuid));

        // …with is_initial it is accepted but the cart cannot be checked out yet…
        cart = await _client.PutVoog(uuid, new { is_initial = true, note = "draft" });
        Assert.Equal("draft", cart.Str("note"));
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        // …and once the value is there, it can.
        cart = await _client.PutVoog(uuid, new { custom_field_values = new Dictionary<string, object> { ["po-number"] = "PO-77" } });
        Assert.Equal("PO-77", cart.GetProperty("custom_field_values").Str("po-number"));
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        cart = await _client.PutVoog(uuid, new { note = "final" });
        Assert.Equal("final", cart.Str("note"));

        // Removing the value again needs is_initial.
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { custom_field_values = new Dictionary<string, object?> { ["po-number"] = null } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.po-number");
    }

    [Fact]
    public async Task Outshifter_writes_do_not_need_Voog_custom_fields()
    {
        var id = await _client.CreateOutshifterCart();
        await _client.AddOutshifter(id, new { product_id = 3, quantity = 1 });
        var cart = await _client.GetVoog(id);
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.Empty(cart.GetProperty("custom_field_values").EnumerateObject());
    }
}
