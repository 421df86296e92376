using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kassa.Tests.Http;

/// <summary>
/// Kassa in memory, where a request's connection comes from the address in its <see cref="Header"/> (the in-memory
/// server has none of its own), with the settings given. For the per-client limits and the lockout.
/// </summary>
public class ClientAddressFactory : KassaFactory
{
    public const string Header = "X-Test-Connection-Address";

    public ClientAddressFactory(params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings) With(key, value);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ConnectionAddress()));
    }

    /// <summary>A started host of its own with <paramref name="settings"/>; disposing it drops its database.</summary>
    public static async Task<Running> StartAsync(params (string Key, string? Value)[] settings)
    {
        var factory = new ClientAddressFactory(settings);
        await factory.InitializeAsync();
        return new Running(factory);
    }

    public sealed class Running(ClientAddressFactory factory) : IAsyncDisposable
    {
        public ClientAddressFactory Factory { get; } = factory;

        public ValueTask DisposeAsync() => new(((IAsyncLifetime)Factory).DisposeAsync());
    }

    /// <summary>An anonymous client whose requests come from <paramref name="address"/>.</summary>
    public HttpClient From(string address, string? adminKey = null)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(Header, address);
        if (adminKey is not null) client.DefaultRequestHeaders.Add("X-API-TOKEN", adminKey);
        return client;
    }

    /// <summary>Runs before Kassa's own middleware, as the socket's address would be there before anything reads it.</summary>
    private sealed class ConnectionAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, then) =>
            {
                if (http.Request.Headers.TryGetValue(Header, out var address)) http.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                return then(http);
            });
            next(app);
        };
    }
}
