using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// The admin's forms edit amounts in the store's other currencies (the demo store sells in EUR, USD and NOK): a product's
/// and a shipping method's <c>prices</c>, its options', a product's flat rates, a fixed discount's <c>prices</c> and a cart
/// rule's <c>values</c>, one field per currency. Saving sends the whole map: an empty field removes its currency, a form
/// saved untouched changes nothing, and what the API refuses is shown at the field it names, with nothing saved.
/// </summary>
public sealed class AdminCurrencyFieldsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private const string Api = "/admin/api/ecommerce/v1";

    private async Task<JsonElement> Read(string path) => await (await factory.Admin().GetAsync($"{Api}/{path}")).Expect(HttpStatusCode.OK);

    private async Task<long> Create(string path, string json) => (await (await factory.Admin().PostJson($"{Api}/{path}", json)).Expect(HttpStatusCode.Created)).Id();

    private static Dictionary<string, string> Map(JsonElement e, string property) =>
        e.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>The object as the API shows it, without the time it was last saved, its maps in name order.</summary>
    private async Task<string> Stored(string path)
    {
        var node = Sorted(JsonNode.Parse((await Read(path)).GetRawText()))!.AsObject();
        node.Remove("updated_at");
        return node.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(e => Sorted(e?.DeepClone()))]),
        _ => node?.DeepClone(),
    };

    [Fact]
    public async Task A_products_price_in_NOK_is_saved_from_its_field_and_an_empty_field_removes_it()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var form = await admin.PageAsync("/admin/products/new");
        Assert.Contains(">Price (NOK)</label>", form);
        Assert.Contains(">Price (USD)</label>", form);
        Assert.DoesNotContain("name=\"prices.EUR\"", form);

        var name = $"Kettle {Guid.NewGuid():N}";
        using var created = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", name), ("price", "10"), ("prices.USD", ""), ("prices.NOK", "119,5"), ("status", "live"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = AdminSession.SavedId(created);
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "119.5" }, Map(await Read($"products/{id}"), "prices"));

        var page = await admin.PageAsync($"/admin/products/{id}");
        Assert.Contains(("prices.NOK", "119.5"), AdminSession.FormValues(page));
        Assert.Contains(("prices.USD", ""), AdminSession.FormValues(page));

        // The page as shown, with NOK emptied and a USD price typed.
        var fields = AdminSession.FormValues(page).Select(f => f.Name switch
        {
            "prices.NOK" => (f.Name, ""),
            "prices.USD" => (f.Name, "12.50"),
            _ => f,
        }).ToArray();
        using var saved = await admin.PostAsync($"/admin/products/{id}", $"/admin/products/{id}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["USD"] = "12.5" }, Map(await Read($"products/{id}"), "prices"));
    }

    [Fact]
    public async Task A_shipping_method_discount_and_cart_rule_save_their_amounts_in_NOK()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var method = await admin.PostAsync("/admin/shipping-methods/new", "/admin/shipping-methods",
            ("name", "Sledge"), ("amount", "4.90"), ("prices.NOK", "49"), ("tax_rate", "20"), ("options", "Door: 5.90\nParcel machine: 2.90"),
            ("options.prices.NOK", "parcel machine: 29\n\nDoor: 59,90"), ("options.prices.USD", "Door: 6.5"), ("enabled", "true"));
        Assert.Equal(HttpStatusCode.Redirect, method.StatusCode);
        var stored = await Read($"shipping_methods/{AdminSession.SavedId(method)}");
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "49.0" }, Map(stored, "prices"));
        var options = stored.Items("options");
        Assert.Equal(["Door", "Parcel machine"], options.Select(o => o.Str("name")));
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "59.9", ["USD"] = "6.5" }, Map(options[0], "prices"));
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "29.0" }, Map(options[1], "prices"));
        Assert.Contains(("options.prices.NOK", "Door: 59.9\nParcel machine: 29"), AdminSession.FormValues(await admin.PageAsync($"/admin/shipping-methods/{AdminSession.SavedId(method)}")));

        var code = $"SNOW{Guid.NewGuid():N}"[..12];
        using var discount = await admin.PostAsync("/admin/discounts/new", "/admin/discounts",
            ("code", code), ("discount_type", "fixed_amount"), ("amount", "5"), ("currency", ""), ("prices.NOK", "50"), ("prices.USD", ""),
            ("applies_to", "products"), ("status", "open"));
        Assert.Equal(HttpStatusCode.Redirect, discount.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "50.0" }, Map(await Read($"discounts/{AdminSession.SavedId(discount)}"), "prices"));

        using var rule = await admin.PostAsync("/admin/cart-rules/new", "/admin/cart-rules",
            ("kind", "shipping_cost"), ("enabled", "true"), ("position", "900"),
            ("conditions[0].field", "items_subtotal_amount"), ("conditions[0].comparator", ">="), ("conditions[0].value", "50"), ("conditions[0].values.NOK", "500"),
            ("result.field", "shipping_subtotal_amount"), ("result.value", "0"), ("result.values.NOK", "0"), ("result.value_type", "decimal"));
        Assert.Equal(HttpStatusCode.Redirect, rule.StatusCode);
        var savedRule = await Read($"cart_rules/{AdminSession.SavedId(rule)}");
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "500.0" }, Map(savedRule.Items("conditions")[0], "values"));
        Assert.Equal(new Dictionary<string, string> { ["NOK"] = "0.0" }, Map(savedRule.GetProperty("result"), "values"));
        var page = AdminSession.FormValues(await admin.PageAsync($"/admin/cart-rules/{AdminSession.SavedId(rule)}"));
        Assert.Contains(("conditions[0].values.NOK", "500"), page);
        Assert.Contains(("conditions[0].values.USD", ""), page);
        Assert.Contains(("result.values.NOK", "0"), page);
        await factory.Admin().DeleteAsync($"{Api}/cart_rules/{AdminSession.SavedId(rule)}");
    }

    /// <summary>
    /// Every amount in another currency is on the page and goes back as it was, and one in a currency the store does not
    /// sell in (SEK here; the form has no field for it) is kept.
    /// </summary>
    [Fact]
    public async Task Saving_a_form_untouched_keeps_every_amount_in_other_currencies()
    {
        var product = await Create("products", """
            {"name":"Untouched","price":10,"prices":{"NOK":119,"USD":11.5,"SEK":120},
             "shipping":{"flat_rate":2,"country_rates":{"NO":3},"prices":{"NOK":{"flat_rate":20,"country_rates":{"NO":30,"SE":31}},"SEK":{"flat_rate":21}}}}
            """);
        var method = await Create("shipping_methods", """
            {"name":"Untouched","amount":4.9,"tax_rate":20,"prices":{"NOK":49,"SEK":50},
             "options":[{"name":"Door","amount":5.9,"prices":{"NOK":59,"USD":6.5,"SEK":60}},{"name":"Machine","amount":2.9}]}
            """);
        var discount = await Create("discounts", $$$"""
            {"code":"KEEP{{{Guid.NewGuid():N}}}","discount_type":"fixed_amount","amount":5,"prices":{"NOK":50,"USD":5.5,"SEK":55}}
            """);
        var rule = await Create("cart_rules", """
            {"kind":"shipping_cost","enabled":false,"conditions":[{"field":"items_subtotal_amount","comparator":">=","value":"50","values":{"NOK":"500","SEK":"520"}},
                                                 {"field":"shipping_country","comparator":"==","value":"NO"}],
             "result":{"field":"shipping_subtotal_amount","value":"1","values":{"NOK":"10","USD":"1.1"}}}
            """);

        var admin = await AdminSession.SignedInAsync(factory);
        foreach (var (page, api) in new[]
                 {
                     ($"/admin/products/{product}", $"products/{product}"), ($"/admin/shipping-methods/{method}", $"shipping_methods/{method}"),
                     ($"/admin/discounts/{discount}", $"discounts/{discount}"), ($"/admin/cart-rules/{rule}", $"cart_rules/{rule}"),
                 })
        {
            var before = await Stored(api);
            using var saved = await admin.PostAsync(page, page, AdminSession.FormValues(await admin.PageAsync(page)));
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"{page}: {(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync()}");
            Assert.Equal(before, await Stored(api));
        }
    }

    [Fact]
    public async Task A_bad_amount_in_another_currency_is_shown_at_its_field_and_nothing_is_saved()
    {
        var product = await Create("products", """{"name":"Steady","price":10,"prices":{"NOK":119}}""");
        var before = await Stored($"products/{product}");
        var admin = await AdminSession.SignedInAsync(factory);
        var page = $"/admin/products/{product}";
        var shown = AdminSession.FormValues(await admin.PageAsync(page));
        (string, string)[] With(params (string Name, string Value)[] changes) =>
            [.. shown.Select(f => changes.FirstOrDefault(c => c.Name == f.Name) is { Name: not null } c ? c : f)];

        using var decimals = await admin.PostAsync(page, page, With(("name", "Renamed"), ("prices.NOK", "119.999"), ("prices.USD", "-5")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, decimals.StatusCode);
        var html = await decimals.Content.ReadAsStringAsync();
        Assert.Equal("Price (NOK) has more decimals than NOK allows (2).", AdminSession.ErrorAt(html, "prices.NOK"));
        Assert.Equal("Price (USD) must not be negative.", AdminSession.ErrorAt(html, "prices.USD"));
        Assert.Null(AdminSession.ErrorAt(html, "price"));
        Assert.Contains("value=\"119.999\"", html);

        using var word = await admin.PostAsync(page, page, With(("name", "Renamed"), ("prices.NOK", "lots")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, word.StatusCode);
        Assert.Equal("'lots' is not a number; write it like 19.90.", AdminSession.ErrorAt(await word.Content.ReadAsStringAsync(), "prices.NOK"));

        using var flat = await admin.PostAsync(page, page, With(("shipping.prices.NOK.flat_rate", "1.001"), ("shipping.prices.NOK.country_rates", "NO: 2\nNORWAY: 3")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, flat.StatusCode);
        html = await flat.Content.ReadAsStringAsync();
        Assert.Equal("Flat shipping rate (NOK) has more decimals than NOK allows (2).", AdminSession.ErrorAt(html, "shipping.prices.NOK.flat_rate"));
        Assert.Equal("'NORWAY' is not a two-letter ISO 3166 country code (e.g. EE, NO).", AdminSession.ErrorAt(html, "shipping.prices.NOK.country_rates"));
        Assert.Equal(before, await Stored($"products/{product}"));

        // An option's amount is named at its own line of its currency's field; a line naming no option is refused by the form.
        var methods = await SavedMethodCount();
        using var option = await admin.PostAsync("/admin/shipping-methods/new", "/admin/shipping-methods",
            ("name", "Refused"), ("amount", "4.90"), ("tax_rate", "20"), ("options", "Door: 5.90\nParcel machine: 2.90"),
            ("options.prices.NOK", "Door: 59\nParcel machine: 29.999"), ("enabled", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, option.StatusCode);
        Assert.Equal("Line 2: Options (NOK) has more decimals than NOK allows (2).", AdminSession.ErrorAt(await option.Content.ReadAsStringAsync(), "options.prices.NOK"));
        using var unknown = await admin.PostAsync("/admin/shipping-methods/new", "/admin/shipping-methods",
            ("name", "Refused"), ("amount", "4.90"), ("tax_rate", "20"), ("options", "Door: 5.90"), ("options.prices.USD", "Door: 6\nPigeon: 1"), ("enabled", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("Line 2: there is no option 'Pigeon' under Options.", AdminSession.ErrorAt(await unknown.Content.ReadAsStringAsync(), "options.prices.USD"));
        Assert.Equal(methods, await SavedMethodCount());

        // A fixed discount's amount, and a cart rule's condition row (after an empty one) and result.
        using var discount = await admin.PostAsync("/admin/discounts/new", "/admin/discounts",
            ("code", $"BAD{Guid.NewGuid():N}"[..12]), ("discount_type", "fixed_amount"), ("amount", "5"), ("prices.NOK", "0"), ("applies_to", "products"), ("status", "open"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, discount.StatusCode);
        Assert.Equal("A fixed discount's amount must be more than 0.", AdminSession.ErrorAt(await discount.Content.ReadAsStringAsync(), "prices.NOK"));
        using var percentage = await admin.PostAsync("/admin/discounts/new", "/admin/discounts",
            ("code", $"BAD{Guid.NewGuid():N}"[..12]), ("discount_type", "percentage"), ("amount", "5"), ("prices.NOK", "10"), ("applies_to", "products"), ("status", "open"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, percentage.StatusCode);
        Assert.StartsWith("Prices are amounts in other currencies for a fixed_amount discount", AdminSession.ErrorAt(await percentage.Content.ReadAsStringAsync(), "prices.USD"));

        using var rule = await admin.PostAsync("/admin/cart-rules/new", "/admin/cart-rules",
            ("kind", "shipping_cost"), ("enabled", "true"), ("position", "901"),
            ("conditions[0].field", ""), ("conditions[0].comparator", ">"), ("conditions[0].value", ""),
            ("conditions[1].field", "items_subtotal_amount"), ("conditions[1].comparator", ">="), ("conditions[1].value", "50"), ("conditions[1].values.NOK", "5.555"),
            ("conditions[2].field", "items_quantity"), ("conditions[2].comparator", ">="), ("conditions[2].value", "2"), ("conditions[2].values.USD", "3"),
            ("result.field", "shipping_subtotal_amount"), ("result.value", "0"), ("result.values.NOK", "-1"), ("result.value_type", "decimal"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rule.StatusCode);
        var ruleHtml = await rule.Content.ReadAsStringAsync();
        Assert.Equal("Condition 2: value (NOK) has more decimals than NOK allows (2).", AdminSession.ErrorAt(ruleHtml, "conditions[1].values.NOK"));
        Assert.Equal("Values (amounts per currency) is for amount fields only, not the items quantity.", AdminSession.ErrorAt(ruleHtml, "conditions[2].values.USD"));
        Assert.Equal("Result: value (NOK) must not be negative.", AdminSession.ErrorAt(ruleHtml, "result.values.NOK"));
        await using var scope = factory.Scope(out var db);
        Assert.False(await db.CartRules.AnyAsync(r => r.Position == 901));
    }

    private async Task<int> SavedMethodCount()
    {
        await using var scope = factory.Scope(out var db);
        return await db.ShippingMethods.CountAsync();
    }
}
