using System.Text.Json;
using Kassa.Data;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.Catalog;

/// <summary>What the catalog admin API tests share: paths, JSON bodies, status and problem checks, table snapshots.</summary>
internal static class CatalogApi
{
    public const string ProductsPath = VoogApi + "/products";
    public const string ShippingPath = VoogApi + "/shipping_methods";
    public const string DiscountsPath = VoogApi + "/discounts";
    public const string SettingsPath = VoogApi + "/settings";

    /// <summary>
    /// Every catalog row as stored, versions and times included, so any write at all shows up as a
    /// difference. Read behind the API, straight from the database.
    /// </summary>
    public static async Task<string> Snapshot(this KassaFactory factory)
    {
        await using var scope = factory.Scope(out var db);
        var rows = new
        {
            products = await db.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            shipping_methods = await db.ShippingMethods.AsNoTracking().OrderBy(m => m.Id).ToListAsync(),
            discounts = await db.Discounts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(),
            store_settings = await db.StoreSettings.AsNoTracking().OrderBy(s => s.Id).ToListAsync(),
        };
        return JsonSerializer.Serialize(rows);
    }

    public static async Task<int> Count<T>(this KassaFactory factory, Func<KassaDbContext, IQueryable<T>> table)
    {
        await using var scope = factory.Scope(out var db);
        return await table(db).CountAsync();
    }
}
