using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>The Voog carts API on the demo catalog: the seed's worked example and every PUT parameter.</summary>
public sealed class VoogCartTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task Worked_example_of_the_seed_through_POST_carts()
    {
        var response = await _client.PostAsJsonAsync($"{Voog}?include=items", new
        {
            items = new[] { new { product_id = 1, quantity = 1 } },
            shipping_method_id = 1,
            customer = new { name = "John Doe", email = "john@doe.com", phone = "1234567" },
            currency = "EUR",
            discount_code = "XMAS",
            custom_field_values = new Dictionary<string, object> { ["delivery-date"] = "2021-03-03", ["gift-wrap"] = true },
        });
        var cart = await response.Expect(HttpStatusCode.Created);

        var uuid = cart.Str("uuid");
        Assert.True(Guid.TryParse(uuid, out _));
        Assert.Equal("created", cart.Str("status"));
        Assert.Equal("EUR", cart.Str("currency"));
        Assert.Equal("1658.42", cart.Str("items_subtotal_amount"));
        Assert.Equal("2475.25", cart.Str("items_original_amount"));
        Assert.Equal("16.58", cart.Str("items_tax_amount"));
        Assert.Equal("1675.0", cart.Str("items_total_amount"));
        Assert.Equal("3.5", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("3.5", cart.Str("shipping_original_amount"));
        Assert.Equal("0.7", cart.Str("shipping_tax_amount"));
        Assert.Equal("4.2", cart.Str("shipping_total_amount"));
        Assert.Equal("20.0", cart.Str("shipping_tax_rate"));
        Assert.Equal("1679.2", cart.Str("total_amount"));
        Assert.Equal(1, cart.GetProperty("shipping_method_id").GetInt64());
        Assert.True(cart.IsNull("shipping_method_option"));

        var itemAmounts = Assert.Single(cart.Items("item_amounts"));
        Assert.Equal("1658.42", itemAmounts.Str("subtotal_amount"));
        Assert.Equal("2475.25", itemAmounts.Str("original_amount"));
        Assert.Equal("1.0", itemAmounts.Str("tax_rate"));
        Assert.Equal("16.58", itemAmounts.Str("tax_amount"));
        Assert.Equal("1675.0", itemAmounts.Str("total_amount"));

        var taxes = cart.Items("tax_amounts");
        Assert.Equal(2, taxes.Count);
        Assert.Equal(("1658.42", "1.0", "16.58"), (taxes[0].Str("subtotal_amount"), taxes[0].Str("tax_rate"), taxes[0].Str("tax_amount")));
        Assert.Equal(("3.5", "20.0", "0.7"), (taxes[1].Str("subtotal_amount"), taxes[1].Str("tax_rate"), taxes[1].Str("tax_amount")));

        foreach (var nullField in new[] { "gateway_code", "payment_method", "return_url", "terms_agreement", "note" })
            Assert.True(cart.IsNull(nullField), nullField);
        Assert.False(cart.GetProperty("cart_rules_applied").GetBoolean());
        Assert.Equal("2021-03-03", cart.GetProperty("custom_field_values").Str("delivery-date"));
        Assert.True(cart.GetProperty("custom_field_values").GetProperty("gift-wrap").GetBoolean());
        var metadata = cart.GetProperty("custom_field_metadata");
        Assert.Equal(("Preferred delivery date", "date"), (metadata.GetProperty("delivery-date").Str("label"), metadata.GetProperty("delivery-date").Str("kind")));
        Assert.Equal("checkbox", metadata.GetProperty("gift-wrap").Str("kind"));
        var now = factory.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(now, cart.Str("created_at"));
        Assert.Equal(now, cart.Str("updated_at"));

        var discount = cart.GetProperty("discount");
        Assert.Equal("XMAS", discount.Str("code"));
        Assert.Equal("open", discount.Str("status"));
        Assert.Equal("products", discount.Str("applies_to"));
        Assert.Equal("percentage", discount.Str("discount_type"));
        Assert.Equal("33.0", discount.Str("amount"));
        Assert.True(discount.IsNull("redemption_limit"));
        Assert.True(discount.IsNull("valid_from"));
        Assert.True(discount.IsNull("valid_to"));
        Assert.True(discount.GetProperty("id").GetInt64() > 0);

        var shipping = cart.GetProperty("shipping_method");
        Assert.Equal(1, shipping.GetProperty("id").GetInt64());
        Assert.Equal("Postal Service", shipping.Str("name"));
        Assert.Equal("Send via mail", shipping.Str("description"));
        Assert.Equal("3.5", shipping.Str("amount"));
        Assert.Equal("20.0", shipping.Str("tax_rate"));
        Assert.True(shipping.IsNull("delivery_method"));
        Assert.True(shipping.IsNull("option"));

        var customer = cart.GetProperty("customer");
        Assert.Equal(("John Doe", "john@doe.com", "1234567"), (customer.Str("name"), customer.Str("email"), customer.Str("phone")));

        var item = Assert.Single(cart.Items());
        Assert.True(item.GetProperty("id").GetInt64() > 0);
        Assert.Equal(1, item.GetProperty("product_id").GetInt64());
        Assert.True(item.IsNull("note"));
        Assert.Equal(1, item.GetProperty("quantity").GetInt32());
        Assert.Equal("1658.42", item.Str("subtotal_amount"));
        Assert.Equal("16.58", item.Str("tax_amount"));
        Assert.Equal("1.0", item.Str("tax_rate"));
        Assert.Equal("1675.0", item.Str("amount"));
        Assert.True(item.GetProperty("has_item_discount").GetBoolean());
        Assert.Equal("2475.25", item.Str("product_price"));
        Assert.Equal("Ion drive", item.Str("product_name"));
        var product = item.GetProperty("product");
        Assert.Equal(1, product.GetProperty("id").GetInt64());
        Assert.Equal("2475.25", product.Str("price"));
        Assert.False(product.GetProperty("is_variant").GetBoolean());
        Assert.True(product.GetProperty("available").GetBoolean());
        Assert.Equal("ION-1", product.Str("sku"));
        Assert.Equal("Ion drive", product.Str("name"));

        var metainfo = cart.GetProperty("metainfo");
        Assert.True(metainfo.GetProperty("checkout_allowed").GetBoolean());
        Assert.True(metainfo.GetProperty("update_allowed").GetBoolean());

        var url = cart.GetProperty("urls").Str("url");
        Assert.Equal($"http://localhost/admin/api/ecommerce/v1/carts/{uuid}", url);
        Assert.Equal(url + "/checkout", cart.GetProperty("urls").Str("checkout_url"));
        Assert.Equal(new Uri(url), response.Headers.Location);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.False(response.Headers.ETag.IsWeak);

        // Blocks not asked for are left out.
        Assert.False(cart.TryGetProperty("payment_methods", out _));
        Assert.False(cart.TryGetProperty("billing_address", out _));
        Assert.False(item.TryGetProperty("translations", out _));
        AssertTotalsAddUp(cart);

        // The Location is where the same cart is read back, amounts and all.
        var again = await (await _client.GetAsync(response.Headers.Location + "?include=items")).Expect(HttpStatusCode.OK);
        Assert.Equal(cart.ToString(), again.ToString());
    }

    [Fact]
    public async Task Every_field_of_the_seed_cart_object_is_there_by_its_seed_name()
    {
        var (_, cart, _) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = 6, quantity = 1 } },
            shipping_method_id = 2,
            shipping_method_option = "option 1",
            discount_code = "XMAS",
            customer = new { name = "John Doe", email = "john@doe.com", phone = "1234567" },
            billing_address = new { name = "John Doe", country_code = "ee" },
            shipping_address = new { name = "John Doe", country_code = "ee" },
        }, query: AllIncludes);

        static void HasAll(System.Text.Json.JsonElement e, string what, params string[] names)
        {
            var missing = names.Where(n => !e.TryGetProperty(n, out _)).ToList();
            Assert.True(missing.Count == 0, $"{what} lacks {string.Join(", ", missing)}: {e}");
        }

        HasAll(cart, "cart", "uuid", "status", "currency", "items_subtotal_amount", "items_original_amount", "items_tax_amount",
            "items_total_amount", "shipping_subtotal_amount", "shipping_original_amount", "shipping_tax_amount", "shipping_total_amount",
            "shipping_tax_rate", "total_amount", "shipping_method_id", "shipping_method_option", "item_amounts", "tax_amounts",
            "gateway_code", "payment_method", "return_url", "terms_agreement", "note", "cart_rules_applied", "custom_field_values",
            "custom_field_metadata", "created_at", "updated_at", "discount", "shipping_method", "customer", "billing_address",
            "shipping_address", "items", "metainfo", "urls", "payment_methods");
        HasAll(cart.Items("item_amounts")[0], "item_amounts[0]", "subtotal_amount", "original_amount", "tax_rate", "tax_amount", "total_amount");
        HasAll(cart.Items("tax_amounts")[0], "tax_amounts[0]", "subtotal_amount", "tax_rate", "tax_amount");
        HasAll(cart.GetProperty("discount"), "discount", "id", "name", "description", "code", "status", "applies_to", "discount_type", "amount",
            "currency", "redemption_count", "redemption_limit", "valid_from", "valid_to", "created_at", "updated_at");
        HasAll(cart.GetProperty("shipping_method"), "shipping_method", "id", "name", "description", "amount", "tax_rate", "delivery_method", "option");
        HasAll(cart.GetProperty("customer"), "customer", "name", "email", "phone");
        var address = new[] { "name", "company_name", "vat_code", "address1", "address2", "city", "zip_code", "state", "country_code", "phone", "instructions" };
        HasAll(cart.GetProperty("billing_address"), "billing_address", address);
        HasAll(cart.GetProperty("shipping_address"), "shipping_address", [.. address, "delivery_method_code", "delivery_method_external_code", "pod_name"]);
        HasAll(cart.GetProperty("metainfo"), "metainfo", "checkout_allowed", "update_allowed");
        HasAll(cart.GetProperty("urls"), "urls", "url", "checkout_url");
        HasAll(cart.Items("payment_methods")[0], "payment_methods[0]", "code", "gateway_code");
        var item = cart.Items()[0];
        HasAll(item, "items[0]", "id", "product_id", "note", "quantity", "price", "subtotal_amount", "tax_amount", "tax_rate", "amount",
            "created_at", "updated_at", "has_item_discount", "product_price", "product", "product_name", "translations");
        HasAll(item.GetProperty("product"), "items[0].product", "id", "price", "is_variant", "available", "sku", "name", "image",
            "parent_id", "variant_attributes_text", "variant_attributes");
        HasAll(item.GetProperty("translations"), "items[0].translations", "name");
        HasAll(item.GetProperty("product").Items("variant_attributes")[0], "variant_attributes[0]", "variant_type", "variant_value");
        HasAll(cart.GetProperty("custom_field_metadata").GetProperty("gift-wrap"), "custom_field_metadata entry", "label", "kind");

        // Amounts and rates are strings in Voog's form; ids and quantities are numbers.
        foreach (var field in new[] { "items_subtotal_amount", "total_amount", "shipping_tax_rate" })
            Assert.Equal(System.Text.Json.JsonValueKind.String, cart.GetProperty(field).ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, cart.GetProperty("shipping_method_id").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, item.GetProperty("quantity").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.String, item.GetProperty("product_price").ValueKind);
    }

    [Fact]
    public async Task Without_include_items_the_cart_has_no_item_lines_but_all_amounts()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 2 } } });
        var cart = await _client.GetVoog(uuid, query: "");
        Assert.False(cart.TryGetProperty("items", out _));
        Assert.False(cart.TryGetProperty("shipping_address", out _));
        Assert.Equal("19.98", cart.Str("items_subtotal_amount"));
        Assert.Equal("1.8", cart.Str("items_tax_amount")); // 19.98 × 9 % = 1.7982
        Assert.Equal("21.78", cart.Str("total_amount"));
        Assert.Equal("0.0", cart.Str("shipping_total_amount"));
        Assert.True(cart.IsNull("shipping_tax_rate"));
        Assert.True(cart.IsNull("discount"));
        Assert.True(cart.IsNull("shipping_method"));
        Assert.Single(cart.Items("item_amounts"));
    }

    [Fact]
    public async Task An_empty_POST_creates_an_empty_cart_in_the_store_currency()
    {
        var (uuid, cart, etag) = await _client.CreateVoogCart(new { });
        Assert.Equal("EUR", cart.Str("currency"));
        Assert.Empty(cart.Items());
        Assert.Equal("0.0", cart.Str("total_amount"));
        Assert.Empty(cart.Items("tax_amounts"));
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.True(cart.GetProperty("metainfo").GetProperty("update_allowed").GetBoolean());
        Assert.Equal("\"1\"", etag);
        Assert.Equal("0.00", (await _client.GetOutshifter(uuid)).Str("total_amount"));
    }

    [Fact]
    public async Task PUT_items_replaces_the_whole_list_and_quantity_zero_removes()
    {
        var (uuid, _, etag) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = 1, quantity = 1 }, new { product_id = 3, quantity = 2 } },
        });

        var cart = await _client.PutVoog(uuid, new { items = new object[] { new { product_id = 3, quantity = 5, note = "gift" } } });
        var item = Assert.Single(cart.Items());
        Assert.Equal(3, item.GetProperty("product_id").GetInt64());
        Assert.Equal(5, item.GetProperty("quantity").GetInt32());
        Assert.Equal("gift", item.Str("note"));
        Assert.Equal("49.95", cart.Str("items_subtotal_amount"));
        Assert.Equal("4.5", cart.Str("items_tax_amount")); // 49.95 × 9 % = 4.4955
        Assert.Equal("54.45", cart.Str("total_amount"));
        Assert.NotEqual(etag, await _client.ETag(uuid));

        cart = await _client.PutVoog(uuid, new { items = new object[] { new { product_id = 3, quantity = 0 }, new { product_id = 4, quantity = 2 } } });
        item = Assert.Single(cart.Items());
        Assert.Equal(4, item.GetProperty("product_id").GetInt64());
        Assert.Equal("100.0", cart.Str("total_amount")); // gift card at 0 %
        Assert.Equal("0.0", cart.Str("items_tax_amount"));

        // The same product twice in one list adds up.
        cart = await _client.PutVoog(uuid, new { items = new object[] { new { product_id = 4, quantity = 1 }, new { product_id = 4, quantity = 2 } } });
        Assert.Equal(3, Assert.Single(cart.Items()).GetProperty("quantity").GetInt32());

        cart = await _client.PutVoog(uuid, new { items = Array.Empty<object>() });
        Assert.Empty(cart.Items());
        Assert.Equal("0.0", cart.Str("total_amount"));

        // A PUT without items leaves them alone.
        await _client.PutVoog(uuid, new { items = new[] { new { product_id = 3, quantity = 1 } } });
        cart = await _client.PutVoog(uuid, new { note = "just a note" });
        Assert.Equal(1, Assert.Single(cart.Items()).GetProperty("quantity").GetInt32());
        Assert.Equal("just a note", cart.Str("note"));
    }

    [Fact]
    public async Task PUT_changing_a_quantity_keeps_the_line_and_reprices_it()
    {
        var (uuid, created, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 1, quantity = 1 } } });
        var id = created.Items()[0].GetProperty("id").GetInt64();

        var cart = await _client.PutVoog(uuid, new { items = new[] { new { product_id = 1, quantity = 3 } } });
        var item = Assert.Single(cart.Items());
        Assert.Equal(id, item.GetProperty("id").GetInt64());
        Assert.Equal(3, item.GetProperty("quantity").GetInt32());
        Assert.Equal("7425.75", item.Str("subtotal_amount"));
        Assert.Equal("74.26", item.Str("tax_amount")); // 74.2575 rounds half away from zero
        Assert.Equal("7500.01", item.Str("amount"));
        Assert.Equal("7500.01", cart.Str("total_amount"));
        Assert.Equal("3", (await _client.GetOutshifter(uuid)).Items("line_items")[0].GetProperty("quantity").ToString());
    }

    [Fact]
    public async Task PUT_discount_code_adds_and_removes_the_discount()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 1, quantity = 1 } } });

        var cart = await _client.PutVoog(uuid, new { discount_code = "xmas" });
        Assert.Equal("XMAS", cart.GetProperty("discount").Str("code"));
        Assert.Equal("1658.42", cart.Str("items_subtotal_amount"));
        Assert.Equal("1675.0", cart.Str("total_amount"));
        Assert.True(cart.Items()[0].GetProperty("has_item_discount").GetBoolean());

        cart = await _client.PutVoog(uuid, new { discount_code = (string?)null });
        Assert.True(cart.IsNull("discount"));
        Assert.Equal("2475.25", cart.Str("items_subtotal_amount"));
        Assert.Equal("24.75", cart.Str("items_tax_amount")); // 24.7525
        Assert.Equal("2500.0", cart.Str("total_amount"));
        Assert.False(cart.Items()[0].GetProperty("has_item_discount").GetBoolean());

        await _client.PutVoog(uuid, new { discount_code = "XMAS" });
        cart = await _client.PutVoog(uuid, new { discount_code = "" });
        Assert.True(cart.IsNull("discount"));
        Assert.Equal("2500.0", cart.Str("total_amount"));
    }

    [Fact]
    public async Task PUT_shipping_method_and_option()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });

        var cart = await _client.PutVoog(uuid, new { shipping_method_id = 2, shipping_method_option = "express" });
        Assert.Equal(2, cart.GetProperty("shipping_method_id").GetInt64());
        Assert.Equal("express", cart.Str("shipping_method_option"));
        Assert.Equal("7.5", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("1.5", cart.Str("shipping_tax_amount"));
        Assert.Equal("9.0", cart.Str("shipping_total_amount"));
        Assert.Equal("express", cart.GetProperty("shipping_method").Str("option"));
        Assert.Equal("7.5", cart.GetProperty("shipping_method").Str("amount"));
        Assert.Equal("Advanced shipping", cart.GetProperty("shipping_method").Str("name"));
        Assert.Equal("19.89", cart.Str("total_amount")); // 9.99 + 0.90 + 7.5 + 1.5
        AssertTotalsAddUp(cart);

        // The option alone switches within the chosen method.
        cart = await _client.PutVoog(uuid, new { shipping_method_option = "option 1" });
        Assert.Equal(2, cart.GetProperty("shipping_method_id").GetInt64());
        Assert.Equal("2.5", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("3.0", cart.Str("shipping_total_amount"));

        // Another method drops the old option.
        cart = await _client.PutVoog(uuid, new { shipping_method_id = 1 });
        Assert.True(cart.IsNull("shipping_method_option"));
        Assert.Equal("4.2", cart.Str("shipping_total_amount"));

        // A method with options needs one.
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { shipping_method_id = 2 }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_method_option", "needs an option");

        cart = await _client.PutVoog(uuid, new { shipping_method_id = (long?)null });
        Assert.True(cart.IsNull("shipping_method_id"));
        Assert.True(cart.IsNull("shipping_method"));
        Assert.True(cart.IsNull("shipping_tax_rate"));
        Assert.Equal("0.0", cart.Str("shipping_total_amount"));
        Assert.Equal("10.89", cart.Str("total_amount"));
        Assert.Single(cart.Items("tax_amounts"));
    }

    [Fact]
    public async Task PUT_customer_note_payment_return_url_and_terms()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });

        var cart = await _client.PutVoog(uuid, new
        {
            customer = new { name = "Jane Roe", email = "jane@example.com", phone = "+372 555", language = "et" },
            note = "Ring twice",
            gateway_code = "offline",
            payment_method = "offline",
            return_url = "https://shop.example.com/thanks?order=1",
            terms_agreement = true,
        });
        var customer = cart.GetProperty("customer");
        Assert.Equal("Jane Roe", customer.Str("name"));
        Assert.Equal("jane@example.com", customer.Str("email"));
        Assert.Equal("+372 555", customer.Str("phone"));
        Assert.Equal("Ring twice", cart.Str("note"));
        Assert.Equal("offline", cart.Str("gateway_code"));
        Assert.Equal("offline", cart.Str("payment_method"));
        Assert.Equal("https://shop.example.com/thanks?order=1", cart.Str("return_url"));
        Assert.True(cart.GetProperty("terms_agreement").GetBoolean());

        // Only what is sent changes; the payment method follows a new gateway.
        cart = await _client.PutVoog(uuid, new { gateway_code = "sandbox", payment_method = "sandbox", note = (string?)null });
        Assert.Equal("sandbox", cart.Str("gateway_code"));
        Assert.Equal("sandbox", cart.Str("payment_method"));
        Assert.True(cart.IsNull("note"));
        Assert.Equal("Jane Roe", cart.GetProperty("customer").Str("name"));
        Assert.Equal("https://shop.example.com/thanks?order=1", cart.Str("return_url"));

        cart = await _client.PutVoog(uuid, new { customer = (object?)null, return_url = (string?)null });
        Assert.True(cart.IsNull("customer"));
        Assert.True(cart.IsNull("return_url"));
    }

    [Fact]
    public async Task PUT_addresses_show_with_include()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        var address = new
        {
            name = "John Doe", company_name = "", vat_code = "", address1 = "Main Street 1", address2 = "",
            city = "Tallinn", zip_code = "11612", state = (string?)null, country_code = "EE", phone = "1234567", instructions = "",
        };

        var cart = await _client.PutVoog(uuid, new { billing_address = address, shipping_address = address with { city = "Tartu" } },
            query: "include=billing_address,shipping_address");
        var billing = cart.GetProperty("billing_address");
        Assert.Equal("John Doe", billing.Str("name"));
        Assert.Equal("Main Street 1", billing.Str("address1"));
        Assert.Equal("Tallinn", billing.Str("city"));
        Assert.Equal("11612", billing.Str("zip_code"));
        Assert.Equal("ee", billing.Str("country_code"));
        Assert.True(billing.IsNull("state"));
        Assert.Equal("", billing.Str("company_name"));
        Assert.False(billing.TryGetProperty("pod_name", out _));
        var shipping = cart.GetProperty("shipping_address");
        Assert.Equal("Tartu", shipping.Str("city"));
        Assert.True(shipping.IsNull("delivery_method_code"));
        Assert.True(shipping.IsNull("delivery_method_external_code"));
        Assert.True(shipping.IsNull("pod_name"));
        Assert.False(cart.TryGetProperty("items", out _));

        // Not included → not shown; included on a cart without one → null.
        Assert.False((await _client.GetVoog(uuid, "include=items")).TryGetProperty("billing_address", out _));
        var (other, _, _) = await _client.CreateVoogCart(new { });
        Assert.True((await _client.GetVoog(other, "include=billing_address")).IsNull("billing_address"));

        cart = await _client.PutVoog(uuid, new { shipping_address = (object?)null }, query: "include=billing_address,shipping_address");
        Assert.True(cart.IsNull("shipping_address"));
        Assert.Equal("Tallinn", cart.GetProperty("billing_address").Str("city"));
    }

    [Fact]
    public async Task PUT_custom_field_values_are_validated_by_kind_and_merged()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { custom_field_values = new Dictionary<string, object> { ["gift-wrap"] = false } });

        var cart = await _client.PutVoog(uuid, new { custom_field_values = new Dictionary<string, object> { ["delivery-date"] = "2026-12-24" } });
        var values = cart.GetProperty("custom_field_values");
        Assert.Equal("2026-12-24", values.Str("delivery-date"));
        Assert.False(values.GetProperty("gift-wrap").GetBoolean());

        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { custom_field_values = new Dictionary<string, object> { ["delivery-date"] = "24.12.2026" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.delivery-date", "YYYY-MM-DD");
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { custom_field_values = new Dictionary<string, object> { ["gift-wrap"] = "yes" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.gift-wrap", "true or false");
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { custom_field_values = new Dictionary<string, object> { ["colour"] = "red" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "custom_field_values.colour", "delivery-date");

        // A null value removes one field; a null object clears them all.
        cart = await _client.PutVoog(uuid, new { custom_field_values = new Dictionary<string, object?> { ["gift-wrap"] = null } });
        values = cart.GetProperty("custom_field_values");
        Assert.False(values.TryGetProperty("gift-wrap", out _));
        Assert.Equal("2026-12-24", values.Str("delivery-date"));
        cart = await _client.PutVoog(uuid, new { custom_field_values = (object?)null });
        Assert.Empty(cart.GetProperty("custom_field_values").EnumerateObject());
    }

    [Fact]
    public async Task Language_code_localizes_names_and_include_translations_lists_them()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 1, quantity = 1 }, new { product_id = 4, quantity = 1 } } });

        var cart = await _client.GetVoog(uuid, "include=items,translations&language_code=et");
        var items = cart.Items();
        Assert.Equal("Ioonmootor", items[0].Str("product_name"));
        Assert.Equal("Ioonmootor", items[0].GetProperty("product").Str("name"));
        var names = items[0].GetProperty("translations").GetProperty("name");
        Assert.Equal("Ion drive", names.Str("en"));
        Assert.Equal("Ioonmootor", names.Str("et"));
        // The gift card has no translations: its own name in every language.
        Assert.Equal("Gift card", items[1].Str("product_name"));
        Assert.Equal("Gift card", items[1].GetProperty("translations").GetProperty("name").Str("en"));

        cart = await _client.GetVoog(uuid, "include=items");
        Assert.Equal("Ion drive", cart.Items()[0].Str("product_name"));
        Assert.False(cart.Items()[0].TryGetProperty("translations", out _));

        // PUT answers in the language asked for as well; a language without a translation falls back.
        cart = await _client.PutVoog(uuid, new { note = "x" }, query: "include=items&language_code=et");
        Assert.Equal("Ioonmootor", cart.Items()[0].Str("product_name"));
        cart = await _client.GetVoog(uuid, "include=items&language_code=fi");
        Assert.Equal("Ion drive", cart.Items()[0].Str("product_name"));
    }

    [Fact]
    public async Task Include_payment_methods_lists_the_gateways()
    {
        var (uuid, created, _) = await _client.CreateVoogCart(new { }, query: "include=payment_methods");
        var methods = created.Items("payment_methods");
        Assert.Contains(methods, m => m.Str("code") == "offline" && m.Str("gateway_code") == "offline");
        Assert.Contains(methods, m => m.Str("code") == "sandbox" && m.Str("gateway_code") == "sandbox");
        Assert.False(created.TryGetProperty("items", out _));
        Assert.False((await _client.GetVoog(uuid, "")).TryGetProperty("payment_methods", out _));
    }

    [Fact]
    public async Task A_variant_shows_its_parent_and_attributes()
    {
        var (_, cart, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 6, quantity = 2 } } });
        var item = Assert.Single(cart.Items());
        var product = item.GetProperty("product");
        Assert.True(product.GetProperty("is_variant").GetBoolean());
        Assert.Equal(5, product.GetProperty("parent_id").GetInt64());
        Assert.Equal("Color: Red", product.Str("variant_attributes_text"));
        var attribute = Assert.Single(product.Items("variant_attributes"));
        Assert.Equal("Color", attribute.GetProperty("variant_type").Str("name"));
        Assert.Equal("Red", attribute.GetProperty("variant_value").Str("name"));
        Assert.Equal("39.8", item.Str("subtotal_amount"));
        Assert.Equal("47.76", item.Str("amount"));
    }

    [Fact]
    public async Task Other_currencies_use_the_products_own_prices()
    {
        var (usdCart, usd, _) = await _client.CreateVoogCart(new { currency = "usd", items = new[] { new { product_id = 1, quantity = 1 } } });
        Assert.Equal("USD", usd.Str("currency"));
        Assert.Equal("2690.0", usd.Items()[0].Str("product_price"));
        Assert.Equal("2690.0", usd.Str("items_subtotal_amount"));
        Assert.Equal("26.9", usd.Str("items_tax_amount"));
        Assert.Equal("2716.9", usd.Str("total_amount"));
        var outshifter = await _client.GetOutshifter(usdCart);
        Assert.Equal(("USD", "2716.90"), (outshifter.Str("currency"), outshifter.Str("total_amount")));
        Assert.Equal("2690.00", outshifter.Items("line_items")[0].GetProperty("price_data").Str("unit_price"));

        // The space suit has no rate of its own: the store's 20 %.
        var (_, nok, _) = await _client.CreateVoogCart(new { currency = "NOK", items = new[] { new { product_id = 2, quantity = 1 } } });
        Assert.Equal("10500.0", nok.Str("items_subtotal_amount"));
        Assert.Equal("2100.0", nok.Str("items_tax_amount"));
        Assert.Equal("12600.0", nok.Str("total_amount"));
        Assert.Equal("20.0", nok.Items()[0].Str("tax_rate"));

        // A product with no NOK price cannot go into a NOK cart…
        await (await _client.PostAsJsonAsync(Voog, new { currency = "NOK", items = new[] { new { product_id = 1, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0].product_id", "NOK");
        // …and a cart holding one cannot switch to NOK.
        await (await _client.PutAsJsonAsync($"{Voog}/{usdCart}", new { currency = "NOK" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "no price in NOK");
        // Switching to a currency the products have works and reprices.
        var eur = await _client.PutVoog(usdCart, new { currency = "EUR" });
        Assert.Equal("2500.0", eur.Str("total_amount"));
    }

    [Fact]
    public async Task A_currency_the_store_does_not_sell_in_is_refused_naming_currency()
    {
        var before = await factory.CartCount();
        var problem = await (await _client.PostAsJsonAsync(Voog, new { currency = "JPY", items = new[] { new { product_id = 1, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "JPY");
        Assert.Contains("EUR", problem.GetProperty("errors").GetProperty("currency")[0].GetString());
        await (await _client.PostAsJsonAsync(Outshifter, new { customer_session_id = "s", currency = "JPY" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "does not sell in JPY");
        await (await _client.PostAsJsonAsync(Voog, new { currency = "EURO" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency", "ISO 4217");
        Assert.Equal(before, await factory.CartCount());
    }

    [Fact]
    public async Task Shipping_is_priced_in_the_store_currency_only()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { currency = "USD", items = new[] { new { product_id = 1, quantity = 1 } } });
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { shipping_method_id = 1 }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_method_id", "EUR");
    }

    [Fact]
    public async Task A_closed_cart_reads_but_does_not_change()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        await factory.SetStatus(uuid, "closed");

        var cart = await _client.GetVoog(uuid);
        Assert.Equal("closed", cart.Str("status"));
        Assert.False(cart.GetProperty("metainfo").GetProperty("update_allowed").GetBoolean());
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        var before = await _client.Snapshot(uuid);
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { note = "late" })).ExpectProblem(HttpStatusCode.Conflict, text: "closed");
        Assert.Equal(before, await _client.Snapshot(uuid));
    }

    [Fact]
    public async Task Admin_key_is_not_needed_for_a_single_cart_but_works_with_it()
    {
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        var asAdmin = await factory.Admin().GetVoog(uuid);
        var asShopper = await _client.GetVoog(uuid);
        Assert.Equal(asShopper.ToString(), asAdmin.ToString());
    }

    [Fact]
    public async Task Updated_at_moves_with_the_clock_and_created_at_does_not()
    {
        var (uuid, created, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        var createdAt = created.Str("created_at");
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var cart = await _client.PutVoog(uuid, new { note = "later" });
        Assert.Equal(createdAt, cart.Str("created_at"));
        Assert.Equal(DateTime.Parse(createdAt, null, System.Globalization.DateTimeStyles.RoundtripKind).AddMinutes(5),
            DateTime.Parse(cart.Str("updated_at"), null, System.Globalization.DateTimeStyles.RoundtripKind));
    }
}
