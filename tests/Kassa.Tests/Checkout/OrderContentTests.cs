using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Carts;
using Kassa.Carts.Voog;
using Kassa.Http;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Checkout.CheckoutApi;
using Kassa.Data;
using Kassa;

namespace Kassa.Tests.Checkout;

/// <summary>
/// An order keeps what it sold as a decimal record (<see cref="Kassa.Ordering.OrderContent"/>) that every answer maps
/// from; orders stored before, as Voog answers, read exactly as they did.
/// </summary>
public sealed class OrderContentTests(KassaFactory kassa) : IClassFixture<KassaFactory>
{
    /// <summary>A Voog cart with a variant, a discount, shipping, addresses and a custom field: every part an order keeps.</summary>
    private async Task<string> FullCart()
    {
        var (uuid, _) = await kassa.Anonymous().VoogCart(new
        {
            items = new object[] { new { product_id = IonDrive, quantity = 1, note = "fragile" }, new { product_id = RedShirt, quantity = 2 } },
            shipping_method_id = PostalService,
            discount_code = "XMAS",
            note = "ring twice",
            custom_field_values = new Dictionary<string, object> { ["gift-wrap"] = true },
            customer = new { email = "grace@example.com", name = "Grace Hopper", phone = "555", language = "en" },
            billing_address = new { name = "Grace Hopper", address1 = "Narva mnt 5", city = "Tallinn", zip_code = "10117", country_code = "EE" },
            shipping_address = new { name = "Grace Hopper", address1 = "Narva mnt 5", city = "Tallinn", zip_code = "10117", country_code = "EE" },
        });
        return uuid;
    }

    private async Task<JsonElement> Checkout(string cartUuid) =>
        await (await kassa.Anonymous().PostAsJsonAsync($"{VoogCarts}/{cartUuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);

    private async Task<string> OrderText(long id, string query = "") =>
        await (await kassa.Admin().GetAsync($"{OrderPath}/{id}{query}")).Content.ReadAsStringAsync();

    [Fact]
    public async Task The_order_stores_decimals_not_a_wire_answer()
    {
        var order = await Checkout(await FullCart());
        await using var scope = kassa.Scope(out var db);
        var stored = await db.Orders.Where(o => o.Id == order.GetProperty("id").GetInt64()).Select(o => o.Snapshot).SingleAsync();

        using var json = JsonDocument.Parse(stored);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("format").GetInt32());
        // The seed's worked example: 2475.25 at 1 % with 33 % off; shipping 3.5 + 20 %.
        Assert.Equal(JsonValueKind.Number, root.GetProperty("total_amount").ValueKind);
        var line = root.GetProperty("lines")[0];
        Assert.Equal(1658.42m, line.GetProperty("subtotal_amount").GetDecimal());
        Assert.Equal(816.83m, line.GetProperty("discount_amount").GetDecimal());
        Assert.Equal(4.2m, root.GetProperty("shipping_total_amount").GetDecimal());
        Assert.Equal(order.Str("total_amount"), Kassa.Pricing.Money.ToVoog(root.GetProperty("total_amount").GetDecimal()));
    }

    [Fact]
    public async Task An_order_stored_as_a_voog_answer_reads_as_it_always_did()
    {
        var cartUuid = await FullCart();
        // What orders stored before the order core: the Voog cart answer, with everything included, as priced at checkout.
        string legacy;
        await using (var scope = kassa.Scope(out var db))
        {
            var cart = await db.ReadCartAsync(Guid.Parse(cartUuid), CancellationToken.None);
            var quote = CartQuote.Of(cart, kassa.Clock.GetUtcNow().UtcDateTime);
            var view = new VoogCartView(Items: true, PaymentMethods: null, ShippingAddress: true, BillingAddress: true, Translations: true, null, "http://localhost");
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            Kassa.Http.WireJson.Configure(options);
            legacy = JsonSerializer.Serialize(quote.ToVoog(view), options);
        }
        var checkoutId = await OutshifterCheckoutOf(cartUuid);
        var order = await Checkout(cartUuid);
        var id = order.GetProperty("id").GetInt64();
        var before = (await OrderText(id, "?include=translations"), await OrderText(id, "?language_code=et"));
        var invoiceBefore = await Invoice(order);

        await using (var scope = kassa.Scope(out var db))
            await db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Snapshot, legacy));

