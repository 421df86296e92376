using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Catalog;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Carts;

/// <summary>A store of its own, since it changes the store's languages.</summary>
public sealed class VoogTranslationTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_product_without_translations_is_named_in_the_stores_first_language()
    {
        await (await factory.Admin().PutAsJsonAsync(CatalogApi.SettingsPath, new { languages = new[] { "et", "en" } })).Expect(HttpStatusCode.OK);
        var client = factory.Anonymous();
        var (uuid, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = 1, quantity = 1 }, new { product_id = 4, quantity = 1 } } });

        var items = (await client.GetVoog(uuid, "include=items,translations")).Items();
        var giftCard = items[1].GetProperty("translations").GetProperty("name");
        Assert.Equal("Gift card", items[1].Str("product_name"));
        Assert.Equal(["et"], giftCard.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Gift card", giftCard.Str("et"));
        // A product with translations lists its own, whatever the store's order.
        Assert.Equal("Ioonmootor", items[0].GetProperty("translations").GetProperty("name").Str("et"));
        Assert.Equal("Ion drive", items[0].GetProperty("translations").GetProperty("name").Str("en"));
    }
}
