using System.Security.Cryptography;
using System.Text;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Webhooks.WebhookApi;

namespace Kassa.Tests.Webhooks;

/// <summary>A receiver can check each delivery with the recipe in docs/webhooks.md, across a secret rotation.</summary>
[StartsFirst]
public sealed class WebhookSignatureTests
{
    /// <summary>docs/webhooks.md's C# recipe, as a receiver would write it.</summary>
    private static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        string? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0] == "t") t = kv[1];
            else if (kv[0] == "v1") signatures.Add(kv[1]);
        }
        if (t is null || !long.TryParse(t, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    private static int V1Count(string header) => header.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal));

    [Fact]
    public async Task Deliveries_verify_with_the_documented_recipe_and_both_secrets_sign_during_the_grace_period_after_a_rotation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var kassa = await HostAsync(("Kassa:Webhooks:SecretGraceHours", "2"));
        var admin = kassa.Admin();
        var created = await admin.CreateWebhook(receiver.Url(), "update");
        var (id, secret) = (created.GetProperty("id").GetInt64(), created.Str("secret"));
        var order = await kassa.OfflineOrder();
        var tolerance = TimeSpan.FromMinutes(5);

        await kassa.SetOrder(order, new { payment_status = "paid" });
        await WebhookReceiver.UntilAsync(() => Task.FromResult(receiver.All.Count == 1), []);
        var first = receiver.All[0];
        Assert.Equal(1, V1Count(first.Signature));
        Assert.True(Verify(secret, first.Signature, first.Body, kassa.Clock.GetUtcNow(), tolerance));
        Assert.False(Verify("whsec_wrong", first.Signature, first.Body, kassa.Clock.GetUtcNow(), tolerance));
        Assert.False(Verify(secret, first.Signature, first.Body.Replace("paid", "pain"), kassa.Clock.GetUtcNow(), tolerance));
        Assert.False(Verify(secret, first.Signature, first.Body, kassa.Clock.GetUtcNow().AddHours(1), tolerance));

        var rotated = await (await admin.PostAsync($"{WebhooksPath}/{id}/rotate_secret", null)).Expect(System.Net.HttpStatusCode.OK);
        var newSecret = rotated.Str("secret");
        Assert.NotEqual(secret, newSecret);
        await kassa.SetOrder(order, new { shipping_status = "dispatched" });
        await WebhookReceiver.UntilAsync(() => Task.FromResult(receiver.All.Count == 2), []);
        var during = receiver.All[1];
        Assert.Equal(2, V1Count(during.Signature));
        Assert.True(Verify(newSecret, during.Signature, during.Body, kassa.Clock.GetUtcNow(), tolerance));
        Assert.True(Verify(secret, during.Signature, during.Body, kassa.Clock.GetUtcNow(), tolerance));

        kassa.Clock.Advance(TimeSpan.FromHours(3));
        await kassa.SetOrder(order, new { shipping_status = "delivered" });
        await WebhookReceiver.UntilAsync(() => Task.FromResult(receiver.All.Count == 3), []);
        var after = receiver.All[2];
        Assert.Equal(1, V1Count(after.Signature));
        Assert.True(Verify(newSecret, after.Signature, after.Body, kassa.Clock.GetUtcNow(), tolerance));
        Assert.False(Verify(secret, after.Signature, after.Body, kassa.Clock.GetUtcNow(), tolerance));
    }
}
