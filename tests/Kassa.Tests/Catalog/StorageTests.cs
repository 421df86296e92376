using System.Net;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

/// <summary>What a new database starts with, and that data outlives the process that wrote it.</summary>
public sealed class StorageTests
{
    [Fact]
    public async Task A_restarted_host_keeps_the_data_and_does_not_seed_again()
    {
        var first = new KassaFactory { KeepDatabase = true };
        await first.InitializeAsync();
        long id;
        try
        {
            var created = await (await first.Admin().PostJson(ProductsPath, """{"name":"Survivor","sku":"KEEP-1","price":"42.42","prices":{"USD":45}}""")).Expect(HttpStatusCode.Created);
            id = created.Id();
            await (await first.Admin().PutJson(SettingsPath, """{"default_tax_rate":9}""")).Expect(HttpStatusCode.OK);
            await (await first.Admin().DeleteAsync($"{ProductsPath}/{GiftCard}")).Expect(HttpStatusCode.NoContent);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = KassaFactory.OnDatabaseOf(first);
        await second.InitializeAsync();
        try
        {
            Assert.Equal(first.DatabaseName, second.DatabaseName);
            var admin = second.Admin();
            var survivor = await (await admin.GetAsync($"{ProductsPath}/{id}")).Expect(HttpStatusCode.OK);
            Assert.Equal("Survivor", survivor.Str("name"));
            Assert.Equal("42.42", survivor.Str("price"));
            Assert.Equal("45.0", survivor.GetProperty("prices").Str("USD"));
            Assert.Equal("9.0", (await (await admin.GetAsync(SettingsPath)).Expect(HttpStatusCode.OK)).Str("default_tax_rate"));
            await (await admin.GetAsync($"{ProductsPath}/{GiftCard}")).ExpectProblem(HttpStatusCode.NotFound);

            // Seeding happens once per database: the demo rows are there once, the deleted one stays deleted.
            var list = await admin.GetAsync($"{ProductsPath}?per_page=250");
            var ids = (await list.Expect(HttpStatusCode.OK)).Ids();
            Assert.Equal(ProductCount, ids.Count); // 7 demo − gift card + survivor
            Assert.Equal("7", list.Headers.GetValues("X-Total-Count").Single());
            Assert.Equal(1, await second.Count(db => db.Products.Where(p => p.Sku == "ION-1")));
            Assert.Equal(1, await second.Count(db => db.StoreSettings));
            Assert.Equal(2, await second.Count(db => db.ShippingMethods));
            Assert.Equal(1, await second.Count(db => db.Discounts));

            // And the restarted host writes on from where the first one stopped.
            var next = await (await admin.PostJson(ProductsPath, """{"name":"After restart","price":1}""")).Expect(HttpStatusCode.Created);
            Assert.True(next.Id() > id);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_demo_data_the_catalog_is_empty_but_the_settings_row_exists()
    {
        var factory = new KassaFactory().With("Kassa:SeedDemoData", "false");
        await factory.InitializeAsync();
        try
        {
            var admin = factory.Admin();
            foreach (var path in new[] { ProductsPath, ShippingPath, DiscountsPath })
            {
                var response = await admin.GetAsync(path);
                Assert.Equal(0, (await response.Expect(HttpStatusCode.OK)).GetArrayLength());
                Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
            }

            var settings = await (await admin.GetAsync(SettingsPath)).Expect(HttpStatusCode.OK);
            Assert.Equal("net", settings.Str("price_entry_mode"));
            Assert.Equal("EUR", settings.Str("default_currency"));
            Assert.Equal(["EUR"], settings.GetProperty("allowed_currencies").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal("20.0", settings.Str("default_tax_rate"));
            Assert.Equal(["en"], settings.GetProperty("languages").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(0, settings.GetProperty("custom_fields").GetArrayLength());

            await using var scope = factory.Scope(out var db);
            Assert.Equal(1, await db.StoreSettings.CountAsync());
            Assert.Equal(0, await db.Products.CountAsync());

            // An empty catalog can take any store currency, even one without decimals.
            var jpy = await (await admin.PutJson(SettingsPath, """{"default_currency":"JPY"}""")).Expect(HttpStatusCode.OK);
            Assert.Equal("JPY", jpy.Str("default_currency"));
            await (await admin.PostJson(ProductsPath, """{"name":"Tea","price":1.5}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "price");
            var tea = await (await admin.PostJson(ProductsPath, """{"name":"Tea","price":150}""")).Expect(HttpStatusCode.Created);
            Assert.Equal("JPY", tea.Str("currency"));
        }
        finally
        {
            await factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_demo_catalog_has_what_the_issue_asks_for()
    {
        var factory = new KassaFactory();
        await factory.InitializeAsync();
        try
        {
            await using var scope = factory.Scope(out var db);
            var products = await db.Products.AsNoTracking().ToListAsync();
            Assert.True(products.Select(p => p.TaxRate).Distinct().Count() >= 3, "several tax rates");
            Assert.Contains(products, p => p.ParentId is not null);
            Assert.Equal(2, await db.ShippingMethods.CountAsync());
            Assert.Equal(1, await db.Discounts.CountAsync());
            Assert.Equal(2, (await db.StoreSettings.AsNoTracking().SingleAsync()).CustomFields.Count);
        }
        finally
        {
            await factory.DisposeAsync();
        }
    }
}
