using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>A store that enters gross prices: the shopper pays exactly what was shown, per line.</summary>
public sealed class GrossModeCartTests(KassaFactory factory) : IClassFixture<KassaFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.Anonymous();

    public async Task InitializeAsync()
    {
        await factory.PutSettings(new { price_entry_mode = "gross" });
        var settings = await (await factory.Admin().GetAsync($"{VoogApi}/settings")).Expect(HttpStatusCode.OK);
        Assert.Equal("gross", settings.Str("price_entry_mode"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> Product(decimal price, decimal taxRate) =>
        factory.CreateProduct(new { name = $"Gross {price} @ {taxRate}", price, tax_rate = taxRate });

    [Fact]
    public async Task The_shopper_pays_the_entered_gross_price()
    {
        var product = await Product(12.00m, 20m);
        var (uuid, cart, _) = await _client.CreateVoogCart(new { items = new[] { new { product_id = product, quantity = 1 } } });

        Assert.Equal("10.0", cart.Str("items_subtotal_amount"));
        Assert.Equal("2.0", cart.Str("items_tax_amount"));
        Assert.Equal("12.0", cart.Str("items_total_amount"));
        Assert.Equal("12.0", cart.Str("total_amount"));
        var item = Assert.Single(cart.Items());
        Assert.Equal("12.0", item.Str("product_price"));
        Assert.Equal("10.0", item.Str("subtotal_amount"));
        Assert.Equal("2.0", item.Str("tax_amount"));
        Assert.Equal("12.0", item.Str("amount"));
        AssertTotalsAddUp(cart);

        var outshifter = await _client.GetOutshifter(uuid);
        Assert.Equal("12.00", outshifter.Str("total_amount"));
        Assert.Equal("12.00", outshifter.Items("line_items")[0].GetProperty("price_data").Str("unit_price"));
    }

    [Fact]
    public async Task Net_and_tax_are_split_per_line_not_per_unit()
    {
        // 3 × 9.99 = 29.97 gross → net 24.975 → 24.98, tax 4.99. Per unit it would be 3 × 8.33 = 24.99.
        var shirt = await Product(9.99m, 20m);
        // 5.55 at 9 % → net 5.0917 → 5.09, tax 0.46.
        var book = await Product(5.55m, 9m);
        var (uuid, cart, _) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = shirt, quantity = 3 }, new { product_id = book, quantity = 1 } },
        });

        var items = cart.Items();
        Assert.Equal(("24.98", "4.99", "29.97"), (items[0].Str("subtotal_amount"), items[0].Str("tax_amount"), items[0].Str("amount")));
        Assert.Equal(("5.09", "0.46", "5.55"), (items[1].Str("subtotal_amount"), items[1].Str("tax_amount"), items[1].Str("amount")));
        Assert.Equal("30.07", cart.Str("items_subtotal_amount"));
        Assert.Equal("5.45", cart.Str("items_tax_amount"));
        Assert.Equal("35.52", cart.Str("total_amount"));
        var taxes = cart.Items("tax_amounts");
        Assert.Equal(("5.09", "9.0", "0.46"), (taxes[0].Str("subtotal_amount"), taxes[0].Str("tax_rate"), taxes[0].Str("tax_amount")));
        Assert.Equal(("24.98", "20.0", "4.99"), (taxes[1].Str("subtotal_amount"), taxes[1].Str("tax_rate"), taxes[1].Str("tax_amount")));
        AssertTotalsAddUp(cart);
        Assert.Equal("35.52", (await _client.GetOutshifter(uuid)).Str("total_amount"));
    }

    [Fact]
    public async Task Shipping_and_discounts_are_gross_as_well()
    {
        var shirt = await Product(9.99m, 20m);
        var (_, cart, _) = await _client.CreateVoogCart(new
        {
            items = new[] { new { product_id = shirt, quantity = 3 } },
            shipping_method_id = 1,
            discount_code = "XMAS",
        });

        // 29.97 − 9.89 (33 %) = 20.08 gross → net 16.73, tax 3.35.
        Assert.Equal("24.98", cart.Str("items_original_amount"));
        Assert.Equal("16.73", cart.Str("items_subtotal_amount"));
        Assert.Equal("3.35", cart.Str("items_tax_amount"));
        Assert.Equal("20.08", cart.Str("items_total_amount"));
        // Shipping 3.5 gross at 20 % → net 2.92, tax 0.58.
        Assert.Equal("2.92", cart.Str("shipping_subtotal_amount"));
        Assert.Equal("0.58", cart.Str("shipping_tax_amount"));
        Assert.Equal("3.5", cart.Str("shipping_total_amount"));
        Assert.Equal("23.58", cart.Str("total_amount"));
        Assert.True(cart.Items()[0].GetProperty("has_item_discount").GetBoolean());
        AssertTotalsAddUp(cart);
    }

    [Fact]
    public async Task Anonymous_price_data_is_compared_with_the_gross_catalog_price()
    {
        var product = await Product(12.00m, 20m);
        var id = await _client.CreateOutshifterCart();
        await _client.AddOutshifter(id, new { product_id = product, quantity = 1, price_data = new { unit_price = "12.00", tax = "20" } });
        var problem = await (await _client.PostAsJsonAsync($"{Outshifter}/{id}/item/add", new
        {
            line_items = new[] { new { product_id = product, quantity = 1, price_data = new { unit_price = "10.00", tax = "20" } } },
        })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "line_items[0].price_data.unit_price", "12.00");
        Assert.Equal("12.00", problem.Items("current_prices")[0].Str("unit_price"));
    }
}
