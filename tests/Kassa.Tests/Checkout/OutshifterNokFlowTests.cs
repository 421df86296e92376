using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>
/// The Outshifter document's flow entirely in NOK, in a EUR store that sells in NOK: a NOK cart, the seed's NOK flat-rate
/// request, the checkout charging that rate, the sandbox payment and the paid order, every amount in NOK and none converted.
/// Amounts per currency are explicit, so a NOK amount that is missing is named (which product or method, which currency).
/// </summary>
public sealed class OutshifterNokFlowTests
{
    private static async Task<KassaFactory> NokStore()
    {
        var f = await KassaFactory.CreateAsync();
        var admin = f.Admin();
        // The space suit sells at NOK 10500 (demo); its flat rate gets NOK amounts: 150 anywhere, 175 to Norway.
        await (await admin.PutAsJsonAsync($"{VoogApi}/products/{SpaceSuit}",
            new { shipping = new { flat_rate = 15, prices = new { NOK = new { flat_rate = 150, country_rates = new { NO = 175 } } } } })).Expect(HttpStatusCode.OK);
        // Norway's standard VAT, 25 %, for goods and shipping sent there.
        await (await admin.PostAsJsonAsync($"{VoogApi}/tax_rates", new { country_code = "NO", tax_class = "standard", rate = 25 })).Expect(HttpStatusCode.Created);
        return f;
    }

