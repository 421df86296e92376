using System.Net;
using System.Net.Sockets;

namespace Kassa.Http;

/// <summary>
/// Who a request comes from, for the per-client limits and the admin lockout: the connection's address, which
/// <c>X-Forwarded-For</c> replaces only when the request came through a configured proxy (<see cref="ProxySetup"/>).
/// </summary>
public static class ClientAddress
{
    /// <summary>
    /// The client's key: an IPv4 address, or an IPv6 address cut to its /64 network, since one subscriber is handed a
    /// whole /64 and could otherwise take a fresh address for every request. Null when the server does not know the
    /// address (a Unix socket without forwarded headers, or an in-process test host): such requests are not limited.
    /// </summary>
    public static IPAddress? Of(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } remote) return null;
        var address = Normalize(remote);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>An IPv4 address written in IPv6 (<c>::ffff:10.0.0.5</c>, as a dual-stack socket reports it) as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
