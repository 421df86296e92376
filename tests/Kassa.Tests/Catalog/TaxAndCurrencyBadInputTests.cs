using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Carts;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Catalog;

/// <summary>
/// Bad tax rates, countries, classes and currencies are 4xx problems that name the field, and nothing is saved: the rates,
/// the catalog, the settings and the cart are as they were. The refusals share one host (each compares what it could
/// have changed before and after itself); the tests that change the store have their own.
/// </summary>
public sealed class TaxAndCurrencyBadInputTests(KassaFactory f) : IClassFixture<KassaFactory>
{
    public static TheoryData<string, string, string, object, string> AdminRequests => new()
    {
        { "rate over 100", "POST", "/tax_rates", new { country_code = "FI", tax_class = "standard", rate = 100.5 }, "rate" },
        { "negative rate", "POST", "/tax_rates", new { country_code = "FI", rate = -1 }, "rate" },
        { "unknown country", "POST", "/tax_rates", new { country_code = "XX", rate = 20 }, "country_code" },
        { "not a country code", "POST", "/tax_rates", new { country_code = "Finland", rate = 20 }, "country_code" },
        { "unknown class", "POST", "/tax_rates", new { country_code = "FI", tax_class = "luxury", rate = 20 }, "tax_class" },
        { "rate missing", "POST", "/tax_rates", new { country_code = "FI" }, "rate" },
        { "product: unknown class", "PUT", $"/products/{StarChart}", new { tax_class = "luxury" }, "tax_class" },
        { "product: flat rate in the store currency twice", "PUT", $"/products/{StarChart}", new { shipping = new { flat_rate = 1, prices = new Dictionary<string, object> { ["EUR"] = new { flat_rate = 2 } } } }, "shipping.prices.EUR" },
        { "product: flat rate in no currency", "PUT", $"/products/{StarChart}", new { shipping = new { flat_rate = 1, prices = new Dictionary<string, object> { ["EURO"] = new { flat_rate = 2 } } } }, "shipping.prices.EURO" },
        { "method: price in the store currency", "PUT", $"/shipping_methods/{PostalService}", new { prices = new Dictionary<string, decimal> { ["EUR"] = 2 } }, "prices.EUR" },
        { "method: more decimals than JPY has", "PUT", $"/shipping_methods/{PostalService}", new { prices = new Dictionary<string, decimal> { ["JPY"] = 2.5m } }, "prices.JPY" },
        { "option: negative price", "PUT", $"/shipping_methods/{AdvancedShipping}", new { options = new[] { new { name = "x", amount = 1, prices = new Dictionary<string, decimal> { ["NOK"] = -1 } } } }, "options[0].prices.NOK" },
        { "discount: prices on a percentage", "PUT", "/discounts/1", new { prices = new { NOK = 10 } }, "prices" },
        { "settings: unknown country", "PUT", "/settings", new { country_code = "XX" }, "country_code" },
    };

