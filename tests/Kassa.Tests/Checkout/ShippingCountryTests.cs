using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using Kassa.Data;

namespace Kassa.Tests.Checkout;

/// <summary>
/// A shipping method's <c>countries</c> is enforced: choosing a method that does not ship to the cart's destination is a
/// 422, and a cart whose destination the chosen method does not serve cannot be checked out, in either dialect.
/// </summary>
public sealed class ShippingCountryTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _client = factory.Anonymous();

    /// <summary>A shipping method of this test's own, serving <paramref name="countries"/> (none: every country).</summary>
    private async Task<long> Method(params string[] countries)
    {
        var response = await factory.Admin().PostAsJsonAsync($"{VoogApi}/shipping_methods",
            new { name = $"Courier {Guid.NewGuid():N}", amount = 5m, tax_rate = 20m, countries });
        return (await response.Expect(HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    private static object VoogAddress(string country) =>
        new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Riga", zip_code = "1050", country_code = country };

    private static object VoogCartBody(long method, string? country) => new
    {
        items = new[] { new { product_id = StarChart, quantity = 1 } },
        shipping_method_id = method,
        customer = new { name = "Ada Lovelace", email = "ada@example.com" },
        shipping_address = country is null ? null : VoogAddress(country),
    };

    private static object OutshifterAddress(string country) =>
        new { first_name = "Ada", last_name = "Lovelace", address1 = "Main Street 1", city = "Somewhere", zip = "1050", country_code = country };

    private Task<HttpResponseMessage> VoogCheckout(string uuid) =>
        _client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline", payment_method = "offline" });

    public static TheoryData<string[], string, bool> Destinations => new()
    {
        { ["EE"], "lv", false },
        { ["EE"], "ee", true },
        { ["EE"], "EE", true },
        { ["EE", "LV"], "lv", true },
        { ["FI", "SE"], "ee", false },
        // A method without countries ships anywhere.
        { [], "lv", true },
    };

    [Theory]
    [MemberData(nameof(Destinations))]
    public async Task Voog_choosing_a_method_is_checked_against_the_destination_and_so_is_checkout(string[] countries, string destination, bool ships)
    {
        var method = await Method(countries);

        // The method and the address in one request: the address the request leaves counts.
        var created = await _client.PostAsJsonAsync($"{VoogCarts}?include=items", VoogCartBody(method, destination));
        if (!ships)
        {
            await created.ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_method_id", destination.ToUpperInvariant());
            // A cart already shipping there cannot choose the method either, and stays as it was.
            var (uuid, _) = await _client.VoogCart(VoogCartBody(PostalService, destination));
            var before = await _client.CartSnapshot(uuid);
            await (await _client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { shipping_method_id = method }))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_method_id", destination.ToUpperInvariant());
            Assert.Equal(before, await _client.CartSnapshot(uuid));
            return;
        }
        var cart = await created.Expect(HttpStatusCode.Created);
        Assert.Equal(method, cart.GetProperty("shipping_method_id").GetInt64());
        Assert.Equal("6.0", cart.Str("shipping_total_amount"));
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean(), $"{cart}");
        var order = await (await VoogCheckout(cart.Str("uuid"))).Expect(HttpStatusCode.OK);
        Assert.Equal(method, order.GetProperty("shipping_method_id").GetInt64());
    }

    [Fact]
    public async Task Voog_an_address_moved_out_of_the_methods_countries_is_kept_but_blocks_checkout_until_it_ships_again()
    {
        var method = await Method("EE");
        var (uuid, _) = await _client.VoogCart(VoogCartBody(method, "ee"));

        // The shopper may correct the address first and the shipping method next: the address is taken.
        var moved = await (await _client.PutAsJsonAsync($"{VoogCarts}/{uuid}?include=shipping_address", new { shipping_address = VoogAddress("lv") }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("lv", moved.GetProperty("shipping_address").Str("country_code"));
        Assert.Equal(method, moved.GetProperty("shipping_method_id").GetInt64());
        Assert.False(moved.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean(), $"{moved}");
        // Nothing is charged for shipping that cannot happen.
        Assert.Equal("0.0", moved.Str("shipping_total_amount"));

        await (await VoogCheckout(uuid)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_method_id", "LV");
        Assert.Equal(0, await factory.OrderCountForCart(uuid));

        var back = await (await _client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { shipping_address = VoogAddress("ee") })).Expect(HttpStatusCode.OK);
        Assert.True(back.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean(), $"{back}");
        await (await VoogCheckout(uuid)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Voog_a_method_for_some_countries_only_needs_a_destination_to_check_out()
    {
        var method = await Method("EE");
        var (uuid, cart) = await _client.VoogCart(VoogCartBody(method, null));
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean(), $"{cart}");
        await (await VoogCheckout(uuid)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_address.country_code", "EE");
        Assert.Equal(0, await factory.OrderCountForCart(uuid));

        // A method for every country needs none.
        var (anywhere, _) = await _client.VoogCart(VoogCartBody(PostalService, null));
        await (await VoogCheckout(anywhere)).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Destinations))]
    public async Task Outshifter_choosing_a_method_is_checked_against_the_destination_and_so_is_payment(string[] countries, string destination, bool ships)
    {
        var method = await Method(countries);
        var cartId = await _client.OutshifterCart((StarChart, 1));
        var id = (await _client.CreateCheckout(cartId)).Str("id");
        var body = new
        {
            shipping_address = OutshifterAddress(destination),
            billing_address = OutshifterAddress(destination),
            email = "ada@example.com",
            payment_method = "sandbox",
            shipping_rate = new { shipping_method_id = method },
        };
        var patched = await _client.PatchAsJsonAsync($"{CheckoutPath}/{id}", body);
        if (!ships)
        {
            var before = await _client.CheckoutBody(id);
            await patched.ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_rate.shipping_method_id", destination.ToUpperInvariant());
            Assert.Equal(before, await _client.CheckoutBody(id));
            return;
        }
        var checkout = await patched.Expect(HttpStatusCode.OK);
        Assert.Equal(method, checkout.GetProperty("shipping_rate").GetProperty("shipping_method_id").GetInt64());
        var started = await (await _client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        Assert.True(started.GetProperty("order_id").GetInt64() > 0);
    }

    [Fact]
    public async Task Outshifter_an_address_moved_out_of_the_methods_countries_blocks_payment()
    {
        var method = await Method("EE");
        var cartId = await _client.OutshifterCart((StarChart, 1));
        var id = (await _client.CreateCheckout(cartId)).Str("id");
        await _client.PatchCheckout(id, new
        {
            shipping_address = OutshifterAddress("EE"),
            billing_address = OutshifterAddress("EE"),
            email = "ada@example.com",
            payment_method = "sandbox",
            shipping_rate = new { shipping_method_id = method },
        });

        var moved = await _client.PatchCheckout(id, new { shipping_address = OutshifterAddress("LV") });
        Assert.Equal("LV", moved.GetProperty("shipping_address").Str("country_code"));
        Assert.True(moved.IsNull("shipping_rate"), $"{moved}");

        await (await _client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_rate", "LV");
        Assert.Equal(0, await factory.OrderCountForCart(cartId));

        await _client.PatchCheckout(id, new { shipping_address = OutshifterAddress("EE") });
        await (await _client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Outshifter_the_address_sent_with_the_payment_is_checked_against_the_method_chosen_before_it()
    {
        // The method is chosen before any address; the seed's payment body then brings a Latvian address.
        var method = await Method("EE");
        var cartId = await _client.OutshifterCart((StarChart, 1));
        var id = (await _client.CreateCheckout(cartId)).Str("id");
        await _client.PatchCheckout(id, new { shipping_rate = new { shipping_method_id = method } });

        object Payment(string country) => new
        {
            payment_method = "sandbox",
            email = "ada@example.com",
            first_name = "Ada",
            last_name = "Lovelace",
            address1 = "Brivibas iela 1",
            city = "Riga",
            country_code = country,
            zip = 1050,
        };
        await (await _client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", Payment("LV"))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_rate", "LV");
        Assert.Equal(0, await factory.OrderCountForCart(cartId));
    }
}
