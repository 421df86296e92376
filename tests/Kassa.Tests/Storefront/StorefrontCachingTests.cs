using System.Net;
using System.Net.Http.Json;
using static Kassa.Tests.Storefront.StorefrontTestApi;

namespace Kassa.Tests.Storefront;

/// <summary>The public reads are cacheable: a strong ETag, If-None-Match → 304, a short public max-age.</summary>
public sealed class StorefrontCachingTests(KassaFactory shared) : IClassFixture<KassaFactory>
{
    public static TheoryData<string> Paths() => [Products, $"{Products}?per_page=2&language_code=et", $"{Products}/5", $"{Products}/6?include=translations", Store, $"{Store}?currency=usd&country=fi"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_strong_etag_answers_if_none_match_with_304_until_something_changes(string path)
    {
        // The paths share a host; each one's change is a switch of the store's entry mode from whatever the last left.
        var shopper = shared.Anonymous();
        var admin = shared.Admin();

        var (body, first) = await shopper.Read(path);
        var tag = first.Headers.ETag!;
        Assert.False(tag.IsWeak);
        Assert.Equal("public, max-age=60", first.Header("Cache-Control"));
        Assert.Equal("Origin", first.Header("Vary"));

        foreach (var sent in new[] { tag.Tag, $"W/{tag.Tag}", $"\"other\", {tag.Tag}", "*" })
        {
            var again = await Conditional(shopper, path, sent);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(tag, again.Headers.ETag);
            Assert.Equal("public, max-age=60", again.Header("Cache-Control"));
        }
        var other = await Conditional(shopper, path, "\"other\"");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(body.ToString(), (await other.Expect(HttpStatusCode.OK)).ToString());
        Assert.Equal(tag, other.Headers.ETag);

        // A change of anything the answer shows (here the store's entry mode, which moves every price) is a new answer.
        var mode = (await (await admin.GetAsync($"{Admin}/settings")).Expect(HttpStatusCode.OK)).Text("price_entry_mode");
        await (await admin.PutAsJsonAsync($"{Admin}/settings", new { price_entry_mode = mode == "net" ? "gross" : "net" })).Expect(HttpStatusCode.OK);
        var changed = await Conditional(shopper, path, tag.Tag);
        var changedBody = await changed.Expect(HttpStatusCode.OK);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.NotEqual(body.ToString(), changedBody.ToString());
    }

    [Fact]
    public async Task A_product_change_changes_the_lists_and_the_products_etag_only()
    {
        await using var own = await KassaFactory.CreateAsync();
        var shopper = own.Anonymous();
        var list = (await shopper.Read(Products)).Response.Headers.ETag!;
        var ion = (await shopper.Read($"{Products}/1")).Response.Headers.ETag!;
        var suit = (await shopper.Read($"{Products}/2")).Response.Headers.ETag!;

        await (await own.Admin().PutAsJsonAsync($"{Admin}/products/1", new { price = 2000m })).Expect(HttpStatusCode.OK);

        var (newList, listResponse) = await shopper.Read(Products);
        Assert.NotEqual(list, listResponse.Headers.ETag);
        Assert.Equal("2000.00", newList.WithId(1).GetProperty("price").Text("net"));
        Assert.NotEqual(ion, (await shopper.Read($"{Products}/1")).Response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(shopper, $"{Products}/2", suit.Tag)).StatusCode);

        // A purchase moves stock, and with it availability: the variant's answer changes when its last unit is sold.
        await (await own.Admin().PutAsJsonAsync($"{Admin}/products/6", new { stock = 0 })).Expect(HttpStatusCode.OK);
        Assert.Equal("out_of_stock", (await shopper.Read($"{Products}/6")).Body.Text("availability"));
    }

    [Fact]
    public async Task The_same_answer_has_the_same_etag_on_another_instance()
    {
        await using var own = await KassaFactory.CreateAsync();
        own.KeepDatabase = true;
        var first = (await own.Anonymous().Read(Products)).Response.Headers.ETag;
        var firstStore = (await own.Anonymous().Read(Store)).Response.Headers.ETag;

        // Disposed first, it drops the database the first one keeps.
        await using var second = KassaFactory.OnDatabaseOf(own);
        Assert.Equal(first, (await second.Anonymous().Read(Products)).Response.Headers.ETag);
        Assert.Equal(firstStore, (await second.Anonymous().Read(Store)).Response.Headers.ETag);
    }

    [Theory]
    [InlineData("0", "public, max-age=0")]
    [InlineData("5", "public, max-age=5")]
    [InlineData("86400", "public, max-age=86400")]
    public async Task Max_age_is_configurable(string seconds, string expected)
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:Storefront:MaxAgeSeconds", seconds));
        Assert.Equal(expected, (await own.Anonymous().Read(Products)).Response.Header("Cache-Control"));
        Assert.Equal(expected, (await own.Anonymous().Read(Store)).Response.Header("Cache-Control"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("86401")]
    public async Task A_max_age_out_of_range_stops_start_up_with_a_sentence(string seconds)
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:Storefront:MaxAgeSeconds", seconds));
        var error = Assert.ThrowsAny<Exception>(() => own.CreateClient());
        Assert.Contains($"Kassa:Storefront:MaxAgeSeconds (Kassa__Storefront__MaxAgeSeconds) is {seconds}; use 0 to 86400", Messages(error));
    }

    /// <summary>An error's message and those it wraps: the host may hand start-up's exception on inside another.</summary>
    internal static string Messages(Exception? e) => e is null ? "" : $"{e.Message} | {Messages(e.InnerException)}";
}
