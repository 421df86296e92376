using System.Security.Cryptography;
using System.Text;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kassa.AdminPages;

/// <summary>
/// The shop owner's signed-in session: a cookie holding a random id and an expiry, signed with HMAC-SHA256 under a key
/// derived from the admin key. Nothing is stored to sign in, so every instance on one database accepts the cookie, and a
/// new admin key ends every session. Sign-out deletes the cookie and writes its id to the database until it would have
/// expired (<see cref="AdminSignOut"/>), so a copy of it is refused too, by every instance.
/// </summary>
public sealed class AdminSessions(IOptions<KassaOptions> options, TimeProvider clock)
{
    public const string CookieName = "kassa_admin";
    public const string CookiePath = "/admin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly byte[]? _signingKey = options.Value.AdminApiKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes("kassa-admin-session\n" + key))
        : null;

    public void SignIn(HttpContext http)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}.{expires.ToUnixTimeSeconds()}";
        http.Response.Cookies.Append(CookieName, $"{payload}.{Sign(payload)}", Cookie(http, expires));
    }

    public async Task<bool> IsSignedInAsync(HttpContext http)
    {
        if (Session(http) is not { } session) return false;
        var db = http.RequestServices.GetRequiredService<KassaDbContext>();
        return !await db.AdminSignOuts.AnyAsync(s => s.Id == session.Id, http.RequestAborted);
    }

    public async Task SignOutAsync(HttpContext http)
    {
        if (Session(http) is { } session)
        {
            var db = http.RequestServices.GetRequiredService<KassaDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            await db.AdminSignOuts.Where(s => s.Until <= now).ExecuteDeleteAsync(http.RequestAborted);
            db.AdminSignOuts.Add(new AdminSignOut { Id = session.Id, Until = session.Expires.UtcDateTime });
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException)
            {
                // Signed out twice at once (two tabs): the first one's row stands.
                db.ChangeTracker.Clear();
                if (!await db.AdminSignOuts.AnyAsync(s => s.Id == session.Id, http.RequestAborted)) throw;
            }
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
        if (expires <= clock.GetUtcNow()) return null;
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
