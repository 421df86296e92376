using Kassa.BrowserTests.Infrastructure;

namespace Kassa.BrowserTests;

/// <summary>Whole purchases on the demo storefront at Kassa's "/": catalog, cart, checkout, the sandbox pay page, confirmation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontPurchaseTests(Browser browser)
{
    // The demo catalog entered net and gross: Ion drive 2475.25 at 1 %, the T-shirt 19.90 at 20 %, Postal Service 3.5 at 20 %.
    [ChromiumTheory]
    [InlineData("net", "€2,500.00", "€23.88", "€2,551.96", "2551.96")]
    [InlineData("gross", "€2,475.25", "€19.90", "€2,518.55", "2518.55")]
    public async Task A_shopper_buys_and_pays_at_the_sandbox_in_either_price_entry_mode(
        string mode, string ionDrive, string shirt, string total, string orderTotal)
    {
        await using var kassa = KassaServer.Start();
        await kassa.SetPriceEntryModeAsync(mode);
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());
        var shots = new Screenshots(shop.Page, $"purchase-{mode}");

        await shop.OpenAsync(kassa.Url);
        await Expect(shop.Product("Ion drive")).ToContainTextAsync(ionDrive);
        await Expect(shop.Product("Mission T-shirt")).ToContainTextAsync(shirt);
        await shots.TakeAsync("catalog");

        await shop.AddAsync("Ion drive");
        await shop.AddAsync("Mission T-shirt", "Red");
        await shop.SetQuantityAsync("Mission T-shirt", "2");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "11612", "Tallinn", "EE");
        await shop.ChooseDeliveryAsync("Postal Service");
        await Expect(shop.Totals).ToContainTextAsync($"Total{total}");
        await shots.TakeAsync("checkout");

        await shop.PayAsync();
        await shots.TakeAsync("sandbox-pay-page");
        await shop.AnswerSandboxAsync("pay");
        await Expect(shop.PaymentStatus).ToHaveTextAsync("Payment received.");
        await Expect(shop.OrderTotal).ToHaveTextAsync(total);
        await Expect(shop.Page.Locator("#confirmation")).ToContainTextAsync("2 × Mission T-shirt");
        await shots.TakeAsync("confirmation");

        var order = Assert.Single(await kassa.OrdersAsync());
        Assert.Equal(("paid", orderTotal), (order.GetProperty("payment_status").GetString(), order.GetProperty("total_amount").GetString()));
        Assert.Equal("Ada Lovelace", order.GetProperty("shipping_address").GetProperty("name").GetString());
    }

    [ChromiumFact]
    public async Task A_discount_code_lowers_the_total_and_a_wrong_one_is_named_next_to_the_code()
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());
        var shots = new Screenshots(shop.Page, "discount");

        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Ion drive");
        await shop.ChooseDeliveryAsync("Postal Service");
        await Expect(shop.Totals).ToContainTextAsync("Total€2,504.20");

        await shop.ApplyCodeAsync("NOPE");
        await Expect(shop.ErrorAt("discount_code")).ToHaveTextAsync("There is no discount code 'NOPE'.");
        await Expect(shop.Totals).ToContainTextAsync("Total€2,504.20");
        await shots.TakeAsync("wrong-code");

        // The Voog seed's worked example: 2475.25 less 33 % at 1 % tax, shipping 3.5 + 20 %: 1675.0 + 4.2.
        await shop.ApplyCodeAsync("xmas");
        await Expect(shop.ErrorAt("discount_code")).ToBeEmptyAsync();
        await Expect(shop.Totals).ToContainTextAsync("Code XMAS−33%");
        await Expect(shop.Totals).ToContainTextAsync("Total€1,679.20");
        await shots.TakeAsync("code-applied");

        await shop.AddAsync("Mission T-shirt", "Red");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "11612", "Tallinn", "EE");
        await Expect(shop.Totals).ToContainTextAsync("Total€1,695.20");
        await shots.TakeForReadmeAsync();

        await shop.PayAsync();
        await shop.AnswerSandboxAsync("pay");
        await Expect(shop.PaymentStatus).ToHaveTextAsync("Payment received.");
        await Expect(shop.OrderTotal).ToHaveTextAsync("€1,695.20");
        await Expect(shop.Page.Locator("#confirmation")).ToContainTextAsync("Code XMAS");
        await shots.TakeAsync("confirmation");
        Assert.Equal("1695.2", Assert.Single(await kassa.OrdersAsync()).GetProperty("total_amount").GetString());
    }

    [ChromiumFact]
    public async Task A_cancelled_payment_brings_the_shopper_back_to_the_same_things_in_a_new_cart()
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());
        var shots = new Screenshots(shop.Page, "cancelled-payment");

        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Star chart (e-book)");
        await shop.SetQuantityAsync("Star chart (e-book)", "3");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "11612", "Tallinn", "EE");
        await shop.ChooseDeliveryAsync("Postal Service");
        await shop.PayAsync();
        await shop.AnswerSandboxAsync("cancel");

        await Expect(shop.Page.Locator("#notice")).ToContainTextAsync("The payment was not completed.");
        await Expect(shop.Page.GetByLabel("Quantity of Star chart (e-book)")).ToHaveValueAsync("3");
        await Expect(shop.Page.Locator("[name='shipping_address.city']")).ToHaveValueAsync("Tallinn");
        await shots.TakeAsync("back-in-the-cart");
        Assert.Equal("cancelled", Assert.Single(await kassa.OrdersAsync()).GetProperty("payment_status").GetString());

        await shop.PayAsync();
        await shop.AnswerSandboxAsync("pay");
        await Expect(shop.PaymentStatus).ToHaveTextAsync("Payment received.");
        await shots.TakeAsync("paid-on-the-second-try");
        Assert.Equal(["cancelled", "paid"], (await kassa.OrdersAsync()).Select(o => o.GetProperty("payment_status").GetString()));
    }

    [ChromiumFact]
    public async Task Names_and_money_follow_the_language_the_shopper_picks()
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());

        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Ion drive");
        await shop.Page.GetByLabel("Language").SelectOptionAsync("et");
        await shop.SettledAsync();

        // Estonian: the product's Estonian name, and 2500,00 € with a no-break space.
        await Expect(shop.Product("Ioonmootor")).ToContainTextAsync("2500,00\u00a0€");
        await Expect(shop.Line(1)).ToContainTextAsync("Ioonmootor");
        await Expect(shop.Page.Locator("html")).ToHaveAttributeAsync("lang", "et");
        await new Screenshots(shop.Page, "language").TakeAsync("estonian");
    }
}