    [Fact]
    public async Task A_NOK_cart_is_quoted_checked_out_paid_and_ordered_in_NOK()
    {
        await using var f = await NokStore();
        var client = f.Anonymous();

        var cart = await (await client.PostAsJsonAsync(CartPath, new { customer_session_id = "nok", currency = "NOK" })).Expect(HttpStatusCode.Created);
        var cartId = cart.Str("cart_id");
        Assert.Equal("NOK", cart.Str("currency"));
        var added = await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add",
            new { line_items = new[] { new { product_id = SpaceSuit, quantity = 1 } } })).Expect(HttpStatusCode.OK);
        Assert.Equal("NOK", added.GetProperty("line_items")[0].GetProperty("price_data").Str("currency"));

        // The seed's flat-rate request, in NOK: 175 net to Norway + 25 % = 218.75, tax included.
        var quote = await (await client.PostAsJsonAsync(FlatRate, new
        {
            items = new[] { new { productId = SpaceSuit, quantity = 1 } },
            destination = new { country = "NO" },
            currency = "NOK",
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("NOK", quote.Str("currency"));
        Assert.Equal("218.75", quote.Str("total_price"));
        Assert.Equal("43.75", quote.Str("total_tax"));
        Assert.Equal($"{SpaceSuit}-FRP", quote.Str("service_code"));

        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        var checkout = await client.PatchCheckout(checkoutId, new
        {
            shipping_address = Address,
            billing_address = Address,
            email = "ada@example.com",
            payment_method = "sandbox",
            shipping_rate = new { service_code = quote.Str("service_code") },
        });
        // 10500 + 25 % = 13125.00; with the shipping 13343.75; tax 2625.00 + 43.75.
        Assert.Equal("218.75", checkout.GetProperty("shipping_rate").Str("total_price"));
        Assert.Equal("13343.75", checkout.Str("total_price"));
        Assert.Equal("2668.75", checkout.Str("total_tax"));
        Assert.Equal("NOK", checkout.GetProperty("cart").Str("currency"));

        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { })).Expect(HttpStatusCode.OK);
        var orderId = started.GetProperty("order_id").GetInt64();
        var pending = await f.GetOrder(orderId);
        Assert.Equal("NOK", pending.Str("currency"));
        Assert.Equal(13343.75m, pending.Dec("total_amount"));
        Assert.Equal(218.75m, pending.Dec("shipping_total_amount"));

        var pay = await client.Sandbox(started.Str("checkout_url"), "pay");
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        var paid = await f.GetOrder(orderId);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("NOK", paid.Str("currency"));
        Assert.Equal(13343.75m, paid.Dec("total_amount"));
        Assert.Equal(2668.75m, paid.Dec("items_tax_amount") + paid.Dec("shipping_tax_amount"));
    }

    [Fact]
    public async Task A_shipping_method_with_a_NOK_price_is_charged_in_NOK_and_one_without_is_refused_by_name()
    {
        await using var f = await NokStore();
        await (await f.Admin().PutAsJsonAsync($"{VoogApi}/shipping_methods/{PostalService}", new { prices = new { NOK = 49 } })).Expect(HttpStatusCode.OK);
        var client = f.Anonymous();
        var (uuid, _) = await client.VoogCart(new { currency = "NOK", items = new[] { new { product_id = SpaceSuit, quantity = 1 } } });

        // Advanced shipping has no NOK amounts: the problem names the method and the currency, and the cart stays as it was.
        var before = await client.CartSnapshot(uuid);
        var problem = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { shipping_method_id = AdvancedShipping, shipping_method_option = "express" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var text = problem.GetRawText();
        Assert.Contains($"shipping method {AdvancedShipping}", text, StringComparison.Ordinal);
        Assert.Contains("NOK", text, StringComparison.Ordinal);
        Assert.Equal(before, await client.CartSnapshot(uuid));

        // The postal service's NOK 49 (at the store default; no destination yet) is what the cart charges.
        var chosen = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}?include=items", new { shipping_method_id = PostalService })).Expect(HttpStatusCode.OK);
        Assert.Equal("NOK", chosen.Str("currency"));
        Assert.Equal("49.0", chosen.GetProperty("shipping_method").Str("amount"));
        Assert.Equal(49m, chosen.Dec("shipping_subtotal_amount"));
    }

    [Fact]
    public async Task A_NOK_flat_rate_cart_that_gains_a_product_without_a_NOK_rate_names_it_before_payment()
    {
        await using var f = await NokStore();
        var client = f.Anonymous();
        var cartId = (await (await client.PostAsJsonAsync(CartPath, new { customer_session_id = "nok", currency = "NOK" })).Expect(HttpStatusCode.Created)).Str("cart_id");
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = SpaceSuit, quantity = 1 } } })).Expect(HttpStatusCode.OK);
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        await client.PatchCheckout(checkoutId, new
        {
            shipping_address = Address, billing_address = Address, email = "ada@example.com", payment_method = "sandbox",
            shipping_rate = new { service_code = $"{SpaceSuit}-FRP" },
        });
        // A product with a NOK price but a flat rate in EUR only.
        await (await f.Admin().PutAsJsonAsync($"{VoogApi}/products/{StarChart}",
            new { prices = new Dictionary<string, decimal> { ["NOK"] = 99 }, shipping = new { flat_rate = 2 } })).Expect(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } })).Expect(HttpStatusCode.OK);

        var problem = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { })).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var text = problem.GetRawText();
        Assert.Contains($"product {StarChart}", text, StringComparison.Ordinal);
        Assert.Contains("NOK", text, StringComparison.Ordinal);
        Assert.Equal(0, await f.OrderCount());
    }

    [Fact]
    public async Task The_flat_rate_in_a_currency_a_product_has_no_rate_in_names_the_product()
    {
        await using var f = await NokStore();
        var problem = await (await f.Anonymous().PostAsJsonAsync(FlatRate, new
        {
            items = new[] { new { productId = SpaceSuit, quantity = 1 }, new { productId = IonDrive, quantity = 1 } },
            destination = new { country = "NO" },
            currency = "NOK",
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency");
        var why = problem.ErrorText("currency");
        Assert.Contains($"product {IonDrive}", why, StringComparison.Ordinal);
        Assert.DoesNotContain($"product {SpaceSuit} ", why, StringComparison.Ordinal);
        Assert.Contains("NOK", why, StringComparison.Ordinal);
    }
}
