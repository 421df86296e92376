using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;
using static Kassa.Tests.CartRules.CartRulesApiTests;

namespace Kassa.Tests.CartRules;

/// <summary>
/// Rules as both dialects show them, re-evaluated on every cart write, kept by orders. Rules apply to every cart of the
/// store, so each test has a store of its own.
/// </summary>
public sealed class CartRulesInCartsTests
{
    private static async Task<long> Rule(KassaFactory factory, string body) =>
        (await (await factory.Admin().PostJson(RulesPath, body)).Expect(HttpStatusCode.Created)).Id();

    private static object Items(long product, int quantity) => new[] { new { product_id = product, quantity } };

    [Fact]
    public async Task Voogs_example_lowers_shipping_once_the_items_pass_the_threshold_in_both_dialects()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        var id = await Rule(factory, VoogExample);

        var (uuid, cart, _) = await client.CreateVoogCart(new { items = Items(Demo.StarChart, 1), shipping_method_id = Demo.PostalService });
        Assert.Equal(("3.5", "3.5", false), (cart.Str("shipping_subtotal_amount"), cart.Str("shipping_original_amount"), cart.GetProperty("cart_rules_applied").GetBoolean()));

        // Two charts (19.98) pass 10.0: the write re-evaluates the rule.
        cart = await client.PutVoog(uuid, new { items = Items(Demo.StarChart, 2) });
        Assert.Equal("1.0", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("3.5", cart.Str("shipping_original_amount"));
        Assert.Equal("1.2", cart.Str("shipping_total_amount"));
        Assert.True(cart.GetProperty("cart_rules_applied").GetBoolean());
        AssertTotalsAddUp(cart);
        Assert.Equal("22.98", cart.Str("total_amount")); // 19.98 + 1.80 tax (9 %) + 1.2 shipping

        var outshifter = await client.GetOutshifter(uuid);
        Assert.Equal("22.98", outshifter.Str("total_amount"));

        // The rule switched off: the next read prices without it.
        await (await factory.Admin().PutJson($"{RulesPath}/{id}", """{"enabled":false}""")).Expect(HttpStatusCode.OK);
        cart = await client.GetVoog(uuid);
        Assert.Equal(("3.5", false), (cart.Str("shipping_subtotal_amount"), cart.GetProperty("cart_rules_applied").GetBoolean()));
        Assert.Equal("25.98", (await client.GetOutshifter(uuid)).Str("total_amount"));
    }

    [Fact]
    public async Task A_discount_code_that_lowers_the_items_below_a_threshold_takes_the_free_shipping_away()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        await Rule(factory, """
            {"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":">=","value":"50"}],
             "result":{"field":"shipping_subtotal_amount","value":"0"}}
            """);
        await factory.CreateDiscount(new { code = "TWENTY", discount_type = "percentage", amount = 20 });

        // Gift cards (50.0 each): free shipping from 50.0.
        var (uuid, cart, _) = await client.CreateVoogCart(new { items = Items(Demo.GiftCard, 1), shipping_method_id = Demo.PostalService });
        cart = await client.PutVoog(uuid, new { items = Items(Demo.GiftCard, 2) }); // 100.0
        Assert.Equal("0.0", cart.Str("shipping_subtotal_amount"));

