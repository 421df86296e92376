using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>
/// The flat-rate quote to a country with a rate of its own is what a cart shipped there pays for that shipping, in every
/// entry mode, including gross prices that follow the destination rate.
/// </summary>
public sealed class FlatRateDestinationTests
{
    [Theory]
    [InlineData("net", false, "31.38", "6.38")]    // 25 net + FI's 25.5 % (6.375 → 6.38)
    [InlineData("gross", false, "25.00", "5.08")]  // 25 gross as entered; 25 / 1.255 = 19.92 net
    [InlineData("gross", true, "25.72", "5.23")]   // 25 entered for EE (22 %) moved to FI: 25 × 125.5 / 122 = 25.72; net 20.49
    public async Task The_quote_to_a_country_is_the_shipping_a_cart_sent_there_pays(string mode, bool follow, string totalPrice, string totalTax)
    {
        await using var f = await KassaFactory.CreateAsync();
        await f.PutSettings(new { price_entry_mode = mode, country_code = "EE", gross_prices_follow_destination = follow });
        foreach (var (country, rate) in new[] { ("EE", 22m), ("FI", 25.5m) })
            await (await f.Admin().PostAsJsonAsync($"{VoogApi}/tax_rates", new { country_code = country, rate })).Expect(HttpStatusCode.Created);
        var client = f.Anonymous();

        var quote = await (await client.PostAsJsonAsync(FlatRate, new { items = new[] { new { productId = IonDrive, quantity = 1 } }, destination = new { country = "FI" } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(totalPrice, quote.Str("total_price"));
        Assert.Equal(totalTax, quote.Str("total_tax"));

        var cartId = await client.OutshifterCart((IonDrive, 1));
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        var address = new { first_name = "Ada", last_name = "Lovelace", address1 = "Main 1", city = "Helsinki", zip = "00100", country_code = "FI" };
        var checkout = await client.PatchCheckout(checkoutId, new { shipping_address = address, shipping_rate = new { service_code = quote.Str("service_code") } });
        Assert.Equal(totalPrice, checkout.GetProperty("shipping_rate").Str("total_price"));
        var voog = await client.GetVoogCart(cartId);
        Assert.Equal(decimal.Parse(totalPrice, CultureInfo.InvariantCulture), voog.Dec("shipping_total_amount"));
        Assert.Equal(decimal.Parse(totalTax, CultureInfo.InvariantCulture), voog.Dec("shipping_tax_amount"));
    }
}
