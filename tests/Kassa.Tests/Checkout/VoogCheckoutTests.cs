using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>POST /carts/:uuid/checkout end to end: the order, the closed cart, the admin's view and the invoice.</summary>
public sealed class VoogCheckoutTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private static readonly string[] AmountKeys =
    [
        "currency", "items_subtotal_amount", "items_original_amount", "items_tax_amount", "items_total_amount",
        "shipping_subtotal_amount", "shipping_original_amount", "shipping_tax_amount", "shipping_total_amount",
        "shipping_tax_rate", "total_amount", "shipping_method_id", "shipping_method_option", "cart_rules_applied",
    ];

    /// <summary>The keys of the seed's order object.</summary>
    private static readonly string[] SeedOrderKeys =
    [
        "id", "uuid", "code", "status", "payment_status", "shipping_status", "currency", "shipping_method_id", "shipping_method_option",
        "gateway_code", "gateway_name", "payment_method", "items_subtotal_amount", "items_original_amount", "items_tax_amount",
        "items_total_amount", "shipping_subtotal_amount", "shipping_original_amount", "shipping_tax_amount", "shipping_total_amount",
        "shipping_tax_rate", "total_amount", "item_amounts", "tax_amounts", "return_url", "note", "issued_date", "value_date",
        "completed_at", "cart_rules_applied", "custom_field_values", "custom_field_metadata", "created_at", "updated_at",
        "shipping_method", "billing_address", "shipping_address", "customer", "items", "urls",
    ];

    private static object CartBody(params (long Product, int Quantity)[] items) => new
    {
        items = items.Select(i => new { product_id = i.Product, quantity = i.Quantity }).ToArray(),
        shipping_method_id = PostalService,
        customer = new { name = "Ada Lovelace", email = "ada@example.com", phone = "1234567" },
        billing_address = new { name = "Ada Lovelace", address1 = "Main Street 1", city = "Tallinn", zip_code = "11612", country_code = "ee" },
        note = "Leave at the door",
    };

    [Fact]
    public async Task Offline_purchase_end_to_end_numbers_orders_closes_the_cart_and_lets_the_admin_settle_it()
    {
        // A store of its own, so the first order is #1.
        await using var f = await KassaFactory.CreateAsync();
        var client = f.Anonymous();
        var admin = f.Admin();

        var (uuid, _) = await client.VoogCart(CartBody((IonDrive, 1), (StarChart, 2)));
        var cart = await client.GetVoogCart(uuid);
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        var stockBefore = await f.Stock(IonDrive);

        var response = await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout",
            new { gateway_code = "offline", payment_method = "offline", return_url = "https://shop.example/thanks" });
        var order = await response.Expect(HttpStatusCode.OK);

        foreach (var key in SeedOrderKeys) Assert.True(order.TryGetProperty(key, out _), $"The order has no '{key}': {order}");
        var id = order.GetProperty("id").GetInt64();
        Assert.True(id > 0);
        Assert.True(Guid.TryParse(order.Str("uuid"), out var orderUuid));
        Assert.Equal("#1", order.Str("code"));
        Assert.Equal("created", order.Str("status"));
        Assert.Equal("pending", order.Str("payment_status"));
        Assert.Equal("not_dispatched", order.Str("shipping_status"));
        Assert.Equal("offline", order.Str("gateway_code"));
        Assert.Equal("offline", order.Str("payment_method"));
        Assert.Equal("https://shop.example/thanks", order.Str("return_url"));
        Assert.Equal("Leave at the door", order.Str("note"));
        Assert.Equal("2026-11-23", order.Str("issued_date"));
        Assert.Equal("2026-11-23", order.Str("value_date"));
        Assert.True(order.IsNull("completed_at"));
        foreach (var key in AmountKeys) Assert.Equal(cart.GetProperty(key).GetRawText(), order.GetProperty(key).GetRawText());
        Assert.Equal(cart.GetProperty("item_amounts").GetRawText(), order.GetProperty("item_amounts").GetRawText());
        Assert.Equal(cart.GetProperty("tax_amounts").GetRawText(), order.GetProperty("tax_amounts").GetRawText());
        Assert.Equal(cart.Dec("items_total_amount") + cart.Dec("shipping_total_amount"), order.Dec("total_amount"));
        Assert.Equal(2, order.GetProperty("items").GetArrayLength());
        Assert.Equal("Ada Lovelace", order.GetProperty("customer").Str("name"));
        Assert.Equal("Tallinn", order.GetProperty("billing_address").Str("city"));
        Assert.Equal(PostalService, order.GetProperty("shipping_method").GetProperty("id").GetInt64());
        var urls = order.GetProperty("urls");
        Assert.Equal($"http://localhost{OrderPath}/{id}", urls.Str("url"));
        Assert.Equal($"http://localhost{VoogApi}/invoices/{orderUuid}", urls.Str("invoice_url"));
        Assert.True(urls.IsNull("payment_url"), "offline payment has nowhere to redirect to");

        // Stock is taken when the order is placed; untracked products are left alone.
        Assert.Equal(stockBefore - 1, await f.Stock(IonDrive));
        Assert.Null(await f.Stock(StarChart));

        // The invoice: a printable HTML page with the code and the total.
        var invoice = await client.GetAsync(new Uri(urls.Str("invoice_url")).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
        Assert.Equal("text/html", invoice.Content.Headers.ContentType?.MediaType);
        var html = await invoice.Content.ReadAsStringAsync();
        Assert.Contains("<html", html);
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
        Assert.Contains("Invoice #1", body);
        Assert.Contains(order.Str("total_amount"), body);
        Assert.Contains("Star chart (e-book)", body);

        // The cart is closed, says so, and refuses changes.
        var closed = await client.GetVoogCart(uuid);
        Assert.Equal("closed", closed.Str("status"));
        Assert.False(closed.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        Assert.False(closed.GetProperty("metainfo").GetProperty("update_allowed").GetBoolean());
        await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}", new { note = "changed my mind" })).ExpectProblem(HttpStatusCode.Conflict);
        await (await client.PostAsJsonAsync($"{CartPath}/{uuid}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } }))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal("closed", (await client.GetVoogCart(uuid)).Str("status"));

        // The admin sees it, marks it paid, then dispatched.
        var read = await f.GetOrder(id);
        Assert.Equal(order.Str("uuid"), read.Str("uuid"));
        Assert.Equal(order.Str("total_amount"), read.Str("total_amount"));
        f.Clock.Advance(TimeSpan.FromHours(2));
        var paid = await (await admin.PutAsJsonAsync($"{OrderPath}/{id}", new { payment_status = "paid" })).Expect(HttpStatusCode.OK);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("completed", paid.Str("status"));
        Assert.Equal(new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc), paid.GetProperty("completed_at").GetDateTime().ToUniversalTime());
        Assert.Equal("not_dispatched", paid.Str("shipping_status"));
        var dispatched = await (await admin.PutAsJsonAsync($"{OrderPath}/{id}", new { shipping_status = "dispatched" })).Expect(HttpStatusCode.OK);
        Assert.Equal("dispatched", dispatched.Str("shipping_status"));
        Assert.Equal("paid", dispatched.Str("payment_status"));
        Assert.Equal("dispatched", (await f.GetOrder(id)).Str("shipping_status"));
        // A paid order does not go back to pending.
        await (await admin.PutAsJsonAsync($"{OrderPath}/{id}", new { payment_status = "pending" })).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal("paid", (await f.GetOrder(id)).Str("payment_status"));

        // Paying does not give the stock back.
        Assert.Equal(stockBefore - 1, await f.Stock(IonDrive));

        // The next order is #2.
        var (second, _) = await client.VoogCart(CartBody((StarChart, 1)));
        var next = await (await client.PostAsJsonAsync($"{VoogCarts}/{second}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal("#2", next.Str("code"));
        Assert.NotEqual(id, next.GetProperty("id").GetInt64());
        Assert.NotEqual(order.Str("uuid"), next.Str("uuid"));

        var list = await (await admin.GetAsync(OrderPath)).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { "#1", "#2" }, list.EnumerateArray().Select(o => o.Str("code")).ToArray());
        var filtered = await (await admin.GetAsync($"{OrderPath}?q.order.payment_status.$eq=pending")).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { "#2" }, filtered.EnumerateArray().Select(o => o.Str("code")).ToArray());
    }

    [Fact]
    public async Task Sandbox_purchase_pays_on_the_hosted_page_and_completes_the_order()
    {
        var client = factory.Anonymous();
        var (uuid, _) = await client.VoogCart(CartBody((SpaceSuit, 1)));
        var cart = await client.GetVoogCart(uuid);
        var stockBefore = await factory.Stock(SpaceSuit);

        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout",
            new { gateway_code = "sandbox", payment_method = "sandbox", return_url = "https://shop.example/done" })).Expect(HttpStatusCode.OK);
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal("pending", order.Str("payment_status"));
        Assert.Equal("sandbox", order.Str("gateway_code"));
        Assert.False(string.IsNullOrEmpty(order.Str("gateway_name")));
        Assert.Equal(cart.Str("total_amount"), order.Str("total_amount"));
        Assert.True(order.IsNull("completed_at"));
        var paymentUrl = order.GetProperty("urls").Str("payment_url");
        Assert.StartsWith($"http://localhost/pay/sandbox/{order.Str("uuid")}?token=", paymentUrl);
        Assert.Equal(stockBefore - 1, await factory.Stock(SpaceSuit));

        // The page shows the order and its amount before paying.
        var page = await (await client.GetAsync(new Uri(paymentUrl!).PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains(order.Str("code"), page);
        Assert.Contains(order.Str("total_amount"), page);

        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var pay = await client.Sandbox(paymentUrl!, "pay");
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        Assert.Equal("https://shop.example/done", pay.Headers.Location?.ToString());

        var paid = await factory.GetOrder(id);
        Assert.Equal("paid", paid.Str("payment_status"));
        Assert.Equal("completed", paid.Str("status"));
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, paid.GetProperty("completed_at").GetDateTime().ToUniversalTime());
        Assert.True(paid.GetProperty("urls").IsNull("payment_url"), "a paid order has nothing left to pay");
        Assert.Equal("closed", (await client.GetVoogCart(uuid)).Str("status"));
        Assert.Equal(stockBefore - 1, await factory.Stock(SpaceSuit));

        // The page no longer offers to pay.
        var after = await (await client.GetAsync(new Uri(paymentUrl!).PathAndQuery)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"pay\"", after);
        Assert.Contains("paid", after);
    }

    [Fact]
    public async Task Sandbox_cancel_cancels_the_order_and_gives_the_stock_back()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 3);
        var (uuid, _) = await client.VoogCart((product, 2));
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1, await factory.Stock(product));

        var cancel = await client.Sandbox(order.GetProperty("urls").Str("payment_url"), "cancel");
        Assert.True(cancel.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{cancel.StatusCode}");

        var cancelled = await factory.GetOrder(order.GetProperty("id").GetInt64());
        Assert.Equal("cancelled", cancelled.Str("payment_status"));
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.True(cancelled.IsNull("completed_at"));
        Assert.Equal(3, await factory.Stock(product));

        // A cancelled order cannot be marked paid afterwards: its stock is gone.
        await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{order.GetProperty("id").GetInt64()}", new { payment_status = "paid" }))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(3, await factory.Stock(product));
        Assert.Equal("cancelled", (await factory.GetOrder(order.GetProperty("id").GetInt64())).Str("payment_status"));
    }

    [Fact]
    public async Task Admin_cancelling_an_offline_order_releases_stock_and_a_repeat_checkout_of_a_live_order_returns_it()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 5);
        var (uuid, _) = await client.VoogCart((product, 2));
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal(3, await factory.Stock(product));

        // A retry of the same checkout (say after a lost response) gets the same order, not a second one.
        var again = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal(order.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(1, await factory.OrderCountForCart(uuid));
        Assert.Equal(3, await factory.Stock(product));

        var id = order.GetProperty("id").GetInt64();
        var cancelled = await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{id}", new { status = "cancelled" })).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal(5, await factory.Stock(product));
        // Cancelling twice gives nothing back twice.
        await (await factory.Admin().PutAsJsonAsync($"{OrderPath}/{id}", new { payment_status = "cancelled" })).Expect(HttpStatusCode.OK);
        Assert.Equal(5, await factory.Stock(product));
    }

    [Fact]
    public async Task Orders_are_admin_only()
    {
        var anonymous = factory.Anonymous();
        var (uuid, _) = await anonymous.VoogCart((StarChart, 1));
        var order = await (await anonymous.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        var id = order.GetProperty("id").GetInt64();

        await (await anonymous.GetAsync(OrderPath)).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{OrderPath}/{id}")).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PutAsJsonAsync($"{OrderPath}/{id}", new { payment_status = "paid" })).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("pending", (await factory.GetOrder(id)).Str("payment_status"));
    }

    [Fact]
    public async Task The_invoice_and_the_pay_page_escape_what_shoppers_typed()
    {
        var client = factory.Anonymous();
        const string evil = "<script>alert('x')</script>";
        var (uuid, _) = await client.VoogCart(new
        {
            items = new[] { new { product_id = StarChart, quantity = 1 } },
            customer = new { name = evil, email = "evil@example.com" },
            billing_address = new { name = evil, address1 = "<img src=x onerror=alert(1)>", city = "Tallinn", country_code = "ee" },
        });
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);

        var invoice = await (await client.GetAsync(new Uri(order.GetProperty("urls").Str("invoice_url")).AbsolutePath)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", invoice);
        Assert.DoesNotContain("<img src=x", invoice);
        Assert.Contains("&lt;script&gt;", invoice);
        var page = await (await client.GetAsync(new Uri(order.GetProperty("urls").Str("payment_url")).AbsolutePath)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", page);
        await (await client.GetAsync($"{VoogApi}/invoices/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_voog_checkout_while_an_outshifter_payment_is_under_way_returns_that_order_and_leaves_the_cart_to_it()
    {
        var client = factory.Anonymous();
        var (cartId, checkoutId) = await client.ReadyCheckout("sandbox");
        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{checkoutId}/payment", new { })).Expect(HttpStatusCode.OK);
        var orderId = started.GetProperty("order_id").GetInt64();

        var voog = await (await client.PostAsJsonAsync($"{VoogCarts}/{cartId}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal(orderId, voog.GetProperty("id").GetInt64());
        Assert.Equal("sandbox", voog.Str("gateway_code"));
        Assert.Equal(1, await factory.OrderCountForCart(cartId));
        Assert.Equal("created", (await client.GetVoogCart(cartId)).Str("status"));

        // The shopper cancels: the cart is free again, and a Voog checkout now places its own order.
        await client.Sandbox(started.Str("checkout_url"), "cancel");
        await (await client.PostAsJsonAsync($"{CartPath}/{cartId}/item/add", new { line_items = new[] { new { product_id = StarChart, quantity = 1 } } }))
            .Expect(HttpStatusCode.OK);
        var second = await (await client.PostAsJsonAsync($"{VoogCarts}/{cartId}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.NotEqual(orderId, second.GetProperty("id").GetInt64());
        Assert.Equal("offline", second.Str("gateway_code"));
        Assert.Equal("closed", (await client.GetVoogCart(cartId)).Str("status"));
    }

    [Fact]
    public async Task The_gateway_chosen_at_checkout_wins_over_the_one_saved_on_the_cart()
    {
        var client = factory.Anonymous();
        var (uuid, _) = await client.VoogCart(new { items = new[] { new { product_id = StarChart, quantity = 1 } }, gateway_code = "sandbox", payment_method = "sandbox" });
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        Assert.Equal("offline", order.Str("gateway_code"));
        Assert.Equal("offline", order.Str("payment_method"));

        // With nothing chosen at checkout, the cart's own choice is used.
        var (saved, _) = await client.VoogCart(new { items = new[] { new { product_id = StarChart, quantity = 1 } }, gateway_code = "sandbox", payment_method = "sandbox" });
        var fromCart = await (await client.PostAsJsonAsync($"{VoogCarts}/{saved}/checkout", new { })).Expect(HttpStatusCode.OK);
        Assert.Equal("sandbox", fromCart.Str("gateway_code"));
        Assert.False(fromCart.GetProperty("urls").IsNull("payment_url"));
    }
}
