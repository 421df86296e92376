namespace Kassa.BrowserTests.Infrastructure;

/// <summary>
/// Screenshots of a test's steps, numbered in order, saved as the run's artifacts under
/// <c>screenshots/&lt;test&gt;/</c> in the test output folder (bin/&lt;configuration&gt;/net10.0/).
/// </summary>
public sealed class Screenshots(IPage page, string test)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Set to 1 to rewrite the README's screenshot of the storefront (docs/images/storefront.png).</summary>
    public const string UpdateReadmeVariable = "KASSA_UPDATE_SCREENSHOT";

    private int _step;

    public async Task TakeAsync(string step)
    {
        var path = Path.Combine(Folder, test, $"{++_step:00}-{step}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    /// <summary>The view the README shows: saved with the artifacts, and over docs/images/storefront.png when asked to.</summary>
    public async Task TakeForReadmeAsync()
    {
        // The top of the page (products, cart, totals), with no field focused and no button under the mouse.
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.Mouse.MoveAsync(0, 0);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, "storefront.png") });
        if (Environment.GetEnvironmentVariable(UpdateReadmeVariable) == "1")
            await File.WriteAllBytesAsync(Path.Combine(Repository.Root, "docs", "images", "storefront.png"), bytes);
    }

    /// <summary>A README picture other than the storefront's: saved with the artifacts, and over docs/images/<paramref name="file"/> when asked to.</summary>
    public async Task TakeForReadmeAsync(string file)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.Mouse.MoveAsync(0, 0);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, file) });
        if (Environment.GetEnvironmentVariable(UpdateReadmeVariable) == "1")
            await File.WriteAllBytesAsync(Path.Combine(Repository.Root, "docs", "images", file), bytes);
    }
}
