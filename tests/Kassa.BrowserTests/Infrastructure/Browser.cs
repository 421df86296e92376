namespace Kassa.BrowserTests.Infrastructure;

/// <summary>All browser tests share one Chromium and run one after another (the machines have 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "Chromium";
}

/// <summary>One Chromium for the whole run, started at the first test that asks (a skipped run starts none).</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _chromium;

    /// <summary>A fresh browser profile (no storage, no cookies) with a desktop-sized window, in English.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        if (_chromium is null)
        {
            _playwright = await Playwright.CreateAsync();
            _chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium.ExecutablePath,
                Headless = true,
                // --no-sandbox: Chromium's own sandbox cannot start as root (CI runs as root); the pages are this repository's own.
                ChromiumSandbox = false,
            });
        }
        var context = await _chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-US",
        });
        // A wait that is met returns at once; the room is for a first page's cold start on a busy CI machine, which
        // once took longer than 15 s to answer the admin's first Products click.
        context.SetDefaultTimeout(45_000);
        return context;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}
