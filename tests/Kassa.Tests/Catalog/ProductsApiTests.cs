using System.Net;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

public sealed class ProductsApiTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Create_answers_201_with_a_location_and_stores_every_field()
    {
        var response = await _admin.PostJson(ProductsPath, """
            {
              "name": "  Warp coil  ",
              "sku": "WARP-1",
              "description": "Bends space a little.",
              "price": "1234.50",
              "prices": { "usd": 1399, "JPY": "180000", "NOK": 14999.9 },
              "tax_rate": 9.5,
              "stock": 3,
              "status": "draft",
              "image_url": "https://cdn.example.com/warp.png",
              "translations": { "name": { "en": "Warp coil", "et": "Lõimepool" } },
              "shipping": { "flat_rate": 12.5, "country_rates": { "no": 30, "FI": "7.25" } }
            }
            """);
        var created = await response.Expect(HttpStatusCode.Created);
        var id = created.Id();

        Assert.Equal($"{ProductsPath}/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("Warp coil", created.Str("name"));
        Assert.Equal("WARP-1", created.Str("sku"));
        Assert.Equal("Bends space a little.", created.Str("description"));
        Assert.Equal("1234.5", created.Str("price"));
        Assert.Equal("EUR", created.Str("currency"));
        var prices = created.GetProperty("prices");
        Assert.Equal(["JPY", "NOK", "USD"], prices.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("1399.0", prices.Str("USD"));
        Assert.Equal("180000.0", prices.Str("JPY"));
        Assert.Equal("14999.9", prices.Str("NOK"));
        Assert.Equal("9.5", created.Str("tax_rate"));
        Assert.Equal(3, created.GetProperty("stock").GetInt32());
        Assert.Equal("draft", created.Str("status"));
        Assert.False(created.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("parent_id").ValueKind);
        Assert.False(created.GetProperty("is_variant").GetBoolean());
        Assert.Equal(0, created.GetProperty("variant_attributes").GetArrayLength());
        Assert.Equal("https://cdn.example.com/warp.png", created.Str("image_url"));
        Assert.Equal("Lõimepool", created.GetProperty("translations").GetProperty("name").Str("et"));
        var shipping = created.GetProperty("shipping");
        Assert.Equal("12.5", shipping.Str("flat_rate"));
        Assert.Equal("30.0", shipping.GetProperty("country_rates").Str("NO"));
        Assert.Equal("7.25", shipping.GetProperty("country_rates").Str("FI"));
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, created.GetProperty("created_at").GetDateTime().ToUniversalTime());

        // The Location answers the same product; the database holds exact decimals.
        var fetched = await (await _admin.GetAsync(response.Headers.Location)).Expect(HttpStatusCode.OK);
        Assert.Equal(created.ToString(), fetched.ToString());
        await using var scope = factory.Scope(out var db);
        var stored = await db.Products.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal(1234.50m, stored.Price);
        Assert.Equal(14999.9m, stored.Prices["NOK"]);
        Assert.Equal(7.25m, stored.FlatShippingRates["FI"]);
        Assert.Equal(9.5m, stored.TaxRate);
    }

    [Fact]
    public async Task Get_answers_a_demo_product_in_voog_money_strings()
    {
        var ion = await (await _admin.GetAsync($"{ProductsPath}/{IonDrive}")).Expect(HttpStatusCode.OK);

        Assert.Equal(IonDrive, ion.Id());
        Assert.Equal("Ion drive", ion.Str("name"));
        Assert.Equal("2475.25", ion.Str("price"));
        Assert.Equal("1.0", ion.Str("tax_rate"));
        Assert.Equal("2690.0", ion.GetProperty("prices").Str("USD"));
        Assert.Equal("Ioonmootor", ion.GetProperty("translations").GetProperty("name").Str("et"));
        Assert.Equal("25.0", ion.GetProperty("shipping").Str("flat_rate"));
        Assert.Equal("40.0", ion.GetProperty("shipping").GetProperty("country_rates").Str("NO"));
        Assert.True(ion.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Partial_update_changes_only_the_given_fields()
    {
        var created = await (await _admin.PostJson(ProductsPath, """
            {"name":"Hull plate","sku":"HULL","price":10,"tax_rate":20,"stock":4,"prices":{"USD":11},
             "translations":{"name":{"et":"KerePlaat"}},"shipping":{"flat_rate":2,"country_rates":{"EE":1}}}
            """)).Expect(HttpStatusCode.Created);
        var id = created.Id();
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await (await _admin.PutJson($"{ProductsPath}/{id}", """{"price":12.75,"stock":null}""")).Expect(HttpStatusCode.OK);

        Assert.Equal("12.75", updated.Str("price"));
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("stock").ValueKind);
        Assert.True(updated.GetProperty("available").GetBoolean());
        // Left alone:
        Assert.Equal("Hull plate", updated.Str("name"));
        Assert.Equal("HULL", updated.Str("sku"));
        Assert.Equal("20.0", updated.Str("tax_rate"));
        Assert.Equal("11.0", updated.GetProperty("prices").Str("USD"));
        Assert.Equal("KerePlaat", updated.GetProperty("translations").GetProperty("name").Str("et"));
        Assert.Equal("2.0", updated.GetProperty("shipping").Str("flat_rate"));
        Assert.Equal(created.GetProperty("created_at").GetDateTime(), updated.GetProperty("created_at").GetDateTime());
        Assert.Equal(created.GetProperty("created_at").GetDateTime().AddMinutes(5), updated.GetProperty("updated_at").GetDateTime());

        // Explicit nulls clear; maps are replaced as a whole.
        updated = await (await _admin.PutJson($"{ProductsPath}/{id}", """
            {"sku":null,"tax_rate":null,"prices":{"NOK":120},"translations":{"name":{"en":"Hull plate"}},"shipping":null}
            """)).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("sku").ValueKind);
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("tax_rate").ValueKind);
        Assert.Equal(["NOK"], updated.GetProperty("prices").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["en"], updated.GetProperty("translations").GetProperty("name").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("shipping").GetProperty("flat_rate").ValueKind);
        Assert.Empty(updated.GetProperty("shipping").GetProperty("country_rates").EnumerateObject());

        var fetched = await (await _admin.GetAsync($"{ProductsPath}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(updated.ToString(), fetched.ToString());
        await using var scope = factory.Scope(out var db);
        Assert.Equal(3, (await db.Products.AsNoTracking().SingleAsync(p => p.Id == id)).Version);
    }

    [Fact]
    public async Task Empty_update_changes_nothing_but_answers_the_product()
    {
        var before = await (await _admin.GetAsync($"{ProductsPath}/{GiftCard}")).Expect(HttpStatusCode.OK);
        var after = await (await _admin.PutJson($"{ProductsPath}/{GiftCard}", "{}")).Expect(HttpStatusCode.OK);
        Assert.Equal(before.ToString(), after.ToString());
    }

    [Fact]
    public async Task Delete_answers_204_and_then_the_product_is_gone()
    {
        var id = (await (await _admin.PostJson(ProductsPath, """{"name":"Doomed","price":1}""")).Expect(HttpStatusCode.Created)).Id();

        var deleted = await _admin.DeleteAsync($"{ProductsPath}/{id}");
        await deleted.Expect(HttpStatusCode.NoContent);
        Assert.Equal(0, deleted.Content.Headers.ContentLength ?? 0);

        await (await _admin.GetAsync($"{ProductsPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound, title: "Not Found");
        await (await _admin.PutJson($"{ProductsPath}/{id}", """{"price":2}""")).ExpectProblem(HttpStatusCode.NotFound);
        await (await _admin.DeleteAsync($"{ProductsPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.Count(db => db.Products.Where(p => p.Id == id)));
    }

    [Fact]
    public async Task Variants_hang_off_a_parent_with_voog_variant_attributes()
    {
        var parentId = (await (await _admin.PostJson(ProductsPath, """{"name":"Helmet","price":120}""")).Expect(HttpStatusCode.Created)).Id();

        var variant = await (await _admin.PostJson(ProductsPath, $$$"""
            {"name":"Helmet","price":125,"parent_id":{{{parentId}}},"stock":2,
             "variant_attributes":[
               {"variant_type":{"id":1,"name":"Size"},"variant_value":{"id":11,"name":" L "}},
               {"variant_type":{"name":"Color"},"variant_value":{"name":"White"}}]}
            """)).Expect(HttpStatusCode.Created);

        Assert.Equal(parentId, variant.GetProperty("parent_id").GetInt64());
        Assert.True(variant.GetProperty("is_variant").GetBoolean());
        Assert.Equal("Size: L, Color: White", variant.Str("variant_attributes_text"));
        var first = variant.GetProperty("variant_attributes")[0];
        Assert.Equal(1, first.GetProperty("variant_type").GetProperty("id").GetInt64());
        Assert.Equal("Size", first.GetProperty("variant_type").Str("name"));
        Assert.Equal(11, first.GetProperty("variant_value").GetProperty("id").GetInt64());
        Assert.Equal("L", first.GetProperty("variant_value").Str("name"));
        Assert.Equal(JsonValueKind.Null, variant.GetProperty("variant_attributes")[1].GetProperty("variant_type").GetProperty("id").ValueKind);

        var listed = await (await _admin.GetAsync($"{ProductsPath}?q.product.parent_id.$eq={parentId}")).Expect(HttpStatusCode.OK);
        Assert.Equal([variant.Id()], listed.Ids());

        // The parent cannot go while it has variants; the variant can, and then the parent can.
        await (await _admin.DeleteAsync($"{ProductsPath}/{parentId}")).ExpectProblem(HttpStatusCode.Conflict, title: "Conflict");
        await (await _admin.GetAsync($"{ProductsPath}/{parentId}")).Expect(HttpStatusCode.OK);
        await (await _admin.DeleteAsync($"{ProductsPath}/{variant.Id()}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.DeleteAsync($"{ProductsPath}/{parentId}")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_variant_that_leaves_its_parent_loses_its_attributes()
    {
        var variant = await (await _admin.PostJson(ProductsPath, $$$"""
            {"name":"Shirt, green","price":19.9,"parent_id":{{{Shirt}}},
             "variant_attributes":[{"variant_type":{"name":"Color"},"variant_value":{"name":"Green"}}]}
            """)).Expect(HttpStatusCode.Created);

        var standalone = await (await _admin.PutJson($"{ProductsPath}/{variant.Id()}", """{"parent_id":null}""")).Expect(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, standalone.GetProperty("parent_id").ValueKind);
        Assert.False(standalone.GetProperty("is_variant").GetBoolean());
        Assert.Equal(0, standalone.GetProperty("variant_attributes").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, standalone.GetProperty("variant_attributes_text").ValueKind);
    }

    [Theory]
    [InlineData("12", "12.0")]
    [InlineData("\"12\"", "12.0")]
    [InlineData("12.10", "12.1")]
    [InlineData("\"1658.42\"", "1658.42")]
    [InlineData("0", "0.0")]
    [InlineData("999999999999.99", "999999999999.99")]
    public async Task Amounts_are_accepted_as_numbers_or_numeric_strings_and_answered_as_voog_strings(string sent, string answered)
    {
        var created = await (await _admin.PostJson(ProductsPath, $$"""{"name":"Priced","price":{{sent}}}""")).Expect(HttpStatusCode.Created);
        Assert.Equal(answered, created.Str("price"));
        Assert.Equal(JsonValueKind.String, created.GetProperty("price").ValueKind);
    }

    [Fact]
    public async Task Unknown_properties_are_ignored_and_read_only_ones_cannot_be_set()
    {
        var created = await (await _admin.PostJson(ProductsPath, """
            {"name":"Sneaky","price":5,"id":999,"available":false,"is_variant":true,"created_at":"2000-01-01T00:00:00Z","colour":"red"}
            """)).Expect(HttpStatusCode.Created);

        Assert.NotEqual(999, created.Id());
        Assert.True(created.GetProperty("available").GetBoolean());
        Assert.False(created.GetProperty("is_variant").GetBoolean());
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, created.GetProperty("created_at").GetDateTime().ToUniversalTime());
    }
}
