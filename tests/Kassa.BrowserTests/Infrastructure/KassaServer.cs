using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kassa.BrowserTests.Infrastructure;

/// <summary>
/// Kassa on Kestrel at a real port of 127.0.0.1, where a browser can reach it: a new SQLite database with the demo
/// catalog, the sandbox payment provider, and CORS open to the origins given.
/// </summary>
public sealed class KassaServer : WebApplicationFactory<Program>
{
    public const string AdminKey = "browser-test-admin-key";

    private readonly string _database = Path.Combine(Path.GetTempPath(), "kassa-browser-tests", $"{Guid.NewGuid():N}.db");
    private readonly string[] _allowedOrigins;

    private KassaServer(string[] allowedOrigins) => _allowedOrigins = allowedOrigins;

    /// <summary>Starts a Kassa that answers scripts from <paramref name="allowedOrigins"/> (Kassa:Cors:AllowedOrigins).</summary>
    public static KassaServer Start(params string[] allowedOrigins)
    {
        var server = new KassaServer(allowedOrigins);
        server.UseKestrel();
        server.StartServer();
        return server;
    }

    /// <summary>Where Kassa listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string Url => Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

    /// <summary>The folder Kassa serves the storefront from.</summary>
    public string WebRoot => Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;

    /// <summary>A client of the admin API (what the shop owner does, never the storefront).</summary>
    public HttpClient Admin()
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Add("X-API-TOKEN", AdminKey);
        return client;
    }

    /// <summary>Sets the store's price entry mode (<c>net</c> or <c>gross</c>) through the admin settings API.</summary>
    public async Task SetPriceEntryModeAsync(string mode)
    {
        using var admin = Admin();
        using var response = await admin.PutAsJsonAsync("/admin/api/ecommerce/v1/settings", new { price_entry_mode = mode });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The store's orders, read through the admin API.</summary>
    public async Task<JsonElement[]> OrdersAsync()
    {
        using var admin = Admin();
        return [.. (await admin.GetFromJsonAsync<JsonElement>("/admin/api/ecommerce/v1/orders")).EnumerateArray()];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database)!);
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Kassa:Database:Provider", "sqlite");
        builder.UseSetting("Kassa:Database:ConnectionString", $"Data Source={_database}");
        builder.UseSetting("Kassa:AdminApiKey", AdminKey);
        builder.UseSetting("Kassa:Payments:Sandbox:WebhookSecret", "browser-test-sandbox-secret");
        for (var i = 0; i < _allowedOrigins.Length; i++) builder.UseSetting($"Kassa:Cors:AllowedOrigins:{i}", _allowedOrigins[i]);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }
}