        cart = await client.PutVoog(uuid, new { items = Items(Demo.GiftCard, 1) });
        Assert.Equal("50.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("0.0", cart.Str("shipping_subtotal_amount"));

        // 20 % off 50 is 40: below the threshold after the code, so shipping is charged.
        cart = await client.PutVoog(uuid, new { discount_code = "TWENTY" });
        Assert.Equal("40.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("3.5", cart.Str("shipping_subtotal_amount"));
        Assert.False(cart.GetProperty("cart_rules_applied").GetBoolean());
        AssertTotalsAddUp(cart);
    }

    [Fact]
    public async Task A_minimum_order_value_refuses_checkout_saying_how_much_is_missing()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        await Rule(factory, """{"kind":"minimum_order_value","conditions":[],"result":{"field":"items_subtotal_amount","value":"20.0"}}""");

        var (uuid, cart, _) = await client.CreateVoogCart(new { items = Items(Demo.StarChart, 1) });
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.False(cart.GetProperty("cart_rules_applied").GetBoolean());

        await (await client.PostAsJsonAsync($"{Voog}/{uuid}/checkout", new { gateway_code = "offline" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items_subtotal_amount", "add 10.01 EUR more");

        cart = await client.PutVoog(uuid, new { items = Items(Demo.StarChart, 3) }); // 29.97
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        await (await client.PostAsJsonAsync($"{Voog}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_automatic_discount_is_kept_by_the_order_as_it_stood()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        var id = await Rule(factory, """
            {"kind":"items_discount","conditions":[{"field":"items_quantity","comparator":">=","value":"2"}],
             "result":{"field":"items_discount_amount","value":"10","value_type":"percentage"}}
            """);

        var (uuid, cart, _) = await client.CreateVoogCart(new { items = Items(Demo.GiftCard, 2) });
        Assert.Equal(("100.0", "90.0"), (cart.Str("items_original_amount"), cart.Str("items_subtotal_amount")));
        Assert.True(cart.Items()[0].GetProperty("has_item_discount").GetBoolean());
        Assert.Equal("90.00", (await client.GetOutshifter(uuid)).Str("total_amount"));

        var order = await (await client.PostAsJsonAsync($"{Voog}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.True(order.GetProperty("cart_rules_applied").GetBoolean());
        Assert.Equal("90.0", order.Str("total_amount"));
        var kept = Assert.Single(order.Items("cart_rules"));
        Assert.Equal((id, "items_discount", "10.0"), (kept.Id(), kept.Str("kind"), kept.GetProperty("result").Str("value")));

        // Changing the rule later changes nothing the order sold.
        await (await factory.Admin().DeleteAsync($"{RulesPath}/{id}")).Expect(HttpStatusCode.NoContent);
        var again = await (await factory.Admin().GetAsync($"{VoogApi}/orders/{order.Id()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(order.GetProperty("cart_rules").ToString(), again.GetProperty("cart_rules").ToString());
        Assert.Equal("90.0", again.Str("total_amount"));
    }

    [Fact]
    public async Task The_validity_window_is_read_on_the_store_clock()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        await Rule(factory, $$"""
            {"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"5"},
             "valid_from":"{{factory.At(TimeSpan.FromDays(1))}}","valid_to":"{{factory.At(TimeSpan.FromDays(2))}}"}
            """);
        var (uuid, cart, _) = await client.CreateVoogCart(new { items = Items(Demo.GiftCard, 1) });
        Assert.Equal("50.0", cart.Str("items_subtotal_amount"));

        factory.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal("45.0", (await client.GetVoog(uuid)).Str("items_subtotal_amount"));

        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("50.0", (await client.GetVoog(uuid)).Str("items_subtotal_amount"));
    }

    [Fact]
    public async Task Amounts_apply_per_currency_and_not_at_all_in_a_currency_the_rule_has_none_in()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var client = factory.Anonymous();
        await Rule(factory, """{"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"5","values":{"USD":"7"}}}""");
        await Rule(factory, """
            {"kind":"minimum_order_value","conditions":[],"result":{"field":"items_total_amount","value":"5000","values":{"NOK":"20000"}}}
            """);

        var usd = await client.CreateVoogCart(new { items = Items(Demo.SpaceSuit, 1), currency = "USD" });
        Assert.Equal(("990.0", "983.0"), (usd.Body.Str("items_original_amount"), usd.Body.Str("items_subtotal_amount")));
        Assert.True(usd.Body.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean()); // no USD minimum

        var nok = await client.CreateVoogCart(new { items = Items(Demo.SpaceSuit, 1), currency = "NOK" });
        Assert.Equal("10500.0", nok.Body.Str("items_subtotal_amount")); // no NOK amount for the discount
        await (await client.PostAsJsonAsync($"{Voog}/{nok.Uuid}/checkout", new { gateway_code = "offline" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items_total_amount", "NOK");
    }
}
