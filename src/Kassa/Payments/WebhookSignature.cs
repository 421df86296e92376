using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kassa.Payments;

/// <summary>
/// HMAC-SHA256 webhook signatures in the widespread "t=&lt;unix seconds&gt;,v1=&lt;hex&gt;" form, signed over
/// "&lt;t&gt;.&lt;body&gt;": the timestamp is covered, so an old message cannot be replayed with a new time.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hex(secret, t, body)}";
    }

    /// <exception cref="WebhookRejectedException">Missing, malformed, wrong or outside the tolerance.</exception>
    public static void Verify(string secret, string body, string? header, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header)) throw new WebhookRejectedException("The signature header is missing.");
        string? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0].Trim() == "t") t = kv[1].Trim();
            else if (kv[0].Trim() == "v1") signatures.Add(kv[1].Trim());
        }
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signatures.Count == 0 ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new WebhookRejectedException("The signature header is malformed.");

        var expected = Encoding.ASCII.GetBytes(Hex(secret, t, body));
        if (!signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s))))
            throw new WebhookRejectedException("The signature does not match.");

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age > tolerance || age < -tolerance)
            throw new WebhookRejectedException("The webhook is too old (or from the future) to be accepted.");
    }

    private static string Hex(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
}
