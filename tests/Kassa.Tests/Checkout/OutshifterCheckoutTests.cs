using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>The Outshifter checkout end to end with the sandbox provider.</summary>
public sealed class OutshifterCheckoutTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>The checkout object's keys: the seed's (GET/PATCH form) plus the chosen rate and the order.</summary>
    private static readonly string[] CheckoutKeys =
    [
        "createdAt", "updatedAt", "id", "deletedAt", "success_url", "cancel_url", "payment_method", "email", "status", "checkout_url",
        "total_price", "total_tax", "total_line_items_price", "cart", "billing_address", "shipping_address", "availablePaymentMethods",
        "shipping_rate", "order_id",
    ];

    private static readonly string[] CartKeys = ["createdAt", "updatedAt", "id", "customer_session_id", "currency", "total_amount", "deletedAt", "line_items"];
    private static readonly string[] LineItemKeys = ["createdAt", "updatedAt", "id", "deletedAt", "productId", "variantId", "quantity", "product", "priceData"];
    private static readonly string[] PriceDataKeys = ["id", "unitPrice", "tax", "currency"];
    private static readonly string[] AddressKeys =
        ["id", "first_name", "last_name", "phone_code", "phone", "company", "address1", "address2", "city", "province", "province_code", "country", "country_code", "zip"];

    private static void AssertKeys(string[] expected, JsonElement e) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), e.Keys().Order(StringComparer.Ordinal));

    [Fact]
    public async Task Sandbox_purchase_end_to_end()
    {
        var client = factory.Anonymous();
        var methods = await (await client.GetAsync($"{CheckoutPath}/payment-methods")).Expect(HttpStatusCode.OK);
        Assert.Contains(methods.EnumerateArray(), m => m.Str("code") == "sandbox");
        Assert.Contains(methods.EnumerateArray(), m => m.Str("code") == "offline");

        var cartId = await client.OutshifterCart((IonDrive, 1), (StarChart, 2));
        var ionStock = await factory.Stock(IonDrive);

        // Create: the seed's object, keys spelled as the seed spells them.
        var create = await client.PostAsJsonAsync(CheckoutPath, new { cart_id = cartId });
        var checkout = await create.Expect(HttpStatusCode.Created);
        AssertKeys(CheckoutKeys, checkout);
        var id = checkout.Str("id");
        Assert.Equal($"http://localhost{CheckoutPath}/{id}", create.Headers.Location?.ToString());
        Assert.Equal("ACTIVE", checkout.Str("status"));
        foreach (var key in new[] { "deletedAt", "success_url", "cancel_url", "payment_method", "checkout_url", "billing_address", "shipping_address", "shipping_rate", "order_id" })
            Assert.True(checkout.IsNull(key), $"{key} should be null on a new checkout: {checkout}");
        // 2475.25 * 1.01 = 2500.00 (2475.25 + 24.75), 9.99 * 2 * 1.09 = 19.98 + 1.80
        Assert.Equal("2521.78", checkout.Str("total_price"));
        Assert.Equal("26.55", checkout.Str("total_tax"));
        Assert.Equal(2521.78m, checkout.GetProperty("total_line_items_price").GetDecimal());
        Assert.Contains(checkout.GetProperty("availablePaymentMethods").EnumerateArray(), m => m.Str("code") == "sandbox");
        var cart = checkout.GetProperty("cart");
        AssertKeys(CartKeys, cart);
        Assert.Equal(cartId, cart.Str("id"));
        Assert.Equal("EUR", cart.Str("currency"));
        Assert.Equal("2521.78", cart.Str("total_amount"));
        var lines = cart.GetProperty("line_items").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        AssertKeys(LineItemKeys, lines[0]);
        AssertKeys(PriceDataKeys, lines[0].GetProperty("priceData"));
        Assert.Equal("2475.25", lines[0].GetProperty("priceData").Str("unitPrice"));
        Assert.Equal("1.00", lines[0].GetProperty("priceData").Str("tax"));
        Assert.Equal("9.99", lines[1].GetProperty("priceData").Str("unitPrice"));
        Assert.Equal(2, lines[1].GetProperty("quantity").GetInt32());

        // Creating again for the same cart gives the same active checkout.
        var again = await (await client.PostAsJsonAsync(CheckoutPath, new { cart_id = cartId })).Expect(HttpStatusCode.OK);
        Assert.Equal(id, again.Str("id"));

        // Paying too early: one problem naming every missing piece, and no order.
        var orders = await factory.OrderCount();
        var missing = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var errors = missing.GetProperty("errors");
        foreach (var field in new[] { "first_name", "email", "shipping_address", "billing_address", "payment_method", "shipping_rate" })
            Assert.True(errors.TryGetProperty(field, out _), $"'{field}' is not named: {errors}");
        Assert.Equal(orders, await factory.OrderCount());

        // Shipping address (with name and email), then a store shipping method.
        var patched = await client.PatchCheckout(id, new { shipping_address = new { first_name = "John", last_name = "Johnson", email = "john@example.com" } });
        AssertKeys(CheckoutKeys, patched);
        AssertKeys(AddressKeys, patched.GetProperty("shipping_address"));
        Assert.Equal("John", patched.GetProperty("shipping_address").Str("first_name"));
        Assert.Equal("john@example.com", patched.Str("email"));
        Assert.True(patched.GetProperty("shipping_address").IsNull("country_code"));
        var addressId = patched.GetProperty("shipping_address").Str("id");

        patched = await client.PatchCheckout(id, new
        {
            shipping_address = new { first_name = "John", last_name = "Johnson", address1 = "Møllergata 6", city = "Oslo", country = "Norway", country_code = "no", zip = 179 },
            shipping_rate = new { shipping_method_id = PostalService },
        });
        Assert.Equal(addressId, patched.GetProperty("shipping_address").Str("id"));
        Assert.Equal("NO", patched.GetProperty("shipping_address").Str("country_code"));
        Assert.Equal("179", patched.GetProperty("shipping_address").Str("zip"));
        Assert.Equal(PostalService, patched.GetProperty("shipping_rate").GetProperty("shipping_method_id").GetInt64());
        Assert.Equal("4.20", patched.GetProperty("shipping_rate").Str("total_price"));
        Assert.Equal("2525.98", patched.Str("total_price"));

        // The flat rate for the same items, then chosen by its service code.
        var rate = await (await client.PostAsJsonAsync(FlatRate, new
        {
            items = new[] { new { productId = IonDrive, quantity = 1 }, new { productId = StarChart, quantity = 2 } },
            destination = new { country = "NO" },
            currency = "EUR",
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("Flat rate price to NO", rate.Str("service_name"));
        Assert.Equal("1-FRP", rate.Str("service_code"));
        Assert.Equal("48.00", rate.Str("total_price")); // 40 to Norway, tax included: what the checkout charges
        Assert.Equal("EUR", rate.Str("currency"));
        Assert.False(string.IsNullOrEmpty(rate.Str("description")));

        patched = await client.PatchCheckout(id, new { shipping_rate = new { service_code = rate.Str("service_code") } });
        var chosen = patched.GetProperty("shipping_rate");
        Assert.Equal("1-FRP", chosen.Str("service_code"));
        Assert.True(chosen.IsNull("shipping_method_id"));
        var voogCart = await client.GetVoogCart(cartId);
        Assert.Equal("40.0", voogCart.Str("shipping_subtotal_amount"));
        Assert.Equal(voogCart.Dec("total_amount"), decimal.Parse(patched.Str("total_price"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2521.78m + voogCart.Dec("shipping_total_amount"), decimal.Parse(patched.Str("total_price"), System.Globalization.CultureInfo.InvariantCulture));

        // Initiate the payment with the seed's flat body (phone and zip as numbers).
        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new
        {
            success_url = "https://shop.example/?success=true",
            cancel_url = "https://shop.example/?canceled=true",
            payment_method = "sandbox",
            email = "john@example.com",
            first_name = "John",
            last_name = "Johnson",
            phone_code = "+47",
            phone = 99999999,
            address1 = "Møllergata 6",
            city = "Oslo",
            province = "Oslo",
            country = "Norway",
            country_code = "NO",
            zip = 123,
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { "checkout_url", "order_id" }, started.Keys().Order(StringComparer.Ordinal).ToArray());
        var orderId = started.GetProperty("order_id").GetInt64();
        var checkoutUrl = started.Str("checkout_url");
        Assert.StartsWith("http://localhost/pay/sandbox/", checkoutUrl);

        // The order exists, pending, before the shopper pays; the stock is reserved; the cart is frozen.
        var pending = await factory.GetOrder(orderId);
        Assert.Equal("pending", pending.Str("payment_status"));
        Assert.Equal("created", pending.Str("status"));
        Assert.Equal("sandbox", pending.Str("gateway_code"));
        Assert.Equal(patched.Str("total_price"), pending.Dec("total_amount").ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(checkoutUrl, pending.GetProperty("urls").Str("payment_url"));
        Assert.Equal(ionStock - 1, await factory.Stock(IonDrive));
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.Conflict);
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { email = "other@example.com" })).ExpectProblem(HttpStatusCode.Conflict);
        var whilePending = JsonDocument.Parse(await client.CheckoutBody(id)).RootElement;
        Assert.Equal("ACTIVE", whilePending.Str("status"));
        Assert.Equal(checkoutUrl, whilePending.Str("checkout_url"));
        Assert.Equal(orderId, whilePending.GetProperty("order_id").GetInt64());

        // GET /payment: the seed's payment information.
        var payment = await (await client.GetAsync($"{CheckoutPath}/{id}/payment")).Expect(HttpStatusCode.OK);
        Assert.Equal("https://shop.example/?success=true", payment.Str("success_url"));
        Assert.Equal("https://shop.example/?canceled=true", payment.Str("cancel_url"));
        Assert.Equal("sandbox", payment.Str("payment_method"));
        Assert.Equal("john@example.com", payment.Str("email"));
        var billing = payment.GetProperty("billing_address");
        Assert.Equal("99999999", billing.Str("phone"));
        Assert.Equal("123", billing.Str("zip"));
        Assert.Equal("NO", billing.Str("country_code"));
        Assert.Equal("Oslo", billing.Str("province"));
        Assert.Equal("Møllergata 6", payment.GetProperty("shipping_address").Str("address1"));
        Assert.Equal(cartId, payment.GetProperty("cart").Str("cart_id"));
        Assert.Equal(2, payment.GetProperty("cart").GetProperty("line_items").GetArrayLength());

        // Pay on the sandbox page: back to the shop's success url.
        var pay = await client.Sandbox(checkoutUrl, "pay");
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        Assert.Equal("https://shop.example/?success=true", pay.Headers.Location?.ToString());

        var done = JsonDocument.Parse(await client.CheckoutBody(id)).RootElement;
        Assert.Equal("COMPLETED", done.Str("status"));
        Assert.Equal("closed", (await client.GetVoogCart(cartId)).Str("status"));
        var paid = await factory.GetOrder(orderId);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("completed", paid.Str("status"));
        Assert.False(paid.IsNull("completed_at"));
        Assert.Equal(ionStock - 1, await factory.Stock(IonDrive));
        Assert.Equal("paid", (await (await client.GetAsync($"{CheckoutPath}/{id}/payment")).Expect(HttpStatusCode.OK)).Str("payment_status"));

        // A completed checkout is not changed, nor paid again.
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { email = "late@example.com" })).ExpectProblem(HttpStatusCode.Conflict);
        var repeat = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal(orderId, repeat.GetProperty("order_id").GetInt64());
        Assert.Equal(1, await factory.OrderCountForCart(cartId));

        // Delete: the seed's answer, then gone.
        var deleted = await (await client.DeleteAsync($"{CheckoutPath}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal($"Checkout {id} was deleted.", deleted.Str("message"));
        Assert.True(deleted.GetProperty("executed").GetBoolean());
        Assert.Equal(new[] { "executed", "message" }, deleted.Keys().Order(StringComparer.Ordinal).ToArray());
        await (await client.GetAsync($"{CheckoutPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{CheckoutPath}/{id}/payment")).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"{CheckoutPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        // The order stays.
        Assert.Equal("paid", (await factory.GetOrder(orderId)).Str("payment_status"));
    }

    [Fact]
    public async Task Cancelling_on_the_sandbox_page_cancels_the_order_releases_stock_and_reopens_the_cart()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 2);
        var (cartId, id) = await client.ReadyCheckout("sandbox", (product, 2));
        await client.PatchCheckout(id, new { success_url = "https://shop.example/ok", cancel_url = "https://shop.example/cancelled" });

        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        var orderId = started.GetProperty("order_id").GetInt64();
        Assert.Equal(0, await factory.Stock(product));
        Assert.Equal("pending", (await factory.GetOrder(orderId)).Str("payment_status"));
        // A checkout whose payment is under way is not deleted.
        await (await client.DeleteAsync($"{CheckoutPath}/{id}")).ExpectProblem(HttpStatusCode.Conflict);

        var cancel = await client.Sandbox(started.Str("checkout_url"), "cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Equal("https://shop.example/cancelled", cancel.Headers.Location?.ToString());

        var order = await factory.GetOrder(orderId);
        Assert.Equal("cancelled", order.Str("payment_status"));
        Assert.Equal("cancelled", order.Str("status"));
        Assert.Equal(2, await factory.Stock(product));

        // The cart and the checkout can change again.
        var checkout = JsonDocument.Parse(await client.CheckoutBody(id)).RootElement;
        Assert.Equal("ACTIVE", checkout.Str("status"));
        Assert.Equal("created", (await client.GetVoogCart(cartId)).Str("status"));
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } }))
            .Expect(HttpStatusCode.OK);
        await client.PatchCheckout(id, new { email = "again@example.com" });

        // A new attempt is a new order.
        var retry = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        Assert.NotEqual(orderId, retry.GetProperty("order_id").GetInt64());
        Assert.Equal(0, await factory.Stock(product));
        Assert.Equal(2, await factory.OrderCountForCart(cartId));
        await client.Sandbox(retry.Str("checkout_url"), "cancel");
        Assert.Equal(2, await factory.Stock(product));

        // Now it can go.
        await (await client.DeleteAsync($"{CheckoutPath}/{id}")).Expect(HttpStatusCode.OK);
        await (await client.GetAsync($"{CheckoutPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { email = "x@example.com" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).ExpectProblem(HttpStatusCode.NotFound);
        // A new checkout for the same cart starts afresh.
        var fresh = await client.CreateCheckout(cartId);
        Assert.NotEqual(id, fresh.Str("id"));
        Assert.True(fresh.IsNull("order_id"));
    }

    [Fact]
    public async Task Offline_payment_through_the_outshifter_checkout_has_no_redirect_and_waits_for_the_admin()
    {
        var client = factory.Anonymous();
        var (cartId, id) = await client.ReadyCheckout("offline");
        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        Assert.True(started.IsNull("checkout_url"));
        var orderId = started.GetProperty("order_id").GetInt64();
        Assert.Equal("pending", (await factory.GetOrder(orderId)).Str("payment_status"));

        await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{orderId}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        Assert.Equal("COMPLETED", JsonDocument.Parse(await client.CheckoutBody(id)).RootElement.Str("status"));
        Assert.Equal("closed", (await client.GetVoogCart(cartId)).Str("status"));
    }

    [Fact]
    public async Task Payment_details_sent_in_parts_keep_what_was_stored_before()
    {
        var client = factory.Anonymous();
        var (_, id) = await client.ReadyCheckout("sandbox");

        // Only a new phone number: the billing address given earlier stays, with the new phone.
        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { phone = 4711, cancel_url = "https://shop.example/back" }))
            .Expect(HttpStatusCode.OK);
        Assert.True(started.GetProperty("order_id").GetInt64() > 0);
        var payment = await (await client.GetAsync($"{CheckoutPath}/{id}/payment")).Expect(HttpStatusCode.OK);
        var billing = payment.GetProperty("billing_address");
        Assert.Equal("4711", billing.Str("phone"));
        Assert.Equal("Møllergata 6", billing.Str("address1"));
        Assert.Equal("Oslo", billing.Str("city"));
        Assert.Equal("NO", billing.Str("country_code"));
        Assert.Equal("Ada", billing.Str("first_name"));
        Assert.Equal("https://shop.example/back", payment.Str("cancel_url"));
        Assert.Equal("99999999", payment.GetProperty("shipping_address").Str("phone"));
    }

    [Fact]
    public async Task A_flat_rate_service_code_must_be_the_one_quoted_for_the_cart()
    {
        var client = factory.Anonymous();
        var cartId = await client.OutshifterCart((IonDrive, 1), (SpaceSuit, 1));
        var id = (await client.CreateCheckout(cartId)).Str("id");
        await client.PatchCheckout(id, new { shipping_address = Address });
        var before = await client.CheckoutBody(id);

        foreach (var code in new[] { "garbage", "999-FRP", "1-FRP", "1-FRP,2-FRP,3-FRP" })
        {
            await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { shipping_rate = new { service_code = code } }))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_rate.service_code");
            Assert.Equal(before, await client.CheckoutBody(id));
        }

        // The quoted code, in any order, is accepted.
        var quote = await (await client.PostAsJsonAsync(FlatRate, new
        {
            items = new[] { new { productId = SpaceSuit, quantity = 1 }, new { productId = IonDrive, quantity = 1 } },
            destination = new { country = "NO" },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("1-FRP,2-FRP", quote.Str("service_code"));
        Assert.Equal("66.00", quote.Str("total_price"));
        var patched = await client.PatchCheckout(id, new { shipping_rate = new { service_code = quote.Str("service_code") } });
        Assert.Equal("66.00", patched.GetProperty("shipping_rate").Str("total_price"));
        patched = await client.PatchCheckout(id, new { shipping_rate = new { service_code = "1-FRP,2-FRP" } });
        Assert.Equal("1-FRP,2-FRP", patched.GetProperty("shipping_rate").Str("service_code"));

        // The flat rate follows the destination: to Sweden the Ion drive ships at its default 25.
        patched = await client.PatchCheckout(id, new { shipping_address = new { address1 = "Drottninggatan 1", city = "Stockholm", country_code = "SE" } });
        Assert.Equal("Flat rate price to SE", patched.GetProperty("shipping_rate").Str("service_name"));
        Assert.Equal("48.00", patched.GetProperty("shipping_rate").Str("total_price"));
        Assert.Equal("40.0", (await client.GetVoogCart(cartId)).Str("shipping_subtotal_amount"));
        // Without a destination there is no flat rate to charge: the shopper has to choose again.
        patched = await client.PatchCheckout(id, new { shipping_address = new { address1 = "Somewhere 1", country_code = (string?)null } });
        Assert.True(patched.IsNull("shipping_rate"), $"{patched}");
    }
}
