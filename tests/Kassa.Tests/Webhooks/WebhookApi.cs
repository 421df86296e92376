using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;
using static Kassa.Tests.Infrastructure.TestHttp;

namespace Kassa.Tests.Webhooks;

/// <summary>Helpers the webhook tests share.</summary>
internal static class WebhookApi
{
    public const string WebhooksPath = "/admin/api/webhooks";
    public const string EcommerceWebhooksPath = VoogApi + "/webhooks";

    /// <summary>A host whose webhooks may call the test's receiver on 127.0.0.1, with a short timeout.</summary>
    public static Task<KassaFactory> HostAsync(params (string Key, string? Value)[] more) => KassaFactory.CreateAsync([.. Settings, .. more]);

    /// <summary>What every webhook test host has: receivers on this machine are allowed, and they are given a second.</summary>
    public static readonly (string Key, string? Value)[] Settings = [("Kassa:Webhooks:AllowPrivateTargets", "true"), ("Kassa:Webhooks:TimeoutSeconds", "1")];

    public static async Task<JsonElement> CreateWebhook(this HttpClient admin, string url, string @event, long? targetId = null) =>
        await (await admin.PostAsJsonAsync(WebhooksPath, new { target = "order", @event, url, target_id = targetId })).Expect(HttpStatusCode.Created);

    /// <summary>An offline order placed through the Voog checkout; returns its id.</summary>
    public static async Task<long> OfflineOrder(this KassaFactory kassa)
    {
        var client = kassa.Anonymous();
        var (uuid, _) = await client.VoogCart(new
        {
            items = new[] { new { product_id = Demo.StarChart, quantity = 1 } },
            customer = new { email = "ada@example.com", name = "Ada Lovelace" },
        });
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{uuid}/checkout", new { gateway_code = "offline" })).Expect(HttpStatusCode.OK);
        return order.GetProperty("id").GetInt64();
    }

    public static async Task SetOrder(this KassaFactory kassa, long order, object change) =>
        await (await kassa.Admin().PutAsJsonAsync($"{OrderPath}/{order}", change)).Expect(HttpStatusCode.OK);

    public static async Task<List<JsonElement>> Deliveries(this KassaFactory kassa, long webhook)
    {
        var list = await (await kassa.Admin().GetAsync($"{WebhooksPath}/{webhook}/deliveries?per_page=250")).Expect(HttpStatusCode.OK);
        return list.EnumerateArray().ToList();
    }
}
