using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Carts;

/// <summary>
/// A cart whose destination or currency changes is repriced in that same write, in both dialects: the answer to the
/// change already carries the new tax and amounts. The store has EE and FI standard rates; SE has none, so a cart sent
/// there pays the product's own rate as before.
/// </summary>
public sealed class DestinationRepricingTests
{
    private static async Task<(KassaFactory Factory, long Product)> Store()
    {
        var f = await KassaFactory.CreateAsync();
        var admin = f.Admin();
        foreach (var (country, rate) in new[] { ("EE", 22m), ("FI", 25.5m) })
            await (await admin.PostAsJsonAsync($"{VoogApi}/tax_rates", new { country_code = country, rate })).Expect(HttpStatusCode.Created);
        var product = await f.CreateProduct(new { name = "Lamp", price = 100, prices = new { NOK = 1000 }, tax_rate = 9, status = "live" });
        await (await admin.PutAsJsonAsync($"{VoogApi}/shipping_methods/{PostalService}", new { prices = new { NOK = 40 } })).Expect(HttpStatusCode.OK);
        return (f, product);
    }

    private static object To(string country) => new { name = "Ada Lovelace", address1 = "Main 1", city = "Town", zip_code = "10111", country_code = country };

    [Fact]
    public async Task A_Voog_cart_moving_from_EE_to_FI_is_repriced_in_the_same_write()
    {
        var (f, product) = await Store();
        await using var _ = f;
        var client = f.Anonymous();
        var (uuid, ee) = await client.VoogCart(new
        {
            items = new[] { new { product_id = product, quantity = 1 } },
            shipping_method_id = PostalService,
            shipping_address = To("ee"),
        });
        // EE: 100 × 22 % = 22.00; shipping 3.5 × 22 % = 0.77.
        Assert.Equal(22.0m, ee.Dec("items_tax_amount"));
        Assert.Equal(0.77m, ee.Dec("shipping_tax_amount"));
        Assert.Equal(126.27m, ee.Dec("total_amount"));
        var etag = await client.ETag(uuid);

        var fi = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}?include=items", new { shipping_address = new { country_code = "fi" } })).Expect(HttpStatusCode.OK);
        // FI: 100 × 25.5 % = 25.50; shipping 3.5 × 25.5 % = 0.8925 → 0.89.
        Assert.Equal(25.5m, fi.Dec("items_tax_amount"));
        Assert.Equal(0.89m, fi.Dec("shipping_tax_amount"));
        Assert.Equal(129.89m, fi.Dec("total_amount"));
        Assert.Equal("25.5", fi.Items()[0].Str("tax_rate"));
        Assert.Equal(["25.5"], fi.GetProperty("tax_amounts").EnumerateArray().Select(t => t.Str("tax_rate")));
        Assert.NotEqual(etag, await client.ETag(uuid));
        // The other dialect reads the same amounts.
        Assert.Equal("129.89", (await client.GetOutshifter(uuid)).Str("total_amount"));

        // SE has no rows: the product's own 9 % and the method's own 20 %, as before destinations counted.
        var se = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { shipping_address = new { country_code = "se" } })).Expect(HttpStatusCode.OK);
        Assert.Equal(9.0m, se.Dec("items_tax_amount"));
        Assert.Equal(0.7m, se.Dec("shipping_tax_amount"));
    }

    [Fact]
    public async Task A_cart_changing_currency_is_repriced_in_the_same_write_with_its_shipping()
    {
        var (f, product) = await Store();
        await using var _ = f;
        var client = f.Anonymous();
        var (uuid, _) = await client.VoogCart(new { items = new[] { new { product_id = product, quantity = 2 } }, shipping_method_id = PostalService, shipping_address = To("fi") });

        var nok = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { currency = "NOK" })).Expect(HttpStatusCode.OK);
        // 2 × 1000 + 25.5 % = 2510.00; shipping NOK 40 + 25.5 % = 50.20.
        Assert.Equal("NOK", nok.Str("currency"));
        Assert.Equal(2000m, nok.Dec("items_subtotal_amount"));
        Assert.Equal(2510m, nok.Dec("items_total_amount"));
        Assert.Equal(50.2m, nok.Dec("shipping_total_amount"));
        Assert.Equal(2560.2m, nok.Dec("total_amount"));
        var outshifter = await client.GetOutshifter(uuid);
        Assert.Equal("NOK", outshifter.Str("currency"));
        Assert.Equal("2560.20", outshifter.Str("total_amount"));
    }

    [Fact]
    public async Task An_Outshifter_checkout_changing_its_shipping_country_is_repriced_in_the_same_write()
    {
        var (f, product) = await Store();
        await using var _ = f;
        var client = f.Anonymous();
        var cartId = await client.OutshifterCart((product, 1));
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        var address = new { first_name = "Ada", last_name = "Lovelace", address1 = "Main 1", city = "Town", zip = "10111", country_code = "EE" };

        var ee = await client.PatchCheckout(checkoutId, new { shipping_address = address, shipping_rate = new { shipping_method_id = PostalService } });
        Assert.Equal("126.27", ee.Str("total_price"));
        Assert.Equal("22.77", ee.Str("total_tax"));

        var fi = await client.PatchCheckout(checkoutId, new { shipping_address = address with { country_code = "FI" } });
        Assert.Equal("129.89", fi.Str("total_price"));
        Assert.Equal("26.39", fi.Str("total_tax"));
    }
}
