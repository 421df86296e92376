using System.Net;
using System.Text;
using System.Text.Json;
using Kassa.Data;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.Catalog;

/// <summary>What the catalog admin API tests share: paths, JSON bodies, status and problem checks, table snapshots.</summary>
internal static class CatalogApi
{
    public const string Base = "/admin/api/ecommerce/v1";
    public const string ProductsPath = Base + "/products";
    public const string ShippingPath = Base + "/shipping_methods";
    public const string DiscountsPath = Base + "/discounts";
    public const string SettingsPath = Base + "/settings";

    /// <summary>The demo catalog's ids, in the order <c>DemoCatalog</c> adds them.</summary>
    public const long IonDrive = 1, SpaceSuit = 2, StarChart = 3, GiftCard = 4, Shirt = 5, RedShirt = 6, BlueShirt = 7;

    public const int DemoProductCount = 7;

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> Send(this HttpClient client, string method, string path, string? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = Json(body);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string body) => client.PostAsync(path, Json(body));

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string path, string body) => client.PutAsync(path, Json(body));

    /// <summary>The messages the problem lists for a field, joined.</summary>
    public static string ErrorText(this JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));

    public static long Id(this JsonElement body) => body.GetProperty("id").GetInt64();

    public static string Str(this JsonElement body, string property) =>
        body.GetProperty(property).GetString() ?? throw new InvalidOperationException($"'{property}' is null in {body}");

    public static IReadOnlyList<long> Ids(this JsonElement list) => list.EnumerateArray().Select(e => e.Id()).ToList();

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
