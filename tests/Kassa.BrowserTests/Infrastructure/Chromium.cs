namespace Kassa.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through <c>ExecutablePath</c> (Playwright downloads no browser here).
/// <c>KASSA_CHROMIUM</c> names another executable.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "KASSA_CHROMIUM";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? WhyNot =>
        Environment.GetEnvironmentVariable("KASSA_TEST_POSTGRES") is { Length: > 0 }
            ? "Browser tests run once, on SQLite; this run is on PostgreSQL (KASSA_TEST_POSTGRES)."
            : !File.Exists(ExecutablePath)
                ? $"No Chromium at {ExecutablePath}: install it (apt-get install chromium) or set {PathVariable} to its path."
                : null;
}

/// <summary>A test that drives Chromium: skipped, saying why, where there is none (or on the PostgreSQL run).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() => Skip = Chromium.WhyNot;
}

/// <summary>A <see cref="ChromiumFactAttribute"/> with data.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute() => Skip = Chromium.WhyNot;
}
