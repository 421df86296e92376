using System.Text.Json;

namespace Kassa.BrowserTests.Infrastructure;

/// <summary>
/// axe-core (pinned in this folder's package.json, installed by <c>npm ci</c>) run on the page as it is now; serious and
/// critical violations fail the test with what axe says and where. Evaluated through the DevTools protocol, so the
/// page's Content-Security-Policy (no scripts at all on the admin) does not stop it.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Axe = new(Load);

    public static string ScriptPath => Path.Combine(Repository.Root, "tests", "Kassa.BrowserTests", "node_modules", "axe-core", "axe.min.js");

    /// <summary>Fails, saying how to install it, when axe-core is not there: a browser test must not pass unchecked.</summary>
    private static string Load() => File.Exists(ScriptPath)
        ? File.ReadAllText(ScriptPath)
        : throw new InvalidOperationException(
            $"axe-core is missing ({ScriptPath}): run `npm ci` in tests/Kassa.BrowserTests (.ci/run does) before the browser tests.");

    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(Axe.Value);
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)");
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"axe-core on {page.Url}:\n{string.Join('\n', violations)}");
    }
}
