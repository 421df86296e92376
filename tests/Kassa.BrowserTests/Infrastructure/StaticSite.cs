using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kassa.BrowserTests.Infrastructure;

/// <summary>
/// A second, plain web server on another port of 127.0.0.1 — another origin — that serves the storefront's static
/// files as any web host would, the way a shop serves its own storefront beside Kassa.
/// </summary>
public sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app) => _app = app;

    /// <summary>The site's origin, e.g. http://127.0.0.1:41235.</summary>
    public string Url => _app.Urls.Single();

    public static async Task<StaticSite> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = root });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        await app.StartAsync();
        return new StaticSite(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
