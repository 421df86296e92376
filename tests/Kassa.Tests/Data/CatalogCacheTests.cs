using System.Net;
using System.Net.Http.Json;
using Kassa.Carts;
using Kassa.Data;
using Kassa.Tests.Carts;
using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Data;

/// <summary>
/// Cart reads share the catalog rows they read at an unchanged version (<see cref="CatalogCache"/>); a changed row is
/// read anew, cart changes that point to shared rows leave them as they were, and reads that do not share get their own.
/// </summary>
public sealed class CatalogCacheTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Cart_reads_share_unchanged_catalog_rows_and_read_a_changed_one_anew()
    {
        var client = factory.Anonymous();
        var product = await factory.CreateProduct(new { name = "Shared mug", price = 10m, tax_rate = 20m, status = "live" });
        var (uuid, _, _) = await client.CreateVoogCart(new { items = new[] { new { product_id = product, quantity = 1 } } });
        var id = Guid.Parse(uuid);

        var first = await ReadAsync(id, share: true);
        var second = await ReadAsync(id, share: true);
        Assert.Same(first.Items[0].Product, second.Items[0].Product);
        Assert.Same(first.Store, second.Store);
        // Checkouts and orders read their own: they change stock.
        var own = await ReadAsync(id, share: false);
        Assert.NotSame(first.Items[0].Product, own.Items[0].Product);
        Assert.NotSame(first.Store, own.Store);

        // An admin-priced second line of the same product points to the shared instance: it is not saved, and shared on.
        await factory.Admin().AddOutshifter(uuid, new { product_id = product, quantity = 2, price_data = new { unit_price = "4.00", tax = "20", currency = "EUR" } });
        var afterLine = await ReadAsync(id, share: true);
        Assert.Equal(2, afterLine.Items.Count);
        Assert.Same(first.Items[0].Product, afterLine.Items[1].Product);
        Assert.Equal(1, afterLine.Items[1].Product.Version);

        await (await factory.Admin().PutAsJsonAsync($"{VoogApi}/products/{product}", new { price = 12.5m })).Expect(HttpStatusCode.OK);
        var afterChange = await ReadAsync(id, share: true);
        Assert.NotSame(first.Items[0].Product, afterChange.Items[0].Product);
        Assert.Equal(12.5m, afterChange.Items[0].Product.Price);
        Assert.Equal(10m, first.Items[0].Product.Price); // the instance an earlier reader holds is never changed
        Assert.Same(first.Store, afterChange.Store);
        var item = (await client.GetVoog(uuid)).Items()[0];
        Assert.Equal("12.5", item.GetProperty("product").Str("price"));
    }

    [Fact]
    public async Task Cart_changes_that_point_lines_and_shipping_to_shared_rows_leave_those_rows_as_they_were()
    {
        var client = factory.Anonymous();
        var mug = await factory.CreateProduct(new { name = "Kept mug", price = 10m, tax_rate = 20m, status = "live", stock = 50 });
        var cup = await factory.CreateProduct(new { name = "Kept cup", price = 4m, tax_rate = 20m, status = "live", stock = 50 });
        var (uuid, _, etag) = await client.CreateVoogCart(new { items = new[] { new { product_id = mug, quantity = 1 } }, shipping_method_id = 1 });
        var id = Guid.Parse(uuid);
        var before = await ReadAsync(id, share: true);
        Microsoft.EntityFrameworkCore.Metadata.IModel model;
        await using (factory.Scope(out var db)) model = db.Model;
        var products = new EntityWrites<Kassa.Catalog.Product>(model);
        var methods = new EntityWrites<Kassa.Shipping.ShippingMethod>(model);
        var mugColumns = products.Snapshot(before.Items[0].Product);
        var methodColumns = methods.Snapshot(before.ShippingMethod!);
        Kassa.Catalog.Product sharedCup;
        await using (factory.Scope(out var db)) sharedCup = (await db.FindSharedRowAsync<Kassa.Catalog.Product, long>(cup, CancellationToken.None))!;
        var cupColumns = products.Snapshot(sharedCup);

        // A new line of another product, quantities, the shipping method chosen again, a discount: all through shared rows.
        await client.AddOutshifter(uuid, new { product_id = cup, quantity = 2 });
        await client.PutVoog(uuid, new { items = new[] { new { product_id = mug, quantity = 3 }, new { product_id = cup, quantity = 1 } }, shipping_method_id = 1, discount_code = "XMAS" });

        var after = await ReadAsync(id, share: true);
        Assert.Same(before.Items[0].Product, after.Items[0].Product);
        Assert.Same(before.ShippingMethod, after.ShippingMethod);
        Assert.Same(sharedCup, after.Items[1].Product);
        Assert.False(products.Changed(after.Items[0].Product, mugColumns));
        Assert.False(products.Changed(sharedCup, cupColumns));
        Assert.False(methods.Changed(after.ShippingMethod!, methodColumns));
        Assert.Equal([3, 1], after.Items.Select(i => i.Quantity));
        Assert.NotNull(after.DiscountId);
        Assert.NotEqual(etag, (await client.GetAsync($"{CartApi.Voog}/{uuid}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Creating_a_cart_reads_the_shared_settings_leaves_them_as_they_are_and_sees_a_change()
    {
        var client = factory.Anonymous();
        var version = await StoreVersionAsync();
        await client.CreateOutshifterCart();
        await client.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } } });
        Assert.Equal(version, await StoreVersionAsync()); // the settings were not saved as if they were new or changed

        var sek = await client.PostAsJsonAsync(CartApi.Outshifter, new { customer_session_id = "s", currency = "SEK" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sek.StatusCode);
        await factory.PutSettings(new { allowed_currencies = new[] { "EUR", "USD", "NOK", "SEK" } });
        Assert.NotNull(await client.CreateOutshifterCart(currency: "SEK")); // the changed row is read anew
    }

    private async Task<long> StoreVersionAsync()
    {
        await using var scope = factory.Scope(out var db);
        return (await db.FindRowAsync<Kassa.Settings.StoreSettings, int>(Kassa.Settings.StoreSettings.SingletonId, CancellationToken.None))!.Version;
    }

    private async Task<Cart> ReadAsync(Guid uuid, bool share)
    {
        await using var scope = factory.Scope(out var db);
        return await db.ReadCartAsync(uuid, CancellationToken.None, share);
    }
}
