using System.Net;
using System.Net.Http.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>
/// Stock covers a product's units over all the cart's lines, in one rule: a cart whose two lines of a product need more
/// than the stock shows them unavailable and cannot be checked out (422), as placing the order would find (it takes the
/// units of all lines at once).
/// </summary>
public sealed class StockAcrossLinesTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Two_lines_of_a_product_that_together_need_more_than_the_stock_are_unavailable_and_block_checkout()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(new { name = $"Split {Guid.NewGuid():N}", price = 10m, tax_rate = 20m, stock = 5, status = "live" });
        var (uuid, _, _) = await client.CreateVoogCart(new
        {
            items = new[] { new { product_id = product, quantity = 2 } },
            customer = new { email = "ada@example.com", name = "Ada" },
        });
        // A second line of the same product: an admin-priced one.
        await factory.Admin().AddOutshifter(uuid, new { product_id = product, quantity = 2, price_data = new { unit_price = "8.00", tax = "20", currency = "EUR" } });
        var cart = await client.GetVoog(uuid);
        Assert.Equal(2, cart.Items().Count);
        Assert.True(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());

        // The stock drops below the four units the lines hold together, though each line alone still fits.
        await (await factory.Admin().PutAsJsonAsync($"{VoogApi}/products/{product}", new { stock = 3 })).Expect(HttpStatusCode.OK);

        cart = await client.GetVoog(uuid);
        Assert.All(cart.Items(), item => Assert.False(item.GetProperty("product").GetProperty("available").GetBoolean()));
        Assert.False(cart.GetProperty("metainfo").GetProperty("checkout_allowed").GetBoolean());
        await (await client.PostAsJsonAsync($"{Voog}/{uuid}/checkout", new { gateway_code = "offline", payment_method = "offline" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "items[0]", "not enough stock");
    }
}
