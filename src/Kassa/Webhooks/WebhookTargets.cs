using System.Net;
using System.Net.Sockets;

namespace Kassa.Webhooks;

/// <summary>
/// Which receivers Kassa may call (no SSRF): http or https only, and unless <c>Kassa:Webhooks:AllowPrivateTargets</c>
/// none on an address of this host or of a private network. Checked when a webhook is saved and again for every
/// address its host name resolves to at each delivery (<see cref="WebhookSender"/> then connects to the address it checked).
/// </summary>
public static class WebhookTargets
{
    private static readonly (IPAddress Network, int Prefix, string Kind)[] Refused =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "an unspecified (this network) address"),
        (IPAddress.Parse("10.0.0.0"), 8, "a private address"),
        (IPAddress.Parse("100.64.0.0"), 10, "a shared (carrier-grade NAT) address"),
        (IPAddress.Parse("127.0.0.0"), 8, "a loopback address"),
        (IPAddress.Parse("169.254.0.0"), 16, "a link-local address"),
        (IPAddress.Parse("172.16.0.0"), 12, "a private address"),
        (IPAddress.Parse("192.0.0.0"), 24, "a protocol-assignment address"),
        (IPAddress.Parse("192.168.0.0"), 16, "a private address"),
        (IPAddress.Parse("198.18.0.0"), 15, "a benchmarking address"),
        (IPAddress.Parse("224.0.0.0"), 4, "a multicast address"),
        (IPAddress.Parse("240.0.0.0"), 4, "a reserved address"),
        (IPAddress.Parse("::"), 128, "an unspecified address"),
        (IPAddress.Parse("::1"), 128, "a loopback address"),
        (IPAddress.Parse("fc00::"), 7, "a unique-local address"),
        (IPAddress.Parse("fe80::"), 10, "a link-local address"),
        (IPAddress.Parse("fec0::"), 10, "a site-local address"),
        (IPAddress.Parse("ff00::"), 8, "a multicast address"),
    ];

    /// <summary>Why Kassa will not call <paramref name="address"/>, or null when it may.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        // An IPv4 address written as IPv6 (::ffff:127.0.0.1, or NAT64's 64:ff9b::/96) is judged as the IPv4 address.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && InPrefix(address, IPAddress.Parse("64:ff9b::"), 96))
            address = new IPAddress(address.GetAddressBytes()[12..]);
        foreach (var (network, prefix, kind) in Refused)
            if (network.AddressFamily == address.AddressFamily && InPrefix(address, network, prefix)) return kind;
        return null;
    }

    private static bool InPrefix(IPAddress address, IPAddress network, int prefix)
    {
        var (a, n) = (address.GetAddressBytes(), network.GetAddressBytes());
        if (a.Length != n.Length) return false;
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : (byte)(0xFF << (8 - prefix));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }

    /// <summary>The url's problem as a sentence, or null: absolute http(s), no user info, and (unless allowed) no refused address.</summary>
    /// <remarks>A host name that does not resolve now is accepted: it is resolved again at each delivery.</remarks>
    public static async Task<string?> ProblemAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return "The url must be an absolute http:// or https:// url.";
        if (uri.UserInfo.Length > 0) return "The url must not carry a user name or password.";
        if (allowPrivate) return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return null;
            }
        }
        foreach (var address in addresses)
        {
            if (WhyRefused(address) is { } why)
                return $"The url's host {uri.Host} is {why} ({address}); Kassa calls only public addresses unless Kassa__Webhooks__AllowPrivateTargets=true.";
        }
        return null;
    }
}

/// <summary>A receiver address Kassa will not call; the delivery fails with this as its last error.</summary>
public sealed class RefusedTargetException(string message) : Exception(message);
