using System.Net;
using System.Net.Http.Json;
using Kassa.Carts;
using Kassa.Data;
using Kassa.Tests.Carts;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Data;

/// <summary>
/// A cart GET shares the catalog rows it reads at an unchanged version (<see cref="SharedRows"/>); a changed row is
/// read anew, and writes never get the shared instances.
/// </summary>
public sealed class SharedRowsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_read_only_cart_read_shares_unchanged_catalog_rows_and_reads_a_changed_one_anew()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(new { name = "Shared mug", price = 10m, tax_rate = 20m, status = "live" });
        var (uuid, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = product, quantity = 1 } } });
        var id = Guid.Parse(uuid);

        var first = await ReadAsync(id, readOnly: true);
        var second = await ReadAsync(id, readOnly: true);
        Assert.Same(first.Items[0].Product, second.Items[0].Product);
        Assert.Same(first.Store, second.Store);
        // A write's graph is its own: it may be tracked and changed.
        var forWrite = await ReadAsync(id, readOnly: false);
        Assert.NotSame(first.Items[0].Product, forWrite.Items[0].Product);
        Assert.NotSame(first.Store, forWrite.Store);

        await (await factory.Admin().PutAsJsonAsync($"{CartApi.VoogAdmin}/products/{product}", new { price = 12.5m })).Expect(HttpStatusCode.OK);
        var afterChange = await ReadAsync(id, readOnly: true);
        Assert.NotSame(first.Items[0].Product, afterChange.Items[0].Product);
        Assert.Equal(12.5m, afterChange.Items[0].Product.Price);
        Assert.Equal(10m, first.Items[0].Product.Price); // the instance an earlier reader holds is never changed
        Assert.Same(first.Store, afterChange.Store);
        var item = (await client.GetVoog(uuid)).Items()[0];
        Assert.Equal("12.5", item.GetProperty("product").Str("price"));
    }

    private async Task<Cart> ReadAsync(Guid uuid, bool readOnly)
    {
        await using var scope = factory.Scope(out var db);
        return await db.ReadCartAsync(uuid, CancellationToken.None, readOnly);
    }
}
