using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kassa.AdminPages;

/// <summary>
/// The shop owner's signed-in session: a cookie holding a random id and an expiry, signed with HMAC-SHA256 under a key
/// derived from the admin key. Nothing is stored to sign in, so every instance on one database accepts the cookie, and a
/// new admin key ends every session. Sign-out deletes the cookie and remembers its id until it would have expired
/// (in this process), so a copy of it is refused too.
/// </summary>
public sealed class AdminSessions(IOptions<KassaOptions> options, TimeProvider clock)
{
    public const string CookieName = "kassa_admin";
    public const string CookiePath = "/admin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly byte[]? _signingKey = options.Value.AdminApiKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes("kassa-admin-session\n" + key))
        : null;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _signedOut = new(StringComparer.Ordinal);

    public void SignIn(HttpContext http)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}.{expires.ToUnixTimeSeconds()}";
        http.Response.Cookies.Append(CookieName, $"{payload}.{Sign(payload)}", Cookie(http, expires));
    }

    public bool IsSignedIn(HttpContext http) => Session(http) is not null;

    public void SignOut(HttpContext http)
    {
        if (Session(http) is { } session)
        {
            var now = clock.GetUtcNow();
            foreach (var (id, until) in _signedOut)
                if (until <= now) _signedOut.TryRemove(id, out _);
            _signedOut[session.Id] = session.Expires;
        }
        http.Response.Cookies.Delete(CookieName, Cookie(http, null));
    }

    private (string Id, DateTimeOffset Expires)? Session(HttpContext http)
    {
        if (_signingKey is null || http.Request.Cookies[CookieName] is not { } value) return null;
        var parts = value.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], out var seconds)) return null;
        var expected = Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2]))) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (expires <= clock.GetUtcNow() || _signedOut.ContainsKey(parts[0])) return null;
        return (parts[0], expires);
    }

    private string Sign(string payload) =>
        Convert.ToHexString(HMACSHA256.HashData(_signingKey ?? throw new InvalidOperationException("No admin key is configured."), Encoding.ASCII.GetBytes(payload)));

    /// <summary>HttpOnly, SameSite=Strict, only under /admin, and Secure whenever the page came over HTTPS.</summary>
    private static CookieOptions Cookie(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };
}
