using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>Payment is not initiated for an address without a recipient name, in either dialect; the 422 names the field.</summary>
[Collection(SharedKassa.Surface)]
public sealed class RecipientNameTests(KassaFactory factory)
{
    private static readonly object NamedVoogAddress = new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" };
    private static readonly object NamelessOutshifterAddress = new { address1 = "Møllergata 6", city = "Oslo", country_code = "NO", zip = "0179" };

    /// <param name="Address">The address without a name, in the dialect's field name.</param>
    /// <param name="Field">The field the 422 must name.</param>
    public sealed record Case(string Dialect, string Address, string? Name, string Field);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["voog: shipping address without a name"] = new("voog", "shipping_address", null, "shipping_address.name"),
        ["voog: shipping address with a blank name"] = new("voog", "shipping_address", "  ", "shipping_address.name"),
        ["voog: billing address without a name"] = new("voog", "billing_address", null, "billing_address.name"),
        ["outshifter: shipping address without a name"] = new("outshifter", "shipping_address", null, "shipping_address.first_name"),
        ["outshifter: billing address without a name"] = new("outshifter", "billing_address", null, "billing_address.first_name"),
        ["outshifter: billing address with blank names"] = new("outshifter", "billing_address", " ", "billing_address.first_name"),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Payment_initiation_refuses_an_address_without_a_recipient_name(string name)
    {
        var @case = Cases[name];
        var client = factory.Anonymous();
        var (cartId, response) = @case.Dialect == "voog" ? await Voog(client, @case) : await Outshifter(client, @case);

        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, @case.Field, "name");
        Assert.Equal(0, await factory.OrderCountForCart(cartId));
        Assert.Equal("created", (await client.GetVoogCart(cartId)).Str("status"));
    }

    private static async Task<(string CartId, HttpResponseMessage Response)> Voog(HttpClient client, Case @case)
    {
        var nameless = new Dictionary<string, object?> { ["address1"] = "Main Street 1", ["city"] = "Tallinn", ["country_code"] = "ee" };
        if (@case.Name is not null) nameless["name"] = @case.Name;
        var body = new Dictionary<string, object?>
        {
            ["items"] = new[] { new { product_id = StarChart, quantity = 1 } },
            ["shipping_method_id"] = PostalService,
            ["customer"] = new { name = "Ada Lovelace", email = "ada@example.com" },
            ["billing_address"] = NamedVoogAddress,
            ["shipping_address"] = NamedVoogAddress,
        };
        body[@case.Address] = nameless;
        var (uuid, _) = await client.VoogCart(body);

        // The cart says so before the checkout is tried.
        var cart = await (await client.GetAsync($"{VoogCarts}/{uuid}")).Expect(HttpStatusCode.OK);
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        return (uuid, await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline", payment_method = "offline" }));
    }

    private static async Task<(string CartId, HttpResponseMessage Response)> Outshifter(HttpClient client, Case @case)
    {
        var cartId = await client.OutshifterCart((StarChart, 1));
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        var nameless = @case.Name is null ? NamelessOutshifterAddress
            : new { first_name = @case.Name, last_name = @case.Name, address1 = "Møllergata 6", city = "Oslo", country_code = "NO", zip = "0179" };
        await client.PatchCheckout(checkoutId, new Dictionary<string, object?>
        {
            // The shopper's own name is known; the address still has to say who receives it.
            ["first_name"] = "Ada",
            ["last_name"] = "Lovelace",
            ["email"] = "ada@example.com",
            ["shipping_address"] = @case.Address == "shipping_address" ? nameless : Address,
            ["billing_address"] = @case.Address == "billing_address" ? nameless : Address,
            ["payment_method"] = "sandbox",
            ["shipping_rate"] = new { shipping_method_id = PostalService },
        });
        return (cartId, await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { }));
    }

    [Fact]
    public async Task Either_part_of_the_name_is_enough_and_the_payment_body_can_supply_it()
    {
        var client = factory.Anonymous();

        // Voog: a recipient named by one word is a name.
        var (uuid, _) = await client.VoogCart(new
        {
            items = new[] { new { product_id = StarChart, quantity = 1 } },
            shipping_method_id = PostalService,
            shipping_address = new { name = "Cher", address1 = "Main Street 1", city = "Tallinn", country_code = "ee" },
        });
        await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline", payment_method = "offline" })).Expect(HttpStatusCode.OK);

        // Outshifter: the payment body's first_name completes a nameless billing address, as its other flat fields do.
        var cartId = await client.OutshifterCart((StarChart, 1));
        var checkoutId = (await client.CreateCheckout(cartId)).Str("id");
        await client.PatchCheckout(checkoutId, new
        {
            email = "ada@example.com",
            shipping_address = new { last_name = "Lovelace", address1 = "Møllergata 6", city = "Oslo", country_code = "NO" },
            billing_address = NamelessOutshifterAddress,
            payment_method = "sandbox",
            shipping_rate = new { shipping_method_id = PostalService },
        });
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { first_name = "Ada", address1 = "Møllergata 6" })).Expect(HttpStatusCode.OK);
    }
}
