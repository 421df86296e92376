using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Catalog;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Checkout;

/// <summary>
/// POST /api/shipping/flat-rate quotes what the checkout then charges, tax included and said so; its service code
/// comes back from the checkout as it was sent; the seed's own NOK request answers as docs/compatibility.md says.
/// </summary>
public sealed class FlatRateTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>The seed's request body, as the seed prints it.</summary>
    private const string SeedRequest = """
        {
        "items": [
        {
        "productId": 920,
        "quantity": 1
        },
        {
        "productId": 4018,
        "quantity": 1
        }
        ],
        "destination": {
        "country": "NO"
        },
        "currency": "NOK"
        }
        """;

    /// <summary>An Outshifter cart line: a product, or a variant of it.</summary>
    public sealed record Line(long ProductId, long? VariantId, int Quantity);

    private static object Address(string country) =>
        new { first_name = "Ada", last_name = "Lovelace", address1 = "Main Street 1", city = "Somewhere", zip = "1050", country_code = country };

    private static async Task<string> Cart(HttpClient client, params Line[] lines)
    {
        var created = await (await client.PostAsJsonAsync(CartPath, new { customer_session_id = "flat-rate", currency = "EUR" })).Expect(HttpStatusCode.Created);
        var id = created.Str("cart_id");
        await (await client.PostAsJsonAsync($"{CartPath}/{id}/item/add", new
        {
            line_items = lines.Select(l => new { product_id = l.ProductId, variant_id = l.VariantId, quantity = l.Quantity }).ToArray(),
        })).Expect(HttpStatusCode.OK);
        return id;
    }

    private static async Task<JsonElement> Quote(HttpClient client, string country, params (long ProductId, int Quantity)[] items) =>
        await (await client.PostAsJsonAsync(FlatRate, new
        {
            items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }).ToArray(),
            destination = new { country },
        })).Expect(HttpStatusCode.OK);

    private static decimal Money(string? s) => decimal.Parse(s!, CultureInfo.InvariantCulture);

    public static TheoryData<string, Line[], (long, int)[], string, string> Carts => new()
    {
        // 40 to Norway at the store's 20 %.
        { "NO", [new(IonDrive, null, 1)], [(IonDrive, 1)], "48.00", "8.00" },
        // The product's default 25 and 15 elsewhere, asked for in another order than the cart's.
        { "SE", [new(IonDrive, null, 1), new(SpaceSuit, null, 2)], [(SpaceSuit, 2), (IonDrive, 1)], "66.00", "11.00" },
        // A variant in the cart, quoted by its product, as the checkout's line item names it; 2 × 4.50 + 20 %.
        { "EE", [new(Shirt, RedShirt, 2)], [(Shirt, 2)], "10.80", "1.80" },
        // A product without a flat rate ships free, and adds nothing.
        { "EE", [new(StarChart, null, 1), new(SpaceSuit, null, 1)], [(StarChart, 1), (SpaceSuit, 1)], "18.00", "3.00" },
    };

    [Theory]
    [MemberData(nameof(Carts))]
    public async Task The_quote_is_what_the_checkout_and_the_order_charge_tax_included(
        string country, Line[] cartLines, (long, int)[] quoted, string totalPrice, string totalTax)
    {
        var client = factory.Anonymous();
        var quote = await Quote(client, country, quoted);
        Assert.Equal(totalPrice, quote.Str("total_price"));
        Assert.Equal(totalTax, quote.Str("total_tax"));
        Assert.True(quote.GetProperty("tax_included").GetBoolean());
        Assert.Equal("EUR", quote.Str("currency"));

        var cartId = await Cart(client, cartLines);
        var id = (await client.CreateCheckout(cartId)).Str("id");
        var checkout = await client.PatchCheckout(id, new
        {
            shipping_address = Address(country),
            billing_address = Address(country),
            email = "ada@example.com",
            payment_method = "sandbox",
            shipping_rate = new { service_code = quote.Str("service_code") },
        });
        var rate = checkout.GetProperty("shipping_rate");
        Assert.Equal(totalPrice, rate.Str("total_price"));
        Assert.Equal(quote.Str("service_name"), rate.Str("service_name"));
        var voog = await client.GetVoogCart(cartId);
        Assert.Equal(Money(totalPrice), voog.Dec("shipping_total_amount"));
        Assert.Equal(Money(totalTax), voog.Dec("shipping_tax_amount"));

        var started = await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}/payment", new { })).Expect(HttpStatusCode.OK);
        var order = await factory.GetOrder(started.GetProperty("order_id").GetInt64());
        Assert.Equal(Money(totalPrice), order.Dec("shipping_total_amount"));
        Assert.Equal(Money(totalTax), order.Dec("shipping_tax_amount"));
    }

    [Fact]
    public async Task In_a_gross_price_store_the_quote_is_the_rate_as_entered_and_still_what_is_charged()
    {
        await using var f = await KassaFactory.CreateAsync();
        await (await f.Admin().PutAsJsonAsync($"{VoogApi}/settings", new { price_entry_mode = "gross" })).Expect(HttpStatusCode.OK);
        var client = f.Anonymous();

        var quote = await Quote(client, "NO", (IonDrive, 1));
        Assert.Equal("40.00", quote.Str("total_price"));
        Assert.Equal("6.67", quote.Str("total_tax"));
        Assert.True(quote.GetProperty("tax_included").GetBoolean());

        var cartId = await Cart(client, new Line(IonDrive, null, 1));
        var id = (await client.CreateCheckout(cartId)).Str("id");
        var checkout = await client.PatchCheckout(id, new { shipping_address = Address("NO"), shipping_rate = new { service_code = quote.Str("service_code") } });
        Assert.Equal("40.00", checkout.GetProperty("shipping_rate").Str("total_price"));
        Assert.Equal(6.67m, (await client.GetVoogCart(cartId)).Dec("shipping_tax_amount"));
    }

    public static TheoryData<Line[], (long, int)[], string> Codes => new()
    {
        // The checkout's line item names the variant's product (productId 5, variantId 6); so does the code.
        { [new(Shirt, RedShirt, 1)], [(Shirt, 1)], "5-FRP" },
        // Quoted by the variant's own id: still named by its product.
        { [new(Shirt, RedShirt, 1)], [(RedShirt, 1)], "5-FRP" },
        // The quote's order of items is not the cart's.
        { [new(IonDrive, null, 1), new(SpaceSuit, null, 1)], [(SpaceSuit, 1), (IonDrive, 1)], "1-FRP,2-FRP" },
        { [new(SpaceSuit, null, 1), new(Shirt, RedShirt, 1), new(IonDrive, null, 1)], [(IonDrive, 1), (Shirt, 1), (SpaceSuit, 1)], "1-FRP,2-FRP,5-FRP" },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task The_service_code_comes_back_as_it_was_sent(Line[] cartLines, (long, int)[] quoted, string code)
    {
        var client = factory.Anonymous();
        var quote = await Quote(client, "EE", quoted);
        Assert.Equal(code, quote.Str("service_code"));

        var id = (await client.CreateCheckout(await Cart(client, cartLines))).Str("id");
        var checkout = await client.PatchCheckout(id, new { shipping_address = Address("EE"), shipping_rate = new { service_code = code } });
        Assert.Equal(code, checkout.GetProperty("shipping_rate").Str("service_code"));
        Assert.Equal(code, JsonDocument.Parse(await client.CheckoutBody(id)).RootElement.GetProperty("shipping_rate").Str("service_code"));
    }

    [Fact]
    public async Task A_variants_own_id_is_not_its_service_code()
    {
        var client = factory.Anonymous();
        var id = (await client.CreateCheckout(await Cart(client, new Line(Shirt, RedShirt, 1)))).Str("id");
        await client.PatchCheckout(id, new { shipping_address = Address("EE") });
        await (await client.PatchAsJsonAsync($"{CheckoutPath}/{id}", new { shipping_rate = new { service_code = "6-FRP" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "shipping_rate.service_code", "'5-FRP'");
    }

    /// <summary>Products 920 and 4018 of the seed's request, at flat rates that add up to the seed's 350.00.</summary>
    private static async Task AddSeedProducts(KassaFactory f)
    {
        await using var scope = f.Scope(out var db);
        db.Products.Add(new Product { Id = 920, Name = "Seed product 920", Price = 100m, FlatShippingRate = 150m });
        db.Products.Add(new Product { Id = 4018, Name = "Seed product 4018", Price = 100m, FlatShippingRates = new() { ["NO"] = 200m } });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_seeds_NOK_request_is_priced_by_a_store_that_sells_in_NOK()
    {
        // A Norwegian store: prices entered with the 25 % VAT in them, as the seed's 350.00 is what the shopper pays.
        await using var f = await KassaFactory.CreateAsync(("Kassa:SeedDemoData", "false"));
        await (await f.Admin().PutAsJsonAsync($"{VoogApi}/settings",
            new { default_currency = "NOK", allowed_currencies = new[] { "NOK" }, price_entry_mode = "gross", default_tax_rate = 25m })).Expect(HttpStatusCode.OK);
        await AddSeedProducts(f);

        var quote = await (await f.Anonymous().PostAsync(FlatRate, Json(SeedRequest))).Expect(HttpStatusCode.OK);
        Assert.Equal("Flat rate price to NO", quote.Str("service_name"));
        Assert.Equal("920-FRP,4018-FRP", quote.Str("service_code"));
        Assert.Equal("350.00", quote.Str("total_price"));
        Assert.Equal("70.00", quote.Str("total_tax"));
        Assert.True(quote.GetProperty("tax_included").GetBoolean());
        Assert.Equal("NOK", quote.Str("currency"));
    }

    [Fact]
    public async Task The_seeds_NOK_request_to_a_store_pricing_shipping_in_EUR_is_a_422_that_says_why()
    {
        await using var f = await KassaFactory.CreateAsync();
        await AddSeedProducts(f);

        // NOK is one of the demo store's currencies, but its shipping rates are in EUR and Kassa never converts.
        var problem = await (await f.Anonymous().PostAsync(FlatRate, Json(SeedRequest))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "currency");
        var errors = problem.GetProperty("errors");
        Assert.Equal(new[] { "currency" }, errors.Keys());
        var why = errors.GetProperty("currency")[0].GetString()!;
        foreach (var part in new[] { "NOK", "EUR", "convert" }) Assert.Contains(part, why, StringComparison.Ordinal);

        // The same request in the store currency, or without one, is priced.
        var inEur = await (await f.Anonymous().PostAsync(FlatRate, Json(SeedRequest.Replace("\"NOK\"", "\"EUR\"", StringComparison.Ordinal)))).Expect(HttpStatusCode.OK);
        Assert.Equal("EUR", inEur.Str("currency"));
        Assert.Equal("420.00", inEur.Str("total_price"));
    }
}
