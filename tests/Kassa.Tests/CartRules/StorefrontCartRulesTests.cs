using System.Net;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;
using static Kassa.Tests.CartRules.CartRulesApiTests;

namespace Kassa.Tests.CartRules;

/// <summary>GET /api/store tells a storefront the active cart rules and their thresholds.</summary>
public sealed class StorefrontCartRulesTests
{
    [Fact]
    public async Task The_store_lists_the_active_rules_with_their_thresholds_per_currency()
    {
        await using var factory = await KassaFactory.CreateAsync();
        var admin = factory.Admin();
        var free = (await (await admin.PostJson(RulesPath, """
            {"kind":"shipping_cost","target_kind":"shipping_method","target_id":1,
             "conditions":[{"field":"items_subtotal_amount","comparator":">=","value":"50","values":{"USD":"55"}},
                           {"field":"items_subtotal_amount","comparator":">","value":"10"}],
             "result":{"field":"shipping_subtotal_amount","value":"0"}}
            """)).Expect(HttpStatusCode.Created)).Id();
        var minimum = (await (await admin.PostJson(RulesPath, """
            {"kind":"minimum_order_value","conditions":[],"result":{"field":"items_total_amount","value":"15"}}
            """)).Expect(HttpStatusCode.Created)).Id();
        await (await admin.PostJson(RulesPath, """
            {"kind":"items_discount","enabled":false,"conditions":[],"result":{"field":"items_discount_amount","value":"5","value_type":"percentage"}}
            """)).Expect(HttpStatusCode.Created);
        var later = (await (await admin.PostJson(RulesPath, $$"""
            {"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"5","value_type":"percentage"},
             "valid_from":"{{factory.At(TimeSpan.FromDays(1))}}"}
            """)).Expect(HttpStatusCode.Created)).Id();

        var client = factory.Anonymous();
        var response = await client.GetAsync("/api/store");
        var store = await response.Expect(HttpStatusCode.OK);
        var rules = store.Items("cart_rules");
        Assert.Equal([free, minimum], rules.Select(r => r.Id()).ToArray());

        var threshold = rules[0].GetProperty("threshold");
        Assert.Equal(("items_subtotal_amount", ">="), (threshold.Str("field"), threshold.Str("comparator")));
        Assert.Equal("50.00", threshold.GetProperty("amounts").Str("EUR"));
        Assert.Equal("55.00", threshold.GetProperty("amounts").Str("USD"));
        Assert.Equal(1, rules[0].GetProperty("target_id").GetInt64());
        Assert.Equal("0.0", rules[0].GetProperty("result").Str("value"));
        Assert.Equal(("items_total_amount", "15.00"), (rules[1].GetProperty("threshold").Str("field"), rules[1].GetProperty("threshold").GetProperty("amounts").Str("EUR")));

        // A rule whose window opens is shown from then on, and the answer's ETag moves with it.
        factory.Clock.Advance(TimeSpan.FromDays(2));
        var next = await client.GetAsync("/api/store");
        Assert.Equal([free, minimum, later], (await next.Expect(HttpStatusCode.OK)).Items("cart_rules").Select(r => r.Id()).ToArray());
        Assert.NotEqual(response.Headers.ETag, next.Headers.ETag);
        Assert.True((await next.Expect(HttpStatusCode.OK)).Items("cart_rules")[2].IsNull("threshold"));
    }
}