        Assert.Equal(before, (await OrderText(id, "?include=translations"), await OrderText(id, "?language_code=et")));
        Assert.Equal(invoiceBefore, await Invoice(order));
        // The Outshifter view of the same purchase finds each line's id on the cart line it came from.
        var payment = await (await kassa.Anonymous().GetAsync($"{CheckoutPath}/{checkoutId}/payment")).Expect(HttpStatusCode.OK);
        Assert.All(payment.GetProperty("cart").GetProperty("line_items").EnumerateArray(), l => Assert.NotEqual(Guid.Empty, l.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_checkout_with_an_order_shows_what_the_order_sold_whatever_the_catalog_says_since()
    {
        var product = await kassa.CreateProduct(stock: 5, price: 10m);
        var client = kassa.Anonymous();
        var (_, checkoutId) = await client.ReadyCheckout("sandbox", (product, 2));
        var payment = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { payment_method = "sandbox" })).Expect(HttpStatusCode.OK);
        Assert.NotNull(payment.Str("checkout_url"));
        var before = await (await client.GetAsync($"{CheckoutPath}/{checkoutId}")).Expect(HttpStatusCode.OK);
        var paymentBefore = await (await client.GetAsync($"{CheckoutPath}/{checkoutId}/payment")).Expect(HttpStatusCode.OK);

        await (await kassa.Admin().PutAsJsonAsync($"{VoogApi}/products/{product}", new { price = 99m })).Expect(HttpStatusCode.OK);

        var after = await (await client.GetAsync($"{CheckoutPath}/{checkoutId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(before.Str("total_price"), after.Str("total_price"));
        Assert.Equal("10.00", after.GetProperty("cart").GetProperty("line_items")[0].GetProperty("priceData").Str("unitPrice"));
        var paymentAfter = await (await client.GetAsync($"{CheckoutPath}/{checkoutId}/payment")).Expect(HttpStatusCode.OK);
        Assert.Equal(paymentBefore.GetProperty("cart").Str("total_amount"), paymentAfter.GetProperty("cart").Str("total_amount"));
        Assert.Equal("10.00", paymentAfter.GetProperty("cart").GetProperty("line_items")[0].GetProperty("price_data").Str("unit_price"));
    }

    [Fact]
    public async Task The_voog_checkout_answers_in_the_language_and_with_the_blocks_asked_for()
    {
        await (await kassa.Admin().PutAsJsonAsync($"{VoogApi}/products/{StarChart}",
            new { translations = new { name = new Dictionary<string, string> { ["en"] = "Star chart", ["et"] = "Tähekaart" } } })).Expect(HttpStatusCode.OK);
        var (uuid, _) = await kassa.Anonymous().VoogCart((StarChart, 1));

        var order = await (await kassa.Anonymous().PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout?language_code=et&include=translations",
            new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var item = order.GetProperty("items")[0];
        Assert.Equal("Tähekaart", item.Str("product_name"));
        Assert.Equal("Tähekaart", item.GetProperty("product").Str("name"));
        Assert.Equal("Star chart", item.GetProperty("translations").GetProperty("name").Str("en"));

        var plain = await kassa.GetOrder(order.GetProperty("id").GetInt64());
        Assert.Equal("Star chart (e-book)", plain.GetProperty("items")[0].Str("product_name"));
        Assert.False(plain.GetProperty("items")[0].TryGetProperty("translations", out _));

        var (other, _) = await kassa.Anonymous().VoogCart((StarChart, 1));
        await (await kassa.Anonymous().PostAsJsonAsync($"{VoogCarts}/{other}/checkout?language_code=e1", new { gateway_code = "offline" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "language_code");
        Assert.Equal(0, await kassa.OrderCountForCart(other));
    }

    private async Task<string> OutshifterCheckoutOf(string cartUuid) =>
        (await (await kassa.Anonymous().PostAsJsonAsync(CheckoutPath, new { cart_id = cartUuid })).Expect(HttpStatusCode.Created)).Str("id");

    private async Task<string> Invoice(JsonElement order) =>
        await (await kassa.Anonymous().GetAsync(new Uri(order.GetProperty("urls").Str("invoice_url")).PathAndQuery)).Content.ReadAsStringAsync();
}
