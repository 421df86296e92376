using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.Http;

/// <summary>
/// Times are answered as both seeds show them, UTC to the millisecond with always three digits
/// (<c>"2017-04-17T11:51:39.581Z"</c>), in every answer of both dialects, and the time shown is the time stored.
/// </summary>
public sealed partial class TimestampFormatTests : IAsyncLifetime
{
    private readonly KassaFactory _factory = new();

    // 10:00:00 plus 123.4567 ms: finer than a millisecond, as a real clock is.
    private static readonly TimeSpan SubMillisecond = TimeSpan.FromTicks(1_234_567);
    private const string Shown = "2026-11-23T10:00:00.123Z";

    public async Task InitializeAsync()
    {
        await _factory.InitializeAsync();
        _factory.Clock.Advance(SubMillisecond);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex SeedTime();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT")]
    private static partial Regex LooksLikeATime();

    /// <summary>Every string in the answer that is a date and time, with where it is.</summary>
    private static IEnumerable<(string Path, string Value)> Times(JsonElement e, string path = "$") => e.ValueKind switch
    {
        JsonValueKind.String when LooksLikeATime().IsMatch(e.GetString()!) => [(path, e.GetString()!)],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Times(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => e.EnumerateArray().SelectMany((x, i) => Times(x, $"{path}[{i}]")),
        _ => [],
    };

    private static void AssertSeedTimes(JsonElement answer, int atLeast)
    {
        var times = Times(answer).ToList();
        Assert.True(times.Count >= atLeast, $"Expected at least {atLeast} times in {answer}");
        foreach (var (path, value) in times)
            Assert.True(SeedTime().IsMatch(value), $"{path} is '{value}', not yyyy-MM-ddTHH:mm:ss.fffZ");
    }

    [Fact]
    public async Task Every_answer_of_both_dialects_shows_times_to_the_millisecond()
    {
        var shopper = _factory.Anonymous();
        var admin = _factory.Admin();

        var product = await (await admin.PostAsJsonAsync($"{VoogApi}/products", new { name = "Timed", price = 5 })).Expect(HttpStatusCode.Created);
        AssertSeedTimes(product, 2);
        Assert.Equal(Shown, product.GetProperty("created_at").GetString());
        AssertSeedTimes(await (await admin.GetAsync($"{VoogApi}/shipping_methods")).Expect(HttpStatusCode.OK), 2);
        AssertSeedTimes(await (await admin.GetAsync($"{VoogApi}/discounts")).Expect(HttpStatusCode.OK), 2);
        AssertSeedTimes(await (await admin.GetAsync($"{VoogApi}/settings")).Expect(HttpStatusCode.OK), 1);

        var voog = await (await shopper.PostAsJsonAsync($"{VoogApi}/carts?include=items", new
        {
            items = new[] { new { product_id = 3, quantity = 1 } },
            discount_code = "XMAS",
            shipping_method_id = 1,
            billing_address = new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" },
        })).Expect(HttpStatusCode.Created);
        AssertSeedTimes(voog, 6); // the cart's, its item's and its discount's created_at and updated_at
        Assert.Equal(Shown, voog.GetProperty("created_at").GetString());

        var outshifter = await (await shopper.PostAsJsonAsync("/api/cart", new { currency = "EUR" })).Expect(HttpStatusCode.Created);
        AssertSeedTimes(outshifter, 2);
        var cartId = outshifter.GetProperty("cart_id").GetString();
        await (await shopper.PostAsJsonAsync($"/api/cart/{cartId}/item/add", new { line_items = new[] { new { product_id = 3, quantity = 1 } } })).Expect(HttpStatusCode.OK);
        var checkout = await (await shopper.PostAsJsonAsync("/api/checkout", new { cart_id = cartId })).Expect(HttpStatusCode.Created);
        AssertSeedTimes(checkout, 4);

        var order = await (await shopper.PostAsJsonAsync($"{VoogApi}/carts/{voog.GetProperty("uuid").GetString()}/checkout", new { gateway_code = "offline" }))
            .Expect(HttpStatusCode.OK);
        AssertSeedTimes(order, 4);
        AssertSeedTimes(await (await admin.GetAsync($"{VoogApi}/orders")).Expect(HttpStatusCode.OK), 4);
    }

    [Fact]
    public async Task The_time_shown_is_the_time_stored_so_it_works_as_a_filter_value()
    {
        var admin = _factory.Admin();
        await (await admin.GetAsync($"{VoogApi}/settings")).Expect(HttpStatusCode.OK); // the demo catalog is made at 10:00:00.123
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var product = await (await admin.PostAsJsonAsync($"{VoogApi}/products", new { name = "Filtered", price = 5 })).Expect(HttpStatusCode.Created);
        var createdAt = product.GetProperty("created_at").GetString()!;

        var same = await (await admin.GetAsync($"{VoogApi}/products?q.product.created_at.$eq={createdAt}")).Expect(HttpStatusCode.OK);
        var later = await (await admin.GetAsync($"{VoogApi}/products?q.product.created_at.$gt={createdAt}")).Expect(HttpStatusCode.OK);

        Assert.Equal([product.GetProperty("id").GetInt64()], same.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Empty(later.EnumerateArray());
        await using var scope = _factory.Scope(out var db);
        var stored = await db.Products.AsNoTracking().SingleAsync(p => p.Id == product.GetProperty("id").GetInt64());
        Assert.Equal(_factory.Clock.GetUtcNow().UtcDateTime.AddTicks(-4567), stored.CreatedAt);
    }

    [Fact]
    public async Task A_time_a_client_sends_is_kept_to_the_millisecond()
    {
        var discount = await (await _factory.Admin().PostAsJsonAsync($"{VoogApi}/discounts",
            new { code = "PRECISE", amount = 5, valid_from = "2026-12-01T08:30:00.1239999Z", valid_to = "2026-12-02T10:30:00.5+02:00" })).Expect(HttpStatusCode.Created);

        Assert.Equal("2026-12-01T08:30:00.123Z", discount.GetProperty("valid_from").GetString());
        Assert.Equal("2026-12-02T08:30:00.500Z", discount.GetProperty("valid_to").GetString());
        await using var scope = _factory.Scope(out var db);
        var stored = await db.Discounts.AsNoTracking().SingleAsync(d => d.Code == "PRECISE");
        Assert.Equal(new DateTime(2026, 12, 1, 8, 30, 0, 123, DateTimeKind.Utc), stored.ValidFrom);
    }
}
