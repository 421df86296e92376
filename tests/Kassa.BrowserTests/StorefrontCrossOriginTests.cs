using Kassa.BrowserTests.Infrastructure;

namespace Kassa.BrowserTests;

/// <summary>The same storefront files served by another web server, on another origin, calling Kassa through CORS.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontCrossOriginTests(Browser browser)
{
    [ChromiumFact]
    public async Task The_storefront_on_an_origin_Kassa_allows_sells_and_brings_the_shopper_back_there()
    {
        await using var site = await StaticSite.StartAsync(Repository.StorefrontFiles);
        await using var kassa = KassaServer.Start(site.Url);
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());
        var shots = new Screenshots(shop.Page, "second-origin");

        await shop.OpenAsync($"{site.Url}/?api={Uri.EscapeDataString(kassa.Url)}");
        await shop.AddAsync("Ion drive");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "11612", "Tallinn", "EE");
        await shop.ChooseDeliveryAsync("Postal Service");
        await shots.TakeAsync("checkout");

        await shop.PayAsync();
        Assert.StartsWith(kassa.Url, shop.Page.Url);
        await shop.AnswerSandboxAsync("pay");
        Assert.StartsWith(site.Url, shop.Page.Url);
        await Expect(shop.PaymentStatus).ToHaveTextAsync("Payment received.");
        await Expect(shop.OrderTotal).ToHaveTextAsync("€2,504.20");
        await shots.TakeAsync("confirmation");
        Assert.Equal("paid", Assert.Single(await kassa.OrdersAsync()).GetProperty("payment_status").GetString());
    }

    [ChromiumFact]
    public async Task The_storefront_on_an_origin_Kassa_does_not_allow_gets_no_answer()
    {
        await using var site = await StaticSite.StartAsync(Repository.StorefrontFiles);
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var shop = new StorefrontPage(await context.NewPageAsync());

        await shop.OpenAsync($"{site.Url}/?api={Uri.EscapeDataString(kassa.Url)}");

        await Expect(shop.Page.Locator("#notice")).ToContainTextAsync("does it allow this page's origin");
        await Expect(shop.Page.Locator(".product")).ToHaveCountAsync(0);
        await new Screenshots(shop.Page, "origin-not-allowed").TakeAsync("no-answer");
    }
}
