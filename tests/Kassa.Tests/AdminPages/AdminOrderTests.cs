using System.Net;
using System.Net.Http.Json;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// The orders list and an order's page: the buttons offered are the moves the state table allows now, and a move it
/// forbids, posted by hand, is refused (409) and changes nothing.
/// </summary>
public sealed class AdminOrderTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>A pending sandbox order for a product of its own.</summary>
    private async Task<long> PlaceOrderAsync(string email)
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(stock: 5);
        var (cart, _) = await client.VoogCart(new { items = new[] { new { product_id = product, quantity = 1 } }, customer = new { email, name = "Grace Hopper" } });
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{cart}/checkout", new { gateway_code = "sandbox" })).Expect(HttpStatusCode.OK);
        return order.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_pending_online_order_offers_only_what_the_table_allows_and_refuses_a_forbidden_move_posted_directly()
    {
        var id = await PlaceOrderAsync("grace@example.com");
        var admin = await AdminSession.SignedInAsync(factory);

        var page = await admin.PageAsync($"/admin/orders/{id}");
        Assert.Contains("Mark as paid", page);
        Assert.Contains("Cancel the order", page);
        // Completing needs a paid order and dispatching a paid one (the sandbox is online): neither is offered.
        Assert.DoesNotContain("Complete the order", page);
        Assert.DoesNotContain("Mark as dispatched", page);

        using var forbidden = await admin.PostAsync($"/admin/orders/{id}", $"/admin/orders/{id}/move", ("field", "status"), ("to", "completed"));
        Assert.Equal(HttpStatusCode.Conflict, forbidden.StatusCode);
        Assert.Contains("status can go from created to completed only when the order is paid", WebUtility.HtmlDecode(await forbidden.Content.ReadAsStringAsync()));
        var order = await factory.GetOrder(id);
        Assert.Equal(("created", "pending"), (order.Str("status"), order.Str("payment_status")));

        using var paid = await admin.PostAsync($"/admin/orders/{id}", $"/admin/orders/{id}/move", ("field", "payment_status"), ("to", "paid"));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal("paid", (await factory.GetOrder(id)).Str("payment_status"));
        page = await admin.PageAsync($"/admin/orders/{id}");
        Assert.Contains("Mark as dispatched", page);
        Assert.Contains("Mark as refunded", page);
        Assert.DoesNotContain("Mark as paid", page);
    }

    [Fact]
    public async Task The_list_finds_an_order_by_email_code_and_payment_status()
    {
        var id = await PlaceOrderAsync("list-find@example.com");
        long number;
        await using (var scope = factory.Scope(out var db)) number = db.Orders.Single(o => o.Id == id).Number;
        var admin = await AdminSession.SignedInAsync(factory);

        Assert.Contains($"/admin/orders/{id}\"", await admin.PageAsync("/admin/orders?q=LIST-FIND"));
        Assert.Contains($"/admin/orders/{id}\"", await admin.PageAsync($"/admin/orders?q=%23{number}"));
        Assert.Contains($"/admin/orders/{id}\"", await admin.PageAsync("/admin/orders?q=list-find&payment_status=pending"));
        Assert.DoesNotContain($"/admin/orders/{id}\"", await admin.PageAsync("/admin/orders?q=list-find&payment_status=paid"));
        Assert.DoesNotContain($"/admin/orders/{id}\"", await admin.PageAsync("/admin/orders?q=list-find&to=2000-01-01"));
    }
}
