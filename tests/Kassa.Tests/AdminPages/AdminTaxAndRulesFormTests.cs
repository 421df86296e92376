using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// The admin's forms for what issues 22 and 23 added (tax classes, rates by country, the store country, cart rules) save
/// through the APIs' own handlers, and what those refuse is shown at its field with nothing saved.
/// </summary>
public sealed class AdminTaxAndRulesFormTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_tax_rate_is_created_through_the_form_and_one_out_of_range_is_refused_at_its_field()
    {
        var admin = await AdminSession.SignedInAsync(factory);

        using var refused = await admin.PostAsync("/admin/tax-rates/new", "/admin/tax-rates", ("country_code", "FI"), ("tax_class", "reduced"), ("rate", "150"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal("Rate (%) is a percentage and must be from 0 to 100.", AdminSession.ErrorAt(html, "rate"));
        Assert.Null(AdminSession.ErrorAt(html, "country_code"));
        await using (var scope = factory.Scope(out var db))
            Assert.False(await db.TaxRates.AnyAsync(r => r.CountryCode == "FI" && r.TaxClass == "reduced"));

        using var created = await admin.PostAsync("/admin/tax-rates/new", "/admin/tax-rates", ("country_code", "fi"), ("tax_class", "reduced"), ("rate", "14"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using (var scope = factory.Scope(out var db))
        {
            var rate = await db.TaxRates.SingleAsync(r => r.Id == AdminSession.SavedId(created));
            Assert.Equal(("FI", "reduced", 14m), (rate.CountryCode, rate.TaxClass, rate.Rate));
        }
        Assert.Contains("Reduced", await admin.PageAsync("/admin/tax-rates"));

        using var twice = await admin.PostAsync("/admin/tax-rates/new", "/admin/tax-rates", ("country_code", "FI"), ("tax_class", "reduced"), ("rate", "10"));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("FI already has a reduced rate.", AdminSession.ErrorAt(await twice.Content.ReadAsStringAsync(), "country_code"));

        // Deleted from its page's own form, with its token.
        using var deleted = await admin.PostAsync($"/admin/tax-rates/{AdminSession.SavedId(created)}", $"/admin/tax-rates/{AdminSession.SavedId(created)}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var scope = factory.Scope(out var db))
            Assert.False(await db.TaxRates.AnyAsync(r => r.Id == AdminSession.SavedId(created)));
        using var gone = await admin.PostAsync("/admin/tax-rates", $"/admin/tax-rates/{AdminSession.SavedId(created)}/delete");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_cart_rule_is_created_through_the_form_with_its_conditions_and_result()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var created = await admin.PostAsync("/admin/cart-rules/new", "/admin/cart-rules",
            ("kind", "shipping_cost"), ("target_id", ""), ("enabled", "true"), ("position", "5"), ("valid_from", "2026-01-01"), ("valid_to", "2026-12-31"),
            ("conditions[0].field", "items_subtotal_amount"), ("conditions[0].comparator", ">="), ("conditions[0].value", "50,5"),
            ("conditions[1].field", ""), ("conditions[1].comparator", ">"), ("conditions[1].value", ""),
            ("conditions[2].field", "shipping_country"), ("conditions[2].comparator", "=="), ("conditions[2].value", "ee"),
            ("result.field", "shipping_subtotal_amount"), ("result.value", "0"), ("result.value_type", "decimal"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var rule = await (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/cart_rules/{AdminSession.SavedId(created)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(("shipping_cost", 5, true), (rule.Str("kind"), rule.GetProperty("position").GetInt32(), rule.GetProperty("enabled").GetBoolean()));
        Assert.Equal(["items_subtotal_amount >= 50.5", "shipping_country == EE"],
            rule.GetProperty("conditions").EnumerateArray().Select(c => $"{c.Str("field")} {c.Str("comparator")} {c.Str("value")}").ToArray());
        Assert.Equal(("shipping_subtotal_amount", "0.0"), (rule.GetProperty("result").Str("field"), rule.GetProperty("result").Str("value")));
        Assert.StartsWith("2026-12-31T23:59:59", rule.Str("valid_to"));

        var page = await admin.PageAsync($"/admin/cart-rules/{AdminSession.SavedId(created)}");
        Assert.Contains("value=\"50.5\"", page);

        using var deleted = await admin.PostAsync($"/admin/cart-rules/{AdminSession.SavedId(created)}", $"/admin/cart-rules/{AdminSession.SavedId(created)}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/cart_rules/{AdminSession.SavedId(created)}")).StatusCode);
    }

    [Fact]
    public async Task A_cart_rule_the_API_refuses_is_not_saved_and_each_problem_is_shown_at_its_row()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        await using (var scope = factory.Scope(out var db)) Assert.Equal(0, await db.CartRules.CountAsync(r => r.Position == 77));

        // Row 1 left empty: the API's conditions[0] is the form's row 2 and is named there.
        using var refused = await admin.PostAsync("/admin/cart-rules/new", "/admin/cart-rules",
            ("kind", "items_discount"), ("enabled", "true"), ("position", "77"),
            ("conditions[0].field", ""), ("conditions[0].comparator", ">"), ("conditions[0].value", ""),
            ("conditions[1].field", "items_quantity"), ("conditions[1].comparator", ">="), ("conditions[1].value", "many"),
            ("result.field", "items_discount_amount"), ("result.value", "150"), ("result.value_type", "percentage"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal("The items quantity is compared with a whole number from 0 to 1000000000, not 'many'.", AdminSession.ErrorAt(html, "conditions[1].value"));
        Assert.Null(AdminSession.ErrorAt(html, "conditions[0].value"));
        Assert.Equal("A percentage is from 0 (exclusive) to 100 with at most 4 decimals, not '150'.", AdminSession.ErrorAt(html, "result.value"));
        Assert.Contains("value=\"many\"", html);
        await using (var scope = factory.Scope(out var db)) Assert.Equal(0, await db.CartRules.CountAsync(r => r.Position == 77));
    }

    [Fact]
    public async Task A_products_tax_class_is_saved_from_its_form()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var name = $"Book {Guid.NewGuid():N}";
        using var created = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", name), ("price", "12"), ("tax_class", "reduced"), ("status", "live"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var product = await (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/products/{AdminSession.SavedId(created)}")).Expect(HttpStatusCode.OK);
        Assert.Equal("reduced", product.Str("tax_class"));

        using var refused = await admin.PostAsync($"/admin/products/{AdminSession.SavedId(created)}", $"/admin/products/{AdminSession.SavedId(created)}",
            ("name", name), ("price", "12"), ("tax_class", "luxury"), ("status", "live"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotNull(AdminSession.ErrorAt(await refused.Content.ReadAsStringAsync(), "tax_class"));
        product = await (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/products/{AdminSession.SavedId(created)}")).Expect(HttpStatusCode.OK);
        Assert.Equal("reduced", product.Str("tax_class"));
    }

    [Fact]
    public async Task The_store_country_and_gross_prices_following_the_destination_are_saved_from_the_settings_form()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var before = await (await factory.Admin().GetAsync("/admin/api/ecommerce/v1/settings")).Expect(HttpStatusCode.OK);
        (string, string)[] Form(string country) =>
        [
            ("price_entry_mode", before.Str("price_entry_mode")), ("default_currency", before.Str("default_currency")),
            ("allowed_currencies", string.Join(", ", before.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()))),
            ("default_tax_rate", before.Str("default_tax_rate")),
            ("languages", string.Join(", ", before.GetProperty("languages").EnumerateArray().Select(c => c.GetString()))),
            ("country_code", country), ("gross_prices_follow_destination", "true"),
        ];

        using var refused = await admin.PostAsync("/admin/settings", "/admin/settings", Form("FIN"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotNull(AdminSession.ErrorAt(await refused.Content.ReadAsStringAsync(), "country_code"));
        var unchanged = await (await factory.Admin().GetAsync("/admin/api/ecommerce/v1/settings")).Expect(HttpStatusCode.OK);
        Assert.Equal((before.StrOrNull("country_code"), before.GetProperty("gross_prices_follow_destination").GetBoolean()),
            (unchanged.StrOrNull("country_code"), unchanged.GetProperty("gross_prices_follow_destination").GetBoolean()));

        using var saved = await admin.PostAsync("/admin/settings", "/admin/settings", Form("FI"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await (await factory.Admin().GetAsync("/admin/api/ecommerce/v1/settings")).Expect(HttpStatusCode.OK);
        Assert.Equal(("FI", true), (after.StrOrNull("country_code"), after.GetProperty("gross_prices_follow_destination").GetBoolean()));
        var page = await admin.PageAsync("/admin/settings");
        Assert.Contains("value=\"FI\"", page);
    }

    [Fact]
    public async Task The_new_pages_are_linked_and_carry_the_admin_policy()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var home = await admin.PageAsync("/admin");
        Assert.Contains("href=\"/admin/tax-rates\"", home);
        Assert.Contains("href=\"/admin/cart-rules\"", home);
        foreach (var path in new[] { "/admin/tax-rates", "/admin/tax-rates/new", "/admin/cart-rules", "/admin/cart-rules/new" })
        {
            using var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("default-src 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")));
        }
    }
}
