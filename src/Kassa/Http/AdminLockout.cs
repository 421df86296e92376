using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Kassa.Http;

/// <summary>
/// Wrong admin keys per client address (<c>Kassa:RateLimits:AdminAuthentication</c>): after <c>FailureLimit</c> of them
/// within <c>WindowSeconds</c>, every request from that address that carries an admin key is a 429 for
/// <c>LockoutSeconds</c>, the right key included, so the key cannot be guessed at speed. Other addresses are not
/// affected. Counted by <see cref="AdminKey.IsAdmin"/>, enforced by <see cref="AdminLockoutGate"/>; time from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AdminLockout(IOptions<KassaOptions> options, TimeProvider clock)
{
    /// <summary>Past this many remembered addresses, the ones whose window and lockout are over are forgotten (at most once a minute).</summary>
    private const int ForgetAbove = 10_000;

    private readonly bool _enabled = options.Value.RateLimits.Enabled;
    private readonly int _failureLimit = options.Value.RateLimits.AdminAuthentication.FailureLimit;
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.RateLimits.AdminAuthentication.WindowSeconds);
    private readonly TimeSpan _lockout = TimeSpan.FromSeconds(options.Value.RateLimits.AdminAuthentication.LockoutSeconds);
    private readonly ConcurrentDictionary<IPAddress, Failures> _clients = new();
    private DateTimeOffset _forgotAt = DateTimeOffset.MinValue;

    /// <summary>How much longer the client is refused, or null when it is not.</summary>
    public TimeSpan? RefusedFor(IPAddress? client)
    {
        if (!_enabled || client is null || !_clients.TryGetValue(client, out var failures)) return null;
        var now = clock.GetUtcNow();
        lock (failures) return failures.LockedUntil > now ? failures.LockedUntil - now : null;
    }

    public void Failed(IPAddress? client)
    {
        if (!_enabled || client is null) return;
        var now = clock.GetUtcNow();
        if (_clients.Count > ForgetAbove && now - _forgotAt > TimeSpan.FromMinutes(1)) Forget(now);
        var failures = _clients.GetOrAdd(client, _ => new Failures());
        lock (failures)
        {
            if (now - failures.WindowStart >= _window)
            {
                failures.WindowStart = now;
                failures.Count = 0;
            }
            if (++failures.Count < _failureLimit) return;
            failures.LockedUntil = now + _lockout;
            failures.WindowStart = DateTimeOffset.MinValue;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        _forgotAt = now;
        foreach (var (client, failures) in _clients)
            lock (failures)
                if (failures.LockedUntil <= now && now - failures.WindowStart >= _window) _clients.TryRemove(client, out _);
    }

    private sealed class Failures
    {
        public DateTimeOffset WindowStart = DateTimeOffset.MinValue;
        public int Count;
        public DateTimeOffset LockedUntil = DateTimeOffset.MinValue;
    }
}

/// <summary>Refuses, before anything else reads it, a request that carries an admin key from an address the <see cref="AdminLockout"/> holds.</summary>
public sealed class AdminLockoutGate(RequestDelegate next, AdminLockout lockout)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (!AdminKey.IsPresented(http.Request) || lockout.RefusedFor(ClientAddress.Of(http)) is not { } left) return next(http);
        return TooManyRequests.WriteAsync(http, left, seconds =>
            $"Too many wrong admin keys came from your address: requests that carry an admin key are refused from it for {seconds} s more.");
    }
}
