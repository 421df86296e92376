using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>The Outshifter cart API: create, add (several at once), update, remove, read, delete; price_data trust.</summary>
[Collection(SharedKassa.Carts)]
public sealed class OutshifterCartTests(KassaFactory factory)
{
    private readonly HttpClient _client = factory.Anonymous();

    [Fact]
    public async Task Create_answers_201_with_an_empty_cart()
    {
        var response = await _client.PostAsJsonAsync(Outshifter, new { customer_session_id = "92sdj34234", currency = "EUR" });
        var cart = await response.Expect(HttpStatusCode.Created);

        Assert.True(Guid.TryParse(cart.Str("cart_id"), out var id));
        Assert.Equal(4, id.Version);
        Assert.Equal("92sdj34234", cart.Str("customer_session_id"));
        Assert.Equal(JsonValueKind.Array, cart.GetProperty("line_items").ValueKind);
        Assert.Empty(cart.Items("line_items"));
        Assert.Equal("0.00", cart.Str("total_amount"));
        Assert.Equal("EUR", cart.Str("currency"));
        Assert.Equal(cart.Str("created_at"), cart.Str("updated_at"));
        Assert.Equal(new Uri($"http://localhost/api/cart/{id}"), response.Headers.Location);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);

        var read = await _client.GetOutshifter(id.ToString());
        Assert.Equal(cart.ToString(), read.ToString());
    }

    [Fact]
    public async Task Create_defaults_to_the_store_currency_and_normalizes_codes()
    {
        var empty = await (await _client.PostAsJsonAsync(Outshifter, new { })).Expect(HttpStatusCode.Created);
        Assert.Equal("EUR", empty.Str("currency"));
        Assert.True(empty.IsNull("customer_session_id"));

        var nok = await (await _client.PostAsJsonAsync(Outshifter, new { customer_session_id = "x", currency = "nok" })).Expect(HttpStatusCode.Created);
        Assert.Equal("NOK", nok.Str("currency"));
        Assert.Equal("0.00", nok.Str("total_amount"));

        var ids = new[] { empty.Str("cart_id"), nok.Str("cart_id") };
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task Add_several_items_at_once_including_a_variant()
    {
        var id = await _client.CreateOutshifterCart();
        var response = await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new object[]
            {
                new { product_id = 1, quantity = 2 },
                new { product_id = 5, variant_id = 6, quantity = 1, price_data = new { unit_price = "19.90", tax = "20", currency = "EUR" } },
                new { product_id = 3, variant_id = (long?)null, quantity = 1 },
            },
        });
        var added = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);

        var lines = added.Items("line_items");
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.True(Guid.TryParse(l.Str("id"), out _)));
        Assert.Equal(3, lines.Select(l => l.Str("id")).Distinct().Count());
        // The cart's id is the key to it: fully random. Line ids are only looked up inside their cart: time-ordered.
        Assert.Equal(4, Guid.Parse(id).Version);
        Assert.All(lines, l => Assert.Equal(7, Guid.Parse(l.Str("id")).Version));

        Assert.Equal(1, lines[0].GetProperty("product_id").GetInt64());
        Assert.True(lines[0].IsNull("variant_id"));
        Assert.Equal("Ion drive", lines[0].Str("product_title"));
        Assert.Equal(2, lines[0].GetProperty("quantity").GetInt32());
        Assert.Equal(JsonValueKind.Array, lines[0].GetProperty("product_image").ValueKind);
        var price = lines[0].GetProperty("price_data");
        Assert.Equal(("2475.25", "1", "EUR"), (price.Str("unit_price"), price.Str("tax"), price.Str("currency")));

        // The variant is reported as Outshifter knows it: parent product plus variant id.
        Assert.Equal(5, lines[1].GetProperty("product_id").GetInt64());
        Assert.Equal(6, lines[1].GetProperty("variant_id").GetInt64());
        Assert.Equal("Mission T-shirt", lines[1].Str("product_title"));
        Assert.Equal(("19.90", "20"), (lines[1].GetProperty("price_data").Str("unit_price"), lines[1].GetProperty("price_data").Str("tax")));
        Assert.Equal(("9.99", "9"), (lines[2].GetProperty("price_data").Str("unit_price"), lines[2].GetProperty("price_data").Str("tax")));

        var cart = await _client.GetOutshifter(id);
        Assert.Equal(id, cart.Str("cart_id"));
        Assert.Equal("session-1", cart.Str("customer_session_id"));
        Assert.Equal(lines.Select(l => l.ToString()), cart.Items("line_items").Select(l => l.ToString()));
        // 4950.50 + 49.51 (1 %) + 19.90 + 3.98 (20 %) + 9.99 + 0.90 (9 %)
        Assert.Equal("5034.78", cart.Str("total_amount"));

        // The variant is the product in the cart; Voog shows it with its own id.
        var voog = await _client.GetVoog(id);
        Assert.Equal(new long[] { 1, 6, 3 }, voog.Items().Select(i => i.GetProperty("product_id").GetInt64()));
        Assert.Equal("5034.78", voog.Str("total_amount"));
        AssertTotalsAddUp(voog);
    }

    [Fact]
    public async Task Field_names_are_the_seeds()
    {
        var id = await _client.CreateOutshifterCart();
        var added = await _client.AddOutshifter(id, new { product_id = 5, variant_id = 6, quantity = 1 });
        Assert.Equal(new[] { "line_items" }, added.EnumerateObject().Select(p => p.Name));
        var cart = await _client.GetOutshifter(id);
        Assert.Equal(new[] { "cart_id", "customer_session_id", "created_at", "updated_at", "line_items", "total_amount", "currency" },
            cart.EnumerateObject().Select(p => p.Name));
        var line = cart.Items("line_items")[0];
        Assert.Equal(new[] { "id", "product_id", "product_title", "product_image", "variant_id", "quantity", "price_data" },
            line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "unit_price", "tax", "currency" }, line.GetProperty("price_data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, cart.GetProperty("total_amount").ValueKind);
        Assert.Equal(JsonValueKind.Number, line.GetProperty("quantity").ValueKind);
        Assert.Equal(JsonValueKind.String, line.GetProperty("price_data").GetProperty("unit_price").ValueKind);
    }

    [Fact]
    public async Task The_same_product_at_another_admin_price_in_a_later_request_is_a_second_line()
    {
        // The product is already in the cart (read by hand, untracked); the new line must not insert it again.
        var admin = factory.Admin();
        var id = await admin.CreateOutshifterCart();
        await admin.AddOutshifter(id, new { product_id = 3, quantity = 1, price_data = new { unit_price = "5.00", tax = "9", currency = "EUR" } });
        var productVersion = await ProductVersion(3);
        var added = await admin.AddOutshifter(id, new { product_id = 3, quantity = 2, price_data = new { unit_price = "4.00", tax = "9", currency = "EUR" } });

        Assert.Equal("4.00", Assert.Single(added.Items("line_items")).GetProperty("price_data").Str("unit_price"));
        var cart = await _client.GetOutshifter(id);
        Assert.Equal(new[] { "5.00", "4.00" }, cart.Items("line_items").Select(l => l.GetProperty("price_data").Str("unit_price")));
        Assert.Equal("14.17", cart.Str("total_amount")); // 5.00 + 2 × 4.00 net, plus 9 % tax
        Assert.Equal(productVersion, await ProductVersion(3)); // nor is the product saved as if it had changed
    }

    private async Task<long> ProductVersion(long id)
    {
        await using var scope = factory.Scope(out var db);
        return await db.Products.Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
    }

    [Fact]
    public async Task Adding_a_product_again_merges_into_its_line()
    {
        var id = await _client.CreateOutshifterCart();
        var first = (await _client.AddOutshifter(id, new { product_id = 3, quantity = 1 })).Items("line_items")[0];
        var second = await _client.AddOutshifter(id, new { product_id = 3, quantity = 2 }, new { product_id = 4, quantity = 1 });

        var lines = second.Items("line_items");
        Assert.Equal(2, lines.Count);
        Assert.Equal(first.Str("id"), lines[0].Str("id"));
        Assert.Equal(3, lines[0].GetProperty("quantity").GetInt32());
        var cart = await _client.GetOutshifter(id);
        Assert.Equal(2, cart.Items("line_items").Count);
        Assert.Equal("82.67", cart.Str("total_amount")); // 29.97 + 2.70 + 50.00
    }

    [Fact]
    public async Task Update_quantity_and_delete_an_item_with_the_seed_messages()
    {
        var id = await _client.CreateOutshifterCart();
        var lines = (await _client.AddOutshifter(id, new { product_id = 3, quantity = 1 }, new { product_id = 4, quantity = 1 })).Items("line_items");
        var book = lines[0].Str("id");
        var card = lines[1].Str("id");

        var update = await _client.PatchAsJsonAsync($"{Outshifter}/{id}/item/update/{book}", new { qty = 4 });
        var message = await update.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"message":"The item was updated successfully"}""", message.ToString());
        Assert.Equal("\"3\"", update.Headers.ETag!.Tag);

        var cart = await _client.GetOutshifter(id);
        Assert.Equal(4, cart.Items("line_items").Single(l => l.Str("id") == book).GetProperty("quantity").GetInt32());
        Assert.Equal("93.56", cart.Str("total_amount")); // 39.96 + 3.60 + 50.00

        var delete = await _client.PatchAsync($"{Outshifter}/{id}/item/delete/{card}", null);
        message = await delete.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"message":"The item was removed successfully"}""", message.ToString());

        cart = await _client.GetOutshifter(id);
        var remaining = Assert.Single(cart.Items("line_items"));
        Assert.Equal(book, remaining.Str("id"));
        Assert.Equal("43.56", cart.Str("total_amount"));

        // The removed item is gone for good.
        await (await _client.PatchAsync($"{Outshifter}/{id}/item/delete/{card}", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await _client.PatchAsJsonAsync($"{Outshifter}/{id}/item/update/{card}", new { qty = 1 })).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_cart_answers_the_seed_message_and_then_404_in_both_dialects()
    {
        var id = await _client.CreateOutshifterCart();
        var item = (await _client.AddOutshifter(id, new { product_id = 3, quantity = 1 })).Items("line_items")[0].Str("id");

        var response = await _client.DeleteAsync($"{Outshifter}/{id}");
        var message = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("""{"message":"The cart was deleted successfully"}""", message.ToString());

        await (await _client.GetAsync($"{Outshifter}/{id}")).ExpectProblem(HttpStatusCode.NotFound, text: id);
        await (await _client.GetAsync($"{Voog}/{id}")).ExpectProblem(HttpStatusCode.NotFound, text: id);
        await (await _client.PutAsJsonAsync($"{Voog}/{id}", new { note = "x" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 3, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.NotFound);
        await (await _client.PatchAsJsonAsync($"{Outshifter}/{id}/item/update/{item}", new { qty = 2 })).ExpectProblem(HttpStatusCode.NotFound);
        await (await _client.PatchAsync($"{Outshifter}/{id}/item/delete/{item}", null)).ExpectProblem(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"{Outshifter}/{id}")).ExpectProblem(HttpStatusCode.NotFound);

        // Nor does the admin list show it.
        var list = await (await factory.Admin().GetAsync($"{Voog}?q.cart.uuid.$eq={id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Anonymous_price_data_equal_to_the_catalog_or_omitted_is_accepted()
    {
        var id = await _client.CreateOutshifterCart();
        var added = await _client.AddOutshifter(id,
            new { product_id = 1, quantity = 1, price_data = new { unit_price = "2475.25", tax = "1", currency = "EUR" } },
            new { product_id = 3, quantity = 1, price_data = new { unit_price = 9.990m, tax = 9.0m } },
            new { product_id = 4, quantity = 1, price_data = new { currency = "eur" } },
            new { product_id = 2, quantity = 1 });
        Assert.Equal(4, added.Items("line_items").Count);
        // 2475.25 + 24.75 + 9.99 + 0.90 + 50 + 899 + 179.80
        Assert.Equal("3639.69", (await _client.GetOutshifter(id)).Str("total_amount"));
    }

    [Fact]
    public async Task Anonymous_price_tampering_is_refused_with_the_current_price()
    {
        var id = await _client.CreateOutshifterCart();
        await _client.AddOutshifter(id, new { product_id = 3, quantity = 1 });
        var before = await _client.Snapshot(id);

        var problem = await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new object[]
            {
                new { product_id = 4, quantity = 1 },
                new { product_id = 1, quantity = 1, price_data = new { unit_price = "1.00", tax = "1", currency = "EUR" } },
            },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[1].price_data.unit_price", "2475.25");
        Assert.False(problem.GetProperty("errors").TryGetProperty("line_items[1].price_data.tax", out _));
        var current = Assert.Single(problem.Items("current_prices"));
        Assert.Equal(1, current.GetProperty("product_id").GetInt64());
        Assert.Equal("2475.25", current.Str("unit_price"));
        Assert.Equal("1", current.Str("tax"));
        Assert.Equal("EUR", current.Str("currency"));
        Assert.Equal(before, await _client.Snapshot(id));

        problem = await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 1, quantity = 1, price_data = new { unit_price = "2475.25", tax = "0", currency = "EUR" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.tax", "1 %");
        Assert.False(problem.GetProperty("errors").TryGetProperty("line_items[0].price_data.unit_price", out _));
        Assert.Equal("1", Assert.Single(problem.Items("current_prices")).Str("tax"));

        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 3, quantity = 1, price_data = new { unit_price = "9.99", currency = "USD" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.currency", "EUR");

        Assert.Equal(before, await _client.Snapshot(id));
    }

    [Fact]
    public async Task With_the_admin_key_a_different_price_is_honoured()
    {
        var admin = factory.Admin();
        var id = await admin.CreateOutshifterCart();
        var added = await admin.AddOutshifter(id,
            new { product_id = 1, quantity = 2, price_data = new { unit_price = "2000.00", tax = "1", currency = "EUR" } },
            new { product_id = 3, quantity = 1, price_data = new { unit_price = "9.99", tax = "12" } });
        var lines = added.Items("line_items");
        Assert.Equal("2000.00", lines[0].GetProperty("price_data").Str("unit_price"));
        Assert.Equal("12", lines[1].GetProperty("price_data").Str("tax"));

        // 4000.00 + 40.00 (1 %) + 9.99 + 1.20 (12 %)
        var cart = await _client.GetOutshifter(id);
        Assert.Equal("4051.19", cart.Str("total_amount"));
        var voog = await _client.GetVoog(id);
        Assert.Equal("4009.99", voog.Str("items_subtotal_amount"));
        Assert.Equal("41.2", voog.Str("items_tax_amount"));
        Assert.Equal("2000.0", voog.Items()[0].Str("price"));
        Assert.Equal("2475.25", voog.Items()[0].Str("product_price"));
        Assert.Equal("12.0", voog.Items()[1].Str("tax_rate"));
        AssertTotalsAddUp(voog);

        // The catalog price of the same product is a separate line.
        var more = await _client.AddOutshifter(id, new { product_id = 1, quantity = 1 });
        Assert.Equal("2475.25", more.Items("line_items")[0].GetProperty("price_data").Str("unit_price"));
        Assert.Equal(3, (await _client.GetOutshifter(id)).Items("line_items").Count);

        // The admin's price must still be a valid amount.
        await (await admin.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 3, quantity = 1, price_data = new { unit_price = "-1" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.unit_price", "negative");
        await (await admin.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 3, quantity = 1, price_data = new { unit_price = "1.001" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.unit_price", "decimals");
        await (await admin.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 3, quantity = 1, price_data = new { tax = "101" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.tax", "0 to 100");
    }

    [Fact]
    public async Task A_wrong_admin_key_counts_as_anonymous()
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Add("X-API-TOKEN", "not-the-key");
        var id = await client.CreateOutshifterCart();
        await (await client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = 1, quantity = 1, price_data = new { unit_price = "1.00" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.unit_price");
    }

    [Fact]
    public async Task Variants_are_checked_against_their_parent_and_stock()
    {
        var id = await _client.CreateOutshifterCart();
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 1, variant_id = 6, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].variant_id", "not a variant of product 1");
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 5, variant_id = 7, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].quantity", "out of stock");
        Assert.Empty((await _client.GetOutshifter(id)).Items("line_items"));
    }

    [Fact]
    public async Task A_NOK_cart_prices_in_NOK()
    {
        var id = await _client.CreateOutshifterCart("NOK");
        var line = (await _client.AddOutshifter(id, new { product_id = 2, quantity = 2 })).Items("line_items")[0];
        Assert.Equal(("10500.00", "20", "NOK"), (line.GetProperty("price_data").Str("unit_price"), line.GetProperty("price_data").Str("tax"), line.GetProperty("price_data").Str("currency")));
        Assert.Equal("25200.00", (await _client.GetOutshifter(id)).Str("total_amount"));
        await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = new[] { new { product_id = 3, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].product_id", "not sold in NOK");
    }
}
