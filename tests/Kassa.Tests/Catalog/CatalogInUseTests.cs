using System.Net;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

/// <summary>Catalog objects that carts refer to can still be deleted; the carts let go of them.</summary>
public sealed class CatalogInUseTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Deleting_what_a_cart_uses_is_204_and_the_cart_stays_readable()
    {
        var anonymous = factory.Anonymous();
        var cart = await (await anonymous.PostJson($"{VoogApi}/carts?include=items", $$"""
            {"items":[{"product_id":{{IonDrive}},"quantity":1},{"product_id":{{RedShirt}},"quantity":2}],"shipping_method_id":1,"discount_code":"XMAS"}
            """)).Expect(HttpStatusCode.Created);
        var uuid = cart.Str("uuid");
        Assert.Equal("XMAS", cart.Str("discount_code"));

        var admin = factory.Admin();
        foreach (var path in new[] { $"{DiscountsPath}/1", $"{ShippingPath}/1", $"{ProductsPath}/{IonDrive}" })
            await (await admin.DeleteAsync(path)).Expect(HttpStatusCode.NoContent);

        var after = await (await anonymous.GetAsync($"{VoogApi}/carts/{uuid}?include=items")).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("discount_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("shipping_method_id").ValueKind);
        var items = after.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal(RedShirt, items[0].GetProperty("product_id").GetInt64());
    }
}
