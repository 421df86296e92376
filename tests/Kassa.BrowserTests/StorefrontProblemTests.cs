using Kassa.BrowserTests.Infrastructure;

namespace Kassa.BrowserTests;

/// <summary>What Kassa refuses is shown next to the field its problem names, and changes nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontProblemTests(Browser browser)
{
    [ChromiumTheory]
    [InlineData("50", "Only 5 of product 2 ('Space suit') in stock; the cart would hold 50.")]
    [InlineData("-1", "quantity must be a whole number from 0 to 10000.")]
    public async Task A_bad_quantity_is_named_next_to_its_line(string quantity, string message)
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());

        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Star chart (e-book)");
        await shop.AddAsync("Space suit");
        await shop.SetQuantityAsync("Space suit", quantity);

        await Expect(shop.ErrorAt("line:2")).ToHaveTextAsync(message);
        await Expect(shop.Page.GetByLabel("Quantity of Space suit")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(shop.ErrorAt("line:3")).ToBeEmptyAsync();
        await Expect(shop.Page.Locator("#notice")).ToBeHiddenAsync();
        // Nothing changed: the cart still holds one suit (€1,078.80) and one e-book (€10.89).
        await Expect(shop.Totals).ToContainTextAsync("Items€1,089.69");
        await new Screenshots(shop.Page, $"bad-quantity-{quantity}").TakeAsync("message-at-the-line");
    }

    [ChromiumFact]
    public async Task A_bad_address_is_named_next_to_its_fields_and_nothing_is_ordered()
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());

        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Star chart (e-book)");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "1234567890123456789012345", "Tallinn", "Estonia");
        await shop.ChooseDeliveryAsync("Postal Service");
        await shop.Page.Locator("#pay").ClickAsync();
        await shop.SettledAsync();

        await Expect(shop.ErrorAt("shipping_address.zip_code")).ToHaveTextAsync("shipping_address.zip_code must be at most 20 characters.");
        await Expect(shop.ErrorAt("shipping_address.country_code")).ToHaveTextAsync("'Estonia' is not a two-letter ISO 3166 country code (e.g. EE, NO).");
        await Expect(shop.ErrorAt("shipping_address.city")).ToBeEmptyAsync();
        await new Screenshots(shop.Page, "bad-address").TakeAsync("messages-at-the-fields");
        Assert.Empty(await kassa.OrdersAsync());

        // A country the chosen delivery does not ship to is named at the delivery.
        await shop.FillShippingAddressAsync("Ada Lovelace", "Hauptstraße 1", "10115", "Berlin", "DE");
        await shop.Page.Locator("#shipping-methods label", new PageLocatorOptions { HasText = "Advanced shipping: express" }).ClickAsync();
        await shop.SettledAsync();
        await shop.Page.Locator("#pay").ClickAsync();
        await shop.SettledAsync();
        await Expect(shop.ErrorAt("shipping_method_id")).ToContainTextAsync("does not ship to DE");
        await Expect(shop.ErrorAt("shipping_address.country_code")).ToBeEmptyAsync();
        Assert.Empty(await kassa.OrdersAsync());
    }
}
