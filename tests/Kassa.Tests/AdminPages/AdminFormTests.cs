using System.Net;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// Forms save through the admin API's own rules, and what those rules refuse is shown next to the field it concerns, in
/// the form's words; a refused form saves nothing.
/// </summary>
public sealed class AdminFormTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_product_the_API_would_refuse_is_not_saved_and_each_problem_is_shown_at_its_field()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var name = $"Refused {Guid.NewGuid():N}";

        using var answer = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", name), ("price", "12.345"), ("tax_rate", "150"), ("stock", "many"), ("status", "live"), ("image_url", "not a url"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal("'many' is not a whole number.", AdminSession.ErrorAt(html, "stock"));
        // The form could not be read whole, so nothing went to the API; fix the count and the API's own rules speak.
        using var again = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", name), ("price", "12.345"), ("tax_rate", "150"), ("stock", "3"), ("status", "live"), ("image_url", "not a url"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        html = await again.Content.ReadAsStringAsync();
        Assert.Equal("Price (EUR) has more decimals than EUR allows (2).", AdminSession.ErrorAt(html, "price"));
        Assert.Equal("Tax rate (%) is a percentage and must be from 0 to 100.", AdminSession.ErrorAt(html, "tax_rate"));
        Assert.Equal("Image URL must be an absolute http or https URL.", AdminSession.ErrorAt(html, "image_url"));
        Assert.Null(AdminSession.ErrorAt(html, "name"));
        Assert.Contains($"value=\"{name}\"", html);

        await using var scope = factory.Scope(out var db);
        Assert.False(db.Products.Any(p => p.Name == name));
    }

    [Fact]
    public async Task A_product_and_its_variant_are_created_through_the_form()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        var name = $"Mug {Guid.NewGuid():N}";

        using var created = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", name), ("price", "9.90"), ("tax_rate", "20"), ("stock", ""), ("status", "live"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = AdminSession.SavedId(created);

        using var variant = await admin.PostAsync($"/admin/products/new?parent={id}", "/admin/products",
            ("name", name + " blue"), ("price", "10.90"), ("status", "live"), ("parent_id", $"{id}"), ("variant_type", "Colour"), ("variant_value", "Blue"));
        Assert.Equal(HttpStatusCode.Redirect, variant.StatusCode);

        var product = await (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/products?q.product.parent_id.$eq={id}")).Expect(HttpStatusCode.OK);
        var only = Assert.Single(product.EnumerateArray());
        Assert.Equal(("10.9", "Colour: Blue"), (only.Str("price"), only.Str("variant_attributes_text")));
    }

    [Fact]
    public async Task A_variant_type_without_a_product_to_hang_off_is_named_at_the_variant_fields()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var answer = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", "Lonely variant"), ("price", "1"), ("status", "live"), ("variant_type", "Size"), ("variant_value", "L"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("Only variants (products with a parent_id) have variant attributes.",
            AdminSession.ErrorAt(await answer.Content.ReadAsStringAsync(), "variant_value"));
    }

    [Fact]
    public async Task A_shipping_option_without_an_amount_is_named_by_its_line()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var answer = await admin.PostAsync("/admin/shipping-methods/new", "/admin/shipping-methods",
            ("name", "Courier"), ("amount", "4.90"), ("tax_rate", "20"), ("options", "Door: 5.90\nParcel machine: 2.999"), ("countries", "EE, EST"), ("enabled", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal("Line 2: Options has more decimals than EUR allows (2).", AdminSession.ErrorAt(html, "options"));
        Assert.Equal("'EST' is not a two-letter ISO 3166 country code (e.g. EE, NO).", AdminSession.ErrorAt(html, "countries"));
    }

    [Fact]
    public async Task A_line_typed_as_the_hint_shows_it_names_what_is_before_the_colon()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var method = await admin.PostAsync("/admin/shipping-methods/new", "/admin/shipping-methods",
            ("name", "Lines"), ("amount", "4.90"), ("tax_rate", "20"), ("options", "Parcel machine: 2.90\nDoor 5.90"), ("enabled", "true"));
        Assert.Equal(HttpStatusCode.Redirect, method.StatusCode);
        var saved = await (await factory.Admin().GetAsync($"/admin/api/ecommerce/v1/shipping_methods/{AdminSession.SavedId(method)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Parcel machine", "Door"], saved.Items("options").Select(o => o.Str("name")));

        using var product = await admin.PostAsync("/admin/products/new", "/admin/products",
            ("name", $"Lines {Guid.NewGuid():N}"), ("price", "1"), ("status", "live"), ("shipping.country_rates", "NO: 9.90"));
        Assert.Equal(HttpStatusCode.Redirect, product.StatusCode);
    }

    [Fact]
    public async Task A_discount_code_already_in_use_is_named_at_the_code()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        using var answer = await admin.PostAsync("/admin/discounts/new", "/admin/discounts",
            ("code", "xmas"), ("discount_type", "percentage"), ("amount", "10"), ("applies_to", "products"), ("status", "open"));
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("Code is already in use.", AdminSession.ErrorAt(await answer.Content.ReadAsStringAsync(), "code"));
    }

    [Fact]
    public async Task Admin_pages_carry_a_policy_without_scripts_or_inline_styles()
    {
        var admin = await AdminSession.SignedInAsync(factory);
        foreach (var path in new[] { "/admin", "/admin/orders", "/admin/products", "/admin/products/new", "/admin/shipping-methods",
                     "/admin/discounts", "/admin/discounts/new", "/admin/carts", "/admin/settings" })
        {
            using var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("script-src", policy);
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.DoesNotContain("<script", await response.Content.ReadAsStringAsync());
        }
    }
}
