using System.Text.RegularExpressions;

namespace Kassa.BrowserTests.Infrastructure;

/// <summary>The demo storefront as a shopper uses it: what they click and type, and where the page shows things.</summary>
public sealed class StorefrontPage(IPage page)
{
    public IPage Page => page;

    public async Task OpenAsync(string url)
    {
        await page.GotoAsync(url);
        await SettledAsync();
    }

    /// <summary>Waits until the page has Kassa's answer: it marks the shop busy from a click until the answer is shown.</summary>
    public Task SettledAsync() => Expect(page.Locator("#shop")).ToHaveAttributeAsync("aria-busy", "false");

    public ILocator Product(string name) => page.Locator(".product", new PageLocatorOptions { Has = page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }) });

    public ILocator Line(long productId) => page.Locator($"[data-field='line:{productId}']");

    /// <summary>The message shown next to the field that a problem's <c>errors</c> key names.</summary>
    public ILocator ErrorAt(string field) => page.Locator($"[data-field='{field}'] .field-error");

    public ILocator Totals => page.Locator("#totals");

    public async Task AddAsync(string product, string? variant = null)
    {
        var card = Product(product);
        if (variant is not null) await card.GetByRole(AriaRole.Combobox).SelectOptionAsync(new SelectOptionValue { Label = variant });
        await card.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await SettledAsync();
    }

    /// <summary>Types a quantity into a line and leaves the field, as a shopper does.</summary>
    public async Task SetQuantityAsync(string product, string quantity)
    {
        var input = page.GetByLabel($"Quantity of {product}");
        await input.FillAsync(quantity);
        await input.PressAsync("Tab");
        await SettledAsync();
    }

    public async Task ApplyCodeAsync(string code)
    {
        await page.GetByLabel("Discount code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await SettledAsync();
    }

    public async Task FillContactAsync(string name, string email)
    {
        await page.Locator("[name='customer.name']").FillAsync(name);
        await page.Locator("[name='customer.email']").FillAsync(email);
    }

    public async Task FillShippingAddressAsync(string name, string street, string zip, string city, string country)
    {
        await page.Locator("[name='shipping_address.name']").FillAsync(name);
        await page.Locator("[name='shipping_address.address1']").FillAsync(street);
        await page.Locator("[name='shipping_address.zip_code']").FillAsync(zip);
        await page.Locator("[name='shipping_address.city']").FillAsync(city);
        await page.Locator("[name='shipping_address.country_code']").FillAsync(country);
    }

    /// <summary>Chooses a delivery by its label ("Postal Service", "Advanced shipping: express") and waits for the cart to take it.</summary>
    public async Task ChooseDeliveryAsync(string label)
    {
        await page.Locator("#shipping-methods label", new PageLocatorOptions { HasText = label }).ClickAsync();
        await Expect(Totals).ToContainTextAsync($"Delivery: {label.Split(':')[0]}");
    }

    /// <summary>Pays: the page sends the whole cart, checks it out and goes to the sandbox's pay page.</summary>
    public async Task PayAsync()
    {
        await page.Locator("#pay").ClickAsync();
        await page.WaitForURLAsync(new Regex("/pay/sandbox/"));
    }

    /// <summary>On the sandbox pay page: Pay or Cancel, then back on the storefront.</summary>
    public async Task AnswerSandboxAsync(string button)
    {
        await page.Locator($"#{button}").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"[?&]cart="));
    }

    public ILocator PaymentStatus => page.Locator("#payment-status");

    public ILocator OrderTotal => page.Locator("#order-total");
}
