using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using Kassa.Webhooks;
using static Kassa.Tests.Webhooks.WebhookApi;

namespace Kassa.Tests.Webhooks;

/// <summary>No SSRF: by default a webhook may not point at this host or a private network, when saved nor when delivered.</summary>
[StartsFirst]
public sealed class WebhookTargetTests(KassaFactory kassa) : IClassFixture<KassaFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://127.8.9.10:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://172.31.255.254/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fc00::1]/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("ftp://shop.example/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:pass@shop.example/hook")]
    public async Task A_private_loopback_or_non_http_url_is_refused_by_default(string url)
    {
        var admin = kassa.Admin();
        var problem = await (await admin.PostAsJsonAsync(WebhooksPath, new { target = "order", @event = "paid", url })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
    }

    [Theory]
    [InlineData("https://203.0.113.7/hook")]
    [InlineData("http://8.8.8.8:8080/hook")]
    [InlineData("https://[2001:db8::1]/hook")]
    [InlineData("http://172.32.0.1/hook")]
    public async Task A_public_address_is_accepted(string url)
    {
        var created = await (await kassa.Admin().PostAsJsonAsync(WebhooksPath, new { target = "order", @event = "paid", url })).Expect(HttpStatusCode.Created);
        await (await kassa.Admin().DeleteAsync($"{WebhooksPath}/{created.GetProperty("id").GetInt64()}")).Expect(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.5.4", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("fc00::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("172.15.255.255", false)]
    public void Each_address_is_judged(string address, bool refused) =>
        Assert.Equal(refused, WebhookTargets.WhyRefused(IPAddress.Parse(address)) is not null);

    [Fact]
    public async Task A_target_that_resolves_to_loopback_by_delivery_time_is_not_called()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // As if the name had pointed elsewhere when the webhook was saved: the row is written behind the API's check.
        long webhook;
        await using (var scope = kassa.Scope(out var db))
        {
            var row = new Webhook { Target = "order", Event = "create", Url = $"http://localhost:{receiver.Port}/hook", Secret = "whsec_test" };
            db.Webhooks.Add(row);
            await db.SaveChangesAsync();
            webhook = row.Id;
        }
        await kassa.OfflineOrder();
        await WebhookReceiver.UntilAsync(async () => (await kassa.Deliveries(webhook)).Single().GetProperty("attempts").GetInt32() >= 1, []);
        var delivery = (await kassa.Deliveries(webhook)).Single();
        Assert.Contains("Refused", delivery.Str("last_error"));
        Assert.Contains("loopback", delivery.Str("last_error"));
        Assert.Empty(receiver.All);
        await (await kassa.Admin().DeleteAsync($"{WebhooksPath}/{webhook}")).Expect(HttpStatusCode.NoContent);
    }
}
