using Kassa.BrowserTests.Infrastructure;

namespace Kassa.BrowserTests;

/// <summary>
/// The shop owner's admin in Chromium, the whole flow: sign in (a wrong key refused), create a product with a
/// variant, a shipping method and a discount code; a shopper buys it on the demo storefront; the owner finds the order,
/// moves it through its states (a forbidden move neither offered nor accepted when posted), changes a setting and signs
/// out. Every admin page is checked by axe-core and photographed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminFlowTests(Browser browser)
{
    [ChromiumFact]
    public async Task The_owner_sets_up_a_product_a_shopper_buys_it_and_the_owner_ships_the_order()
    {
        await using var kassa = KassaServer.Start();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var shots = new Screenshots(page, "admin");
        var admin = new AdminPage(page, shots);

        // Sign in: the wrong key is refused, the right one opens today's page.
        await page.GotoAsync($"{kassa.Url}/admin");
        await Expect(page).ToHaveURLAsync($"{kassa.Url}/admin/sign-in");
        await admin.CheckAsync("sign-in");
        await admin.SignInAsync("not-the-key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That is not the admin key. Check it and try again.");
        await admin.CheckAsync("wrong-key");
        await admin.SignInAsync(KassaServer.AdminKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today", Level = 1 })).ToBeVisibleAsync();
        await admin.CheckAsync("today-empty");

        // A product, first with a problem shown at its field, then right; then its variant.
        await admin.GoToAsync("Products");
        await admin.CheckAsync("products");
        await admin.ClickAsync("New product");
        await admin.FillAsync(("Name (required)", "Comet mug"), ("Price (EUR) (required)", "12.5"), ("Tax rate (%)", "120"), ("Stock", "10"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.ErrorAt("tax_rate")).ToHaveTextAsync("Tax rate (%) is a percentage and must be from 0 to 100.");
        await admin.CheckAsync("product-refused");
        await admin.FillAsync(("Tax rate (%)", "20"));
        await admin.SaveAsync();
        await admin.CheckAsync("product-saved");
        await admin.ClickAsync("Add a variant of this product");
        await admin.FillAsync(("Name (required)", "Comet mug, blue"), ("Price (EUR) (required)", "14"), ("Tax rate (%)", "20"), ("Stock", "10"),
            ("Variant type", "Colour"), ("Variant value", "Blue"));
        await admin.SaveAsync();
        await admin.CheckAsync("variant-saved");

        await admin.GoToAsync("Shipping");
        await admin.ClickAsync("New shipping method");
        await admin.FillAsync(("Name (required)", "Comet courier"), ("Price (EUR) (required)", "4"), ("Tax rate (%)", "20"), ("Countries", "EE, LV"));
        await admin.SaveAsync();
        await admin.CheckAsync("shipping-method-saved");

        await admin.GoToAsync("Discounts");
        await admin.ClickAsync("New discount code");
        await admin.FillAsync(("Code (required)", "COMET10"), ("Kind", "Percentage"), ("Amount (required)", "10"), ("Times it may be used", "100"));
        await admin.SaveAsync();
        await admin.CheckAsync("discount-saved");
        await admin.GoToAsync("Discounts");
        await admin.CheckAsync("discounts");

        // A shopper buys the blue mug with the code and the new courier, and pays at the sandbox.
        var shopPage = await context.NewPageAsync();
        var shop = new StorefrontPage(shopPage);
        await shop.OpenAsync(kassa.Url);
        await shop.AddAsync("Comet mug", "Blue");
        await shop.FillContactAsync("Ada Lovelace", "ada@example.com");
        await shop.FillShippingAddressAsync("Ada Lovelace", "Main Street 1", "11612", "Tallinn", "EE");
        await shop.ChooseDeliveryAsync("Comet courier");
        await shop.ApplyCodeAsync("COMET10");
        // 14 less 10 % = 12.60 + 20 % = 15.12; the courier 4 + 20 % = 4.80.
        await Expect(shop.Totals).ToContainTextAsync("Total€19.92");
        await shop.PayAsync();
        await shop.AnswerSandboxAsync("pay");
        await Expect(shop.PaymentStatus).ToHaveTextAsync("Payment received.");
        await shopPage.CloseAsync();

        // The owner finds the order by the shopper's e-mail.
        await admin.GoToAsync("Today");
        await Expect(page.Locator(".summary")).ToContainTextAsync("1 order today");
        await Expect(page.Locator(".summary")).ToContainTextAsync("Revenue 19.92 EUR");
        await admin.CheckAsync("today");
        await admin.GoToAsync("Orders");
        await admin.FillAsync(("Code, e-mail or name", "ada@example"), ("Payment", "Paid"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await admin.CheckAsync("orders");
        await shots.TakeForReadmeAsync("admin-orders.png");
        await page.Locator("tbody tr a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Order #1");
        await Expect(page.Locator("#lines + table")).ToContainTextAsync("Comet mug, blue (Colour: Blue)");
        await admin.CheckAsync("order-paid");
        await shots.TakeForReadmeAsync("admin-order.png");

        // Paid, so completed by the payment itself: it can be refunded or dispatched; it cannot be cancelled (it must be
        // refunded first) or paid again.
        await Expect(admin.State("status")).ToHaveTextAsync("Completed");
        await Expect(admin.Button("Cancel the order")).ToHaveCountAsync(0);
        await Expect(admin.Button("Mark as paid")).ToHaveCountAsync(0);
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var orderPath = new Uri(page.Url).AbsolutePath;
        var forbidden = await page.APIRequest.PostAsync($"{kassa.Url}{orderPath}/move", new()
        {
            Form = context.APIRequest.CreateFormData().Set("field", "status").Set("to", "cancelled").Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.Equal(409, forbidden.Status);
        Assert.Contains("Refund it first", System.Net.WebUtility.HtmlDecode(await forbidden.TextAsync()));

        await admin.ClickAsync("Mark as dispatched");
        await Expect(admin.State("shipping_status")).ToHaveTextAsync("Dispatched");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("The order was changed.");
        await admin.ClickAsync("Mark as delivered");
        await Expect(admin.State("shipping_status")).ToHaveTextAsync("Delivered");
        await Expect(page.Locator(".moves button")).ToHaveTextAsync(["Mark as refunded"]);
        await admin.ClickAsync("Mark as refunded");
        await Expect(admin.State("payment_status")).ToContainTextAsync("Refunded");
        // Refunded but delivered: it cannot be cancelled (the table wants it not dispatched), and nothing else is left.
        await Expect(admin.Button("Cancel the order")).ToHaveCountAsync(0);
        await Expect(page.Locator(".moves button")).ToHaveCountAsync(0);
        await Expect(page.Locator("#moves + p")).ToHaveTextAsync("Nothing more can change on this order.");
        await admin.CheckAsync("order-completed");
        var order = Assert.Single(await kassa.OrdersAsync());
        Assert.Equal(("completed", "refunded", "delivered"),
            (order.GetProperty("status").GetString(), order.GetProperty("payment_status").GetString(), order.GetProperty("shipping_status").GetString()));

        // A setting, then the carts, then sign out.
        await admin.GoToAsync("Settings");
        await admin.FillAsync(("Default tax rate (%)", "22"));
        await admin.SaveAsync();
        await Expect(page.GetByLabel("Default tax rate (%)")).ToHaveValueAsync("22");
        await admin.CheckAsync("settings");

        // A tax rate by country, first refused at its field; a cart rule with a condition.
        await admin.GoToAsync("Tax rates");
        await admin.CheckAsync("tax-rates");
        await admin.ClickAsync("New tax rate");
        await admin.FillAsync(("Country (required)", "FI"), ("Tax class", "Reduced"), ("Rate (%) (required)", "140"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.ErrorAt("rate")).ToHaveTextAsync("Rate (%) is a percentage and must be from 0 to 100.");
        await admin.CheckAsync("tax-rate-refused");
        await admin.FillAsync(("Rate (%) (required)", "14"));
        await admin.SaveAsync();
        await admin.CheckAsync("tax-rate-saved");
        await admin.GoToAsync("Cart rules");
        await admin.CheckAsync("cart-rules");
        await admin.ClickAsync("New cart rule");
        await admin.FillAsync(("Condition 1: field", "Items subtotal amount"), ("Condition 1: comparator", ">="), ("Condition 1: value", "50"),
            ("Result: value (required)", "0"));
        await admin.SaveAsync();
        await admin.CheckAsync("cart-rule-saved");
        await admin.GoToAsync("Carts");
        await admin.CheckAsync("carts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{kassa.Url}/admin/sign-in");
        await page.GotoAsync($"{kassa.Url}/admin/orders");
        await Expect(page).ToHaveURLAsync($"{kassa.Url}/admin/sign-in");
        await shots.TakeAsync("signed-out");
    }
}
