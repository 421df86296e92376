namespace Kassa.BrowserTests.Infrastructure;

/// <summary>The admin at /admin as a shop owner uses it: what they click and type; every page it opens is checked by axe-core.</summary>
public sealed class AdminPage(IPage page, Screenshots shots)
{
    public IPage Page => page;

    /// <summary>Checks the page now shown for accessibility and saves its screenshot.</summary>
    public async Task CheckAsync(string step)
    {
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await shots.TakeAsync(step);
    }

    public async Task SignInAsync(string key)
    {
        await page.GetByLabel("Admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public async Task GoToAsync(string section)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public Task ClickAsync(string linkOrButton) =>
        page.GetByRole(AriaRole.Link, new() { Name = linkOrButton, Exact = true })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = linkOrButton, Exact = true })).ClickAsync();

    /// <summary>Fills the form's fields by their labels (a select by its option's text; a checkbox by "on" or "off").</summary>
    public async Task FillAsync(params (string Label, string Value)[] fields)
    {
        foreach (var (label, value) in fields)
        {
            var input = page.GetByLabel(label, new() { Exact = true });
            var tag = await input.EvaluateAsync<string>("e => e.tagName + ':' + (e.type || '')");
            if (tag.StartsWith("SELECT", StringComparison.Ordinal)) await input.SelectOptionAsync(new SelectOptionValue { Label = value });
            else if (tag == "INPUT:checkbox") await input.SetCheckedAsync(value == "on");
            else await input.FillAsync(value);
        }
    }

    public async Task SaveAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Saved.");
    }

    public ILocator ErrorAt(string field) => page.Locator($"[data-field='{field}'] .field-error");

    public ILocator State(string field) => page.Locator($"[data-state='{field}']");

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
