using Microsoft.AspNetCore.HttpOverrides;

namespace Kassa.Http;

/// <summary>
/// Behind a reverse proxy, the client's address and scheme come from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>,
/// but only from the proxies named in <c>Kassa:ForwardedHeaders:KnownProxies</c> (addresses) or <c>KnownNetworks</c>
/// (CIDR networks). Nothing is trusted by default, not even loopback: any client could otherwise name its own address
/// and escape the per-client limits.
/// </summary>
public static class ProxySetup
{
    public const string KnownProxiesKey = "Kassa:ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "Kassa:ForwardedHeaders:KnownNetworks";

    public static IServiceCollection AddKnownProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = AddressList.Read(configuration, KnownProxiesKey).Networks.Concat(AddressList.Read(configuration, KnownNetworksKey).Networks).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Each hop is taken only while the address it came from is a known proxy, so a chain of them may be walked.
            options.ForwardLimit = null;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in proxies) options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    /// <summary>Reads the forwarded headers when any proxy is configured; otherwise the connection's own address and scheme stand.</summary>
    public static IApplicationBuilder UseKnownProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }
}
