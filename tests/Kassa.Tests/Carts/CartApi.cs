using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Carts;

/// <summary>Small helpers the cart API tests share: requests in both dialects, problem checks, snapshots.</summary>
internal static class CartApi
{
    public const string Voog = VoogApi + "/carts";
    public const string Outshifter = "/api/cart";

    /// <summary>Every block Voog can include, so a snapshot sees the whole cart.</summary>
    public const string AllIncludes = "include=items,payment_methods,shipping_address,billing_address,translations";

    public static async Task<(string Uuid, JsonElement Body, string ETag)> CreateVoogCart(this HttpClient client, object body, string query = "include=items")
    {
        var response = await client.PostAsJsonAsync($"{Voog}?{query}", body);
        var cart = await response.Expect(HttpStatusCode.Created);
        return (cart.Str("uuid"), cart, response.Headers.ETag!.Tag);
    }

    public static async Task<string> CreateOutshifterCart(this HttpClient client, string currency = "EUR", string session = "session-1")
    {
        var response = await client.PostAsJsonAsync(Outshifter, new { customer_session_id = session, currency });
        return (await response.Expect(HttpStatusCode.Created)).Str("cart_id");
    }

    public static async Task<JsonElement> GetVoog(this HttpClient client, string uuid, string query = "include=items")
    {
        var response = await client.GetAsync($"{Voog}/{uuid}?{query}");
        return await response.Expect(HttpStatusCode.OK);
    }

    public static async Task<JsonElement> GetOutshifter(this HttpClient client, string id) =>
        await (await client.GetAsync($"{Outshifter}/{id}")).Expect(HttpStatusCode.OK);

    public static async Task<JsonElement> PutVoog(this HttpClient client, string uuid, object body, string query = "include=items") =>
        await (await client.PutAsJsonAsync($"{Voog}/{uuid}?{query}", body)).Expect(HttpStatusCode.OK);

    public static async Task<JsonElement> AddOutshifter(this HttpClient client, string id, params object[] lineItems) =>
        await (await client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new { line_items = lineItems })).Expect(HttpStatusCode.OK);

    public static async Task<string> ETag(this HttpClient client, string uuid)
    {
        var response = await client.GetAsync($"{Outshifter}/{uuid}");
        await response.Expect(HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    /// <summary>The whole cart as both dialects show it, with ETags: equal snapshots mean nothing changed.</summary>
    public static async Task<string> Snapshot(this HttpClient client, string uuid)
    {
        var voog = await client.GetAsync($"{Voog}/{uuid}?{AllIncludes}");
        var outshifter = await client.GetAsync($"{Outshifter}/{uuid}");
        Assert.Equal(HttpStatusCode.OK, voog.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outshifter.StatusCode);
        return $"voog {voog.Headers.ETag}: {await voog.Content.ReadAsStringAsync()}\n" +
               $"outshifter {outshifter.Headers.ETag}: {await outshifter.Content.ReadAsStringAsync()}";
    }

    /// <summary>Sets a cart's status behind the API, as checkout does.</summary>
    public static async Task SetStatus(this KassaFactory factory, string uuid, string status)
    {
        await using var scope = factory.Scope(out var db);
        var cart = db.Carts.Single(c => c.Uuid == Guid.Parse(uuid));
        cart.Status = status;
        await db.SaveChangesAsync();
    }

    public static async Task<int> CartCount(this KassaFactory factory)
    {
        await using var scope = factory.Scope(out var db);
        return db.Carts.Count();
    }

    /// <summary>Every total is the exact sum of its parts, and tax_amounts add up to the tax.</summary>
    public static void AssertTotalsAddUp(JsonElement cart)
    {
        Assert.Equal(cart.Dec("items_subtotal_amount") + cart.Dec("items_tax_amount"), cart.Dec("items_total_amount"));
        Assert.Equal(cart.Dec("shipping_subtotal_amount") + cart.Dec("shipping_tax_amount"), cart.Dec("shipping_total_amount"));
        Assert.Equal(cart.Dec("items_total_amount") + cart.Dec("shipping_total_amount"), cart.Dec("total_amount"));
        var taxes = cart.Items("tax_amounts");
        Assert.Equal(cart.Dec("items_tax_amount") + cart.Dec("shipping_tax_amount"), taxes.Sum(t => t.Dec("tax_amount")));
        Assert.Equal(cart.Dec("items_subtotal_amount") + cart.Dec("shipping_subtotal_amount"), taxes.Sum(t => t.Dec("subtotal_amount")));
        var lines = cart.Items("item_amounts");
        Assert.Equal(cart.Dec("items_subtotal_amount"), lines.Sum(l => l.Dec("subtotal_amount")));
        Assert.Equal(cart.Dec("items_tax_amount"), lines.Sum(l => l.Dec("tax_amount")));
    }

    /// <summary>The current time of the factory's clock, as the admin API expects it.</summary>
    public static string At(this KassaFactory factory, TimeSpan offset) =>
        factory.Clock.GetUtcNow().Add(offset).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