    [Theory]
    [MemberData(nameof(AdminRequests))]
    public async Task Bad_admin_input_is_a_422_naming_the_field_and_saves_nothing(string name, string method, string path, object body, string field)
    {
        var before = await Catalog(f);
        var response = await f.Admin().SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{VoogApi}{path}") { Content = JsonContent.Create(body) });
        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, field);
        Assert.True(before == await Catalog(f), name);
    }

    [Fact]
    public async Task A_second_rate_for_the_same_country_and_class_is_a_409_and_the_first_stays()
    {
        await using var own = await KassaFactory.CreateAsync();
        var admin = own.Admin();
        await (await admin.PostAsJsonAsync($"{VoogApi}/tax_rates", new { country_code = "fi", rate = 25.5 })).Expect(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync($"{VoogApi}/tax_rates", new { country_code = "FI", tax_class = "standard", rate = 24 }))
            .ExpectProblem(HttpStatusCode.Conflict, "country_code");
        var rates = await (await admin.GetAsync($"{VoogApi}/tax_rates")).Expect(HttpStatusCode.OK);
        var only = Assert.Single(rates.EnumerateArray());
        Assert.Equal("FI", only.Str("country_code"));
        Assert.Equal("standard", only.Str("tax_class"));
        Assert.Equal("25.5", only.Str("rate"));
    }

    public static TheoryData<string, object, string> CartRequests => new()
    {
        { "a currency the store does not sell", new { currency = "SEK" }, "currency" },
        { "not a currency", new { currency = "KRONE" }, "currency" },
        { "a currency the shipping method has no price in", new { currency = "NOK" }, "shipping_method_id" },
    };

    [Theory]
    [MemberData(nameof(CartRequests))]
    public async Task A_cart_asked_for_a_currency_it_cannot_have_is_a_422_and_stays_as_it_was(string name, object body, string field)
    {
        var client = f.Anonymous();
        var (uuid, _) = await client.VoogCart(new { items = new[] { new { product_id = SpaceSuit, quantity = 1 } }, shipping_method_id = PostalService });
        var before = await client.CartSnapshot(uuid);
        var problem = await (await client.PutAsJsonAsync($"{VoogCarts}/{uuid}", body)).ExpectProblem(HttpStatusCode.UnprocessableEntity, field);
        if (name.Contains("shipping", StringComparison.Ordinal))
            Assert.Contains($"Shipping method {PostalService} ('Postal Service') has no price in NOK", problem.ErrorText(field), StringComparison.Ordinal);
        Assert.Equal(before, await client.CartSnapshot(uuid));
    }

    [Fact]
    public async Task A_flat_rate_in_a_currency_the_store_does_not_sell_is_a_422()
    {
        var problem = await (await f.Anonymous().PostAsJsonAsync(FlatRate, new
        {
            items = new[] { new { productId = IonDrive, quantity = 1 } },
            destination = new { country = "NO" },
            currency = "SEK",
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency");
        Assert.Contains("does not sell in SEK", problem.ErrorText("currency"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_currency_cannot_become_one_a_shipping_method_has_an_explicit_amount_in()
    {
        await using var own = await KassaFactory.CreateAsync(("Kassa:SeedDemoData", "false"));
        var admin = own.Admin();
        var method = (await (await admin.PostAsJsonAsync($"{VoogApi}/shipping_methods",
            new { name = "Post", amount = 5, options = new[] { new { name = "express", amount = 9, prices = new Dictionary<string, decimal> { ["NOK"] = 99 } } } }))
            .Expect(HttpStatusCode.Created)).Id();
        var problem = await (await admin.PutAsJsonAsync($"{VoogApi}/settings", new { default_currency = "NOK" })).ExpectProblem(HttpStatusCode.Conflict, "default_currency");
        Assert.Contains($"shipping method {method}", problem.ErrorText("default_currency"), StringComparison.Ordinal);
        Assert.Equal("EUR", (await (await admin.GetAsync($"{VoogApi}/settings")).Expect(HttpStatusCode.OK)).Str("default_currency"));
    }

    /// <summary>Everything the admin requests above could change, as text.</summary>
    private static async Task<string> Catalog(KassaFactory kassa)
    {
        await using var scope = kassa.Scope(out var db);
        var rates = await db.TaxRates.AsNoTracking().OrderBy(r => r.Id).Select(r => $"{r.CountryCode}/{r.TaxClass}/{r.Rate}").ToListAsync();
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.TaxClass, p.Version }).ToListAsync();
        var methods = await db.ShippingMethods.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Version }).ToListAsync();
        var discounts = await db.Discounts.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Version }).ToListAsync();
        var settings = await db.StoreSettings.AsNoTracking().Select(s => new { s.CountryCode, s.Version }).SingleAsync();
        return string.Join("|", rates) + string.Join(",", products) + string.Join(",", methods) + string.Join(",", discounts) + settings;
    }
}
