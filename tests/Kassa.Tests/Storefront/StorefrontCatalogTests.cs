using System.Net;
using System.Net.Http.Json;
using static Kassa.Tests.Storefront.StorefrontTestApi;

namespace Kassa.Tests.Storefront;

/// <summary>
/// The public catalog on the demo catalog, read anonymously. This class only reads its store; tests that change the
/// catalog run on a store of their own.
/// </summary>
public sealed class StorefrontCatalogTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _shopper = factory.Anonymous();

    [Fact]
    public async Task Lists_live_products_with_their_variants_prices_and_availability_but_never_a_stock_count()
    {
        var (list, response) = await _shopper.Read(Products);

        Assert.Equal([1L, 2, 3, 4, 5], list.Ids());
        Assert.Equal("5", response.Header("X-Total-Count"));
        var ion = list.WithId(1);
        Assert.Equal("Ion drive", ion.Text("name"));
        Assert.False(ion.GetProperty("is_variant").GetBoolean());
        var price = ion.GetProperty("price");
        Assert.Equal(("EUR", "2475.25", "24.75", "2500.00", "1"),
            (price.Text("currency"), price.Text("net"), price.Text("tax"), price.Text("gross"), price.Text("tax_rate")));
        // A product without a rate of its own is taxed at the store's default.
        Assert.Equal("20", list.WithId(2).GetProperty("price").Text("tax_rate"));

        var shirt = list.WithId(5);
        Assert.Equal([6L, 7], shirt.GetProperty("variants").Ids());
        var red = shirt.GetProperty("variants").WithId(6);
        Assert.True(red.GetProperty("is_variant").GetBoolean());
        Assert.Equal(5, red.GetProperty("parent_id").GetInt64());
        Assert.Equal("Color: Red", red.Text("variant_attributes_text"));
        Assert.Equal("Red", red.GetProperty("variant_attributes")[0].GetProperty("variant_value").Text("name"));
        Assert.Empty(red.GetProperty("variants").EnumerateArray());

        // Stock 10, untracked, 20, 0.
        Assert.Equal("in_stock", ion.Text("availability"));
        Assert.Equal("not_tracked", list.WithId(3).Text("availability"));
        Assert.Equal("in_stock", red.Text("availability"));
        Assert.Equal("out_of_stock", shirt.GetProperty("variants").WithId(7).Text("availability"));
        Assert.DoesNotContain(PropertyNames(list), n => n.Contains("stock", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(PropertyNames(list), n => n is "status" or "created_at" or "updated_at" or "shipping");
    }

    [Fact]
    public async Task One_product_or_variant_is_read_by_its_id()
    {
        var (shirt, _) = await _shopper.Read($"{Products}/5");
        Assert.Equal("Mission T-shirt", shirt.Text("name"));
        Assert.Equal([6L, 7], shirt.GetProperty("variants").Ids());

        var (blue, _) = await _shopper.Read($"{Products}/7");
        Assert.Equal(5, blue.GetProperty("parent_id").GetInt64());
        Assert.Equal("out_of_stock", blue.Text("availability"));
        Assert.DoesNotContain(PropertyNames(blue), n => n.Contains("stock", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("999")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public async Task A_product_that_does_not_exist_is_a_404_problem(string id) =>
        await (await _shopper.GetAsync($"{Products}/{id}")).ExpectProblem(HttpStatusCode.NotFound, text: $"Product '{id}' does not exist");

    [Fact]
    public async Task Pages_like_the_admin_lists()
    {
        var (first, response) = await _shopper.Read($"{Products}?per_page=2");
        Assert.Equal([1L, 2], first.Ids());
        Assert.Equal("5", response.Header("X-Total-Count"));
        Assert.Contains("page=2", response.Header("Link"));
        Assert.Contains("rel=\"next\"", response.Header("Link"));
        Assert.Contains("rel=\"last\"", response.Header("Link"));

        // The variants come with their product, whatever the page.
        var (third, _) = await _shopper.Read($"{Products}?page=3&per_page=2");
        Assert.Equal([5L], third.Ids());
        Assert.Equal([6L, 7], third.WithId(5).GetProperty("variants").Ids());
        var (beyond, _) = await _shopper.Read($"{Products}?page=4&per_page=2");
        Assert.Empty(beyond.EnumerateArray());
    }

    [Theory]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=251", "per_page")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("language_code=e!", "language_code")]
    [InlineData("currency=EURO", "currency")]
    [InlineData("currency=GBP", "currency")]
    public async Task A_bad_query_is_a_400_problem_naming_it(string query, string field)
    {
        await (await _shopper.GetAsync($"{Products}?{query}")).ExpectProblem(HttpStatusCode.BadRequest, field);
        if (!query.StartsWith("page", StringComparison.Ordinal) && !query.StartsWith("per_page", StringComparison.Ordinal))
            await (await _shopper.GetAsync($"{Products}/1?{query}")).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Names_follow_language_code_and_translations_come_with_include()
    {
        var (plain, _) = await _shopper.Read(Products);
        Assert.DoesNotContain("translations", PropertyNames(plain));

        var (estonian, _) = await _shopper.Read($"{Products}?language_code=et");
        Assert.Equal("Ioonmootor", estonian.WithId(1).Text("name"));
        Assert.Equal("Missiooni T-särk", estonian.WithId(5).GetProperty("variants").WithId(6).Text("name"));
        // Without a translation in that language, the product's own name.
        Assert.Equal("Gift card", estonian.WithId(4).Text("name"));
        Assert.Equal("Ion drive", (await _shopper.Read($"{Products}/1?language_code=fi")).Body.Text("name"));

        var (translated, _) = await _shopper.Read($"{Products}?include=translations");
        var names = translated.WithId(1).GetProperty("translations").GetProperty("name");
        Assert.Equal(("Ion drive", "Ioonmootor"), (names.Text("en"), names.Text("et")));
        // A product without translations has its name in the store's first language, as in a Voog cart.
        var giftCard = translated.WithId(4).GetProperty("translations").GetProperty("name");
        Assert.Equal(["en"], giftCard.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Ioonmootor", (await _shopper.Read($"{Products}/1?language_code=et&include=translations")).Body.Text("name"));
    }

    [Fact]
    public async Task Prices_in_another_currency_the_store_sells_in()
    {
        var (usd, _) = await _shopper.Read($"{Products}?currency=usd");
        var ion = usd.WithId(1).GetProperty("price");
        // 2690.00 at 1 %.
        Assert.Equal(("USD", "2690.00", "26.90", "2716.90"), (ion.Text("currency"), ion.Text("net"), ion.Text("tax"), ion.Text("gross")));
        // The star chart has no USD price: it is not sold in USD.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, usd.WithId(3).GetProperty("price").ValueKind);
    }

    [Fact]
    public async Task The_store_tells_its_currency_entry_mode_shipping_and_payment_methods()
    {
        var (store, response) = await _shopper.Read(Store);

        Assert.Equal("EUR", store.Text("default_currency"));
        Assert.Equal(["EUR", "USD", "NOK"], store.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("net", store.Text("price_entry_mode"));
        Assert.Equal("20", store.Text("default_tax_rate"));
        Assert.Equal(["en", "et"], store.GetProperty("languages").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["delivery-date", "gift-wrap"], store.GetProperty("custom_fields").EnumerateArray().Select(f => f.Text("key")));

        var methods = store.GetProperty("shipping_methods");
        Assert.Equal([1L, 2], methods.Ids());
        var postal = methods.WithId(1).GetProperty("price");
        Assert.Equal(("3.50", "0.70", "4.20", "20"), (postal.Text("net"), postal.Text("tax"), postal.Text("gross"), postal.Text("tax_rate")));
        var advanced = methods.WithId(2);
        Assert.Equal(["EE", "FI", "NO", "SE"], advanced.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, advanced.GetProperty("price").ValueKind);
        var express = advanced.GetProperty("options").EnumerateArray().Single(o => o.Text("name") == "express").GetProperty("price");
        Assert.Equal(("7.50", "9.00"), (express.Text("net"), express.Text("gross")));

        // The configured providers: offline by default, sandbox because the tests set its secret.
        Assert.Equal(["offline:offline", "sandbox:sandbox"],
            store.GetProperty("payment_methods").EnumerateArray().Select(m => $"{m.Text("gateway_code")}:{m.Text("code")}"));
        Assert.Equal("public, max-age=60", response.Header("Cache-Control"));
        Assert.DoesNotContain(PropertyNames(store), n => n is "enabled" or "last_order_number" or "created_at" or "updated_at");
    }

    [Fact]
    public async Task Drafts_and_disabled_shipping_methods_are_never_shown_and_a_change_is_seen_at_once()
    {
        await using var own = await KassaFactory.CreateAsync();
        var (admin, shopper) = (own.Admin(), own.Anonymous());
        // Read first, so the answers that follow must not be the ones kept from before the changes.
        Assert.Equal([1L, 2, 3, 4, 5], (await shopper.Read(Products)).Body.Ids());
        Assert.Equal([1L, 2], (await shopper.Read(Store)).Body.GetProperty("shipping_methods").Ids());
        await shopper.Read($"{Products}/2");

        var draft = await Create(admin, new { name = "Secret prototype", price = 1m, status = "draft" });
        var underDraft = await Create(admin, new { name = "Prototype, red", price = 1m, parent_id = draft });
        var draftVariant = await Create(admin, new { name = "Mission T-shirt", price = 19.90m, parent_id = 5, status = "draft" });
        await (await admin.PutAsJsonAsync($"{Admin}/products/2", new { status = "draft" })).Expect(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync($"{Admin}/shipping_methods/1", new { enabled = false })).Expect(HttpStatusCode.OK);

        var (list, response) = await shopper.Read(Products);
        Assert.Equal([1L, 3, 4, 5], list.Ids());
        Assert.Equal("4", response.Header("X-Total-Count"));
        Assert.Equal([6L, 7], list.WithId(5).GetProperty("variants").Ids());
        var (second, secondResponse) = await shopper.Read($"{Products}?page=2&per_page=2");
        Assert.Equal([4L, 5], second.Ids());
        Assert.Equal("4", secondResponse.Header("X-Total-Count"));
        foreach (var id in new[] { 2, draft, underDraft, draftVariant })
            await (await shopper.GetAsync($"{Products}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal([2L], (await shopper.Read(Store)).Body.GetProperty("shipping_methods").Ids());

        // Live again, shown again.
        await (await admin.PutAsJsonAsync($"{Admin}/products/{draft}", new { status = "live" })).Expect(HttpStatusCode.OK);
        var (again, _) = await shopper.Read(Products);
        Assert.Equal([1L, 3, 4, 5, draft], again.Ids());
        Assert.Equal([underDraft], again.WithId(draft).GetProperty("variants").Ids());
        Assert.Equal(draft, (await shopper.Read($"{Products}/{underDraft}")).Body.GetProperty("parent_id").GetInt64());
    }

    private static async Task<long> Create(HttpClient admin, object product) =>
        (await (await admin.PostAsJsonAsync($"{Admin}/products", product)).Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
}
