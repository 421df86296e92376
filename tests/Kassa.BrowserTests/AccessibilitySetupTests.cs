using Kassa.BrowserTests.Infrastructure;

namespace Kassa.BrowserTests;

/// <summary>Where Chromium runs, axe-core must be installed too: the accessibility checks never pass by being absent.</summary>
public sealed class AccessibilitySetupTests
{
    [ChromiumFact]
    public void Axe_core_is_installed_beside_the_browser_tests() =>
        Assert.True(File.Exists(Accessibility.ScriptPath),
            $"axe-core is missing ({Accessibility.ScriptPath}): run `npm ci` in tests/Kassa.BrowserTests (.ci/run does) before the browser tests.");
}
