using System.Net;
using Kassa.Hosting;

namespace Kassa.Http;

/// <summary>
/// A configured list of addresses and networks (<c>10.0.0.5</c>, <c>10.0.0.0/24</c>, <c>2001:db8::/48</c>), written as a
/// list (<c>Kassa__RateLimits__TrustedClients__0</c>, <c>__1</c>, …) or, in one variable, separated by commas.
/// </summary>
public sealed class AddressList(IReadOnlyList<IPNetwork> networks)
{
    public static readonly AddressList None = new([]);

    public IReadOnlyList<IPNetwork> Networks { get; } = networks;

    public bool IsEmpty => Networks.Count == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null || Networks.Count == 0) return false;
        address = ClientAddress.Normalize(address);
        foreach (var network in Networks)
            if (network.Contains(address)) return true;
        return false;
    }

    /// <summary>The list at <paramref name="key"/> (e.g. <c>Kassa:RateLimits:TrustedClients</c>); an entry that is no address or network stops start-up.</summary>
    public static AddressList Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var given = new List<(string Key, string Value)>();
        if (section.Value is { } list)
            given.AddRange(list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (key, v)));
        given.AddRange(section.GetChildren().Where(c => c.Value is { Length: > 0 }).Select(c => ($"{key}:{c.Key}", c.Value!)));
        return new AddressList(given.Select(g => Parse(g.Key, g.Value)).ToList());
    }

    private static IPNetwork Parse(string key, string value)
    {
        var text = value.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var address))
        {
            address = ClientAddress.Normalize(address);
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        if (IPNetwork.TryParse(text, out var network)) return network;
        throw new StartupProblem(
            $"{key} is '{value}' but must be an IP address or a network in CIDR form, e.g. {KassaSettings.EnvironmentName(key)}=10.0.0.5 or 10.0.0.0/24.");
    }
}
