namespace Kassa.Http;

/// <summary>
/// <c>Kassa:RateLimits</c>: how much one client address may do (<see cref="ClientRateLimits"/>) and when wrong admin
/// keys lock it out (<see cref="AdminLockout"/>). The lists of trusted clients are read by <see cref="AddressList"/>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Off turns the per-client limits and the admin lockout off (a benchmark, or limits kept by a proxy in front).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>New carts (both dialects).</summary>
    public ClientLimit CartCreation { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    /// <summary>New checkouts and orders and payment starts: each may call a payment provider.</summary>
    public ClientLimit CheckoutCreation { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    /// <summary>Every other anonymous write (changing carts and checkouts, flat-rate quotes, pay-page buttons).</summary>
    public ClientLimit Writes { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };

    public AdminLockoutOptions AdminAuthentication { get; set; } = new();
}

/// <summary>
/// A token bucket per client address: up to <see cref="PermitLimit"/> requests at once, refilled evenly at
/// <see cref="PermitLimit"/> per <see cref="WindowSeconds"/>.
/// </summary>
public sealed class ClientLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}

/// <summary><c>Kassa:RateLimits:AdminAuthentication</c>: after this many wrong admin keys within the window, the address is refused for a while.</summary>
public sealed class AdminLockoutOptions
{
    public int FailureLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 600;

    public int LockoutSeconds { get; set; } = 900;
}
