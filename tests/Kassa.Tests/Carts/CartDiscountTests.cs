using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>Which discount codes a cart accepts, and what happens when an applied one stops being valid.</summary>
public sealed class CartDiscountTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    private static string Code(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private async Task<string> CartWithABook() =>
        (await _client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 2 } } })).Uuid;

    private async Task Refused(string uuid, string code, string why)
    {
        var before = await _client.Snapshot(uuid);
        await (await _client.PutAsJsonAsync($"{Voog}/{uuid}", new { discount_code = code }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "discount_code", why);
        Assert.Equal(before, await _client.Snapshot(uuid));
    }

    [Fact]
    public async Task An_expired_discount_is_refused()
    {
        var code = Code("OLD");
        await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 10, valid_to = factory.At(TimeSpan.FromDays(-1)) });
        await Refused(await CartWithABook(), code, "expired");
    }

    [Fact]
    public async Task A_discount_that_has_not_started_is_refused()
    {
        var code = Code("SOON");
        await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 10, valid_from = factory.At(TimeSpan.FromDays(1)) });
        await Refused(await CartWithABook(), code, "not valid until");
    }

    [Fact]
    public async Task A_discount_at_its_redemption_limit_is_refused()
    {
        var code = Code("ONCE");
        var id = await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 10, redemption_limit = 2 });
        var uuid = await CartWithABook();
        // One redemption left: accepted.
        await using (var scope = factory.Scope(out var db))
        {
            db.Discounts.Single(d => d.Id == id).RedemptionCount = 1;
            await db.SaveChangesAsync();
        }
        Assert.Equal(code, (await _client.PutVoog(uuid, new { discount_code = code })).GetProperty("discount").Str("code"));
        await _client.PutVoog(uuid, new { discount_code = (string?)null });

        await using (var scope = factory.Scope(out var db))
        {
            db.Discounts.Single(d => d.Id == id).RedemptionCount = 2;
            await db.SaveChangesAsync();
        }
        await Refused(uuid, code, "redemption limit");
    }

    [Fact]
    public async Task A_closed_discount_is_refused()
    {
        var code = Code("SHUT");
        await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 10, status = "closed" });
        await Refused(await CartWithABook(), code, "closed");
    }

    [Fact]
    public async Task An_unknown_code_is_refused_and_names_the_code()
    {
        await Refused(await CartWithABook(), "NOSUCHCODE", "NOSUCHCODE");
    }

    [Fact]
    public async Task A_fixed_amount_discount_applies_in_its_own_currency_only()
    {
        var code = Code("TENOFF");
        await factory.CreateDiscount(new { code, discount_type = "fixed_amount", amount = 10, currency = "EUR", applies_to = "products" });

        var uuid = await CartWithABook();
        var cart = await _client.PutVoog(uuid, new { discount_code = code });
        Assert.Equal("19.98", cart.Str("items_original_amount"));
        Assert.Equal("9.98", cart.Str("items_subtotal_amount"));
        Assert.Equal("0.9", cart.Str("items_tax_amount")); // 9.98 × 9 % = 0.8982
        Assert.Equal("10.88", cart.Str("total_amount"));
        Assert.Equal("fixed_amount", cart.GetProperty("discount").Str("discount_type"));
        Assert.Equal("10.0", cart.GetProperty("discount").Str("amount"));
        AssertTotalsAddUp(cart);

        // Never below zero.
        cart = await _client.PutVoog(uuid, new { items = new[] { new { product_id = 3, quantity = 1 } } });
        Assert.Equal("0.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("0.0", cart.Str("total_amount"));

        var (usd, _, _) = await _client.CreateVoogCart(new { currency = "USD", items = new[] { new { product_id = 1, quantity = 1 } } });
        await Refused(usd, code, "EUR");
    }

    [Fact]
    public async Task A_discount_that_expires_after_it_was_applied_stops_applying()
    {
        var code = Code("BRIEF");
        await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 50, valid_to = factory.At(TimeSpan.FromHours(1)) });
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 4, quantity = 1 } }, discount_code = code });

        var cart = await _client.GetVoog(uuid);
        Assert.Equal("25.0", cart.Str("total_amount"));
        Assert.Equal(code, cart.GetProperty("discount").Str("code"));
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.Equal("25.00", (await _client.GetOutshifter(uuid)).Str("total_amount"));
        var etag = await _client.ETag(uuid);

        factory.Clock.Advance(TimeSpan.FromHours(2));

        cart = await _client.GetVoog(uuid);
        Assert.True(cart.IsNull("discount"));
        Assert.Equal("50.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("50.0", cart.Str("total_amount"));
        Assert.False(cart.Items()[0].GetProperty("has_item_discount").GetBoolean());
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.True(cart.GetProperty("metainfo").GetProperty("update_allowed").GetBoolean());
        Assert.Equal("50.00", (await _client.GetOutshifter(uuid)).Str("total_amount"));
        // Nothing was written: reading a cart never changes it.
        Assert.Equal(etag, await _client.ETag(uuid));

        // Taking the stale code off makes the cart checkout-ready again; putting it back is refused.
        cart = await _client.PutVoog(uuid, new { discount_code = (string?)null });
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        await Refused(uuid, code, "expired");
    }

    [Fact]
    public async Task A_discount_closed_by_the_admin_stops_applying_to_carts_holding_it()
    {
        var code = Code("HALF");
        var id = await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 50 });
        var (uuid, _, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = 4, quantity = 2 } }, discount_code = code });
        Assert.Equal("50.0", (await _client.GetVoog(uuid)).Str("total_amount"));

        await (await factory.Admin().PutAsJsonAsync($"{VoogApi}/discounts/{id}", new { status = "closed" })).Expect(HttpStatusCode.OK);

        var cart = await _client.GetVoog(uuid);
        Assert.Equal("100.0", cart.Str("total_amount"));
        Assert.True(cart.IsNull("discount"));
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
    }

    [Fact]
    public async Task An_order_wide_percentage_discount_also_reduces_shipping()
    {
        var code = Code("ALL");
        await factory.CreateDiscount(new { code, discount_type = "percentage", amount = 10, applies_to = "order" });
        var (_, cart, _) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = 4, quantity = 1 } },
            shipping_method_id = 1,
            discount_code = code,
        });
        Assert.Equal("45.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("3.5", cart.Str("shipping_original_amount"));
        Assert.Equal("3.15", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("0.63", cart.Str("shipping_tax_amount"));
        Assert.Equal("48.78", cart.Str("total_amount"));
        AssertTotalsAddUp(cart);
    }
}
