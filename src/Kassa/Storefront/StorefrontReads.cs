using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kassa.Storefront;

/// <summary>A page of live products with their live variants, and the settings and tax rates per country they are priced with.</summary>
/// <param name="Total">Live products that are not variants, on every page.</param>
public sealed record CatalogPage(int Total, IReadOnlyList<Product> Products, IReadOnlyList<Product> Variants, StoreSettings Settings, IReadOnlyList<Taxes.StoreTaxRate> TaxRates)
{
    /// <summary>The version of every row the answer shows: while it is the same, so is the answer (<see cref="StorefrontAnswers"/>).</summary>
    public long[] Fingerprint()
    {
        var versions = new long[3 + 2 * (Products.Count + Variants.Count + TaxRates.Count)];
        (versions[0], versions[1], versions[2]) = (Settings.Version, Products.Count, TaxRates.Count);
        var at = 3;
        foreach (var p in Products.Concat(Variants))
        {
            versions[at++] = p.Id;
            versions[at++] = p.Version;
        }
        foreach (var r in TaxRates)
        {
            versions[at++] = r.Id;
            versions[at++] = r.Version;
        }
        return versions;
    }
}

/// <summary>The store's settings, every shipping method and the tax rates by country, for the store's public facts.</summary>
public sealed record StoreFacts(StoreSettings Settings, IReadOnlyList<ShippingMethod> ShippingMethods, IReadOnlyList<Taxes.StoreTaxRate> TaxRates)
{
    /// <summary>The cart rules active now (enabled, inside their window on the store clock), in the order they run.</summary>
    public IReadOnlyList<CartRules.CartRule> CartRules { get; init; } = [];

    public long[] Fingerprint()
    {
        // Which rules are active changes with the clock, not only with their versions: their ids and versions are in it.
        var versions = new long[3 + 2 * (ShippingMethods.Count + TaxRates.Count + CartRules.Count)];
        (versions[0], versions[1], versions[2]) = (Settings.Version, ShippingMethods.Count, TaxRates.Count);
        var at = 3;
        foreach (var m in ShippingMethods)
        {
            versions[at++] = m.Id;
            versions[at++] = m.Version;
        }
        foreach (var t in TaxRates)
        {
            versions[at++] = t.Id;
            versions[at++] = t.Version;
        }
        foreach (var r in CartRules)
        {
            versions[at++] = r.Id;
            versions[at++] = r.Version;
        }
        return versions;
    }
}

/// <summary>
/// The catalog reads of the storefront, as fixed statements (<see cref="RowLookups"/>): each answer's rows in one
/// round trip and one snapshot, the rows shared with cart reads at an unchanged version (<see cref="CatalogCache"/>).
/// Drafts are left out by the statements; a variant whose product is a draft by the statement for one product, and by
/// the cutting of the page for the list.
/// </summary>
public static class StorefrontReads
{
    private static readonly ConditionalWeakTable<IModel, Statements> ByModel = new();

    /// <summary>
    /// One page. Every live row is read, in id order, and the page is cut here: one pass over the table, each row read
    /// once (and, shared, built only when its version moved), costs less than counting, paging and finding the page's
    /// variants in three statements, which each walk the products again (docs/benchmarks.md). It grows with the
    /// catalog as the count of a paged list does anyway.
    /// </summary>
    public static async Task<CatalogPage> ReadCatalogPageAsync(this KassaDbContext db, Paging paging, CancellationToken ct)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        var shared = Shared(db);
        return await db.QueryAsync(statements.Live, _ => { }, async (reader, token) =>
        {
            var live = await statements.ReadProductsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var settings = await statements.ReadSettingsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var rates = await statements.ReadTaxRatesAsync(reader, shared, token);
            var products = live.Where(p => p.ParentId is null).ToList();
            var page = products.Skip(paging.Skip).Take(paging.PerPage).ToList();
            var shown = page.Select(p => p.Id).ToHashSet();
            return new CatalogPage(products.Count, page, live.Where(v => v.ParentId is { } parent && shown.Contains(parent)).ToList(), settings, rates);
        }, ct, oneSnapshot: true);
    }

    /// <summary>A live product and its live variants; null when there is no such product (or it or its product is a draft).</summary>
    public static async Task<CatalogPage?> ReadCatalogProductAsync(this KassaDbContext db, long id, CancellationToken ct)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        var shared = Shared(db);
        return await db.QueryAsync(statements.One, command => statements.BindId(command, id), async (reader, token) =>
        {
            var products = await statements.ReadProductsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var variants = await statements.ReadProductsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var settings = await statements.ReadSettingsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var rates = await statements.ReadTaxRatesAsync(reader, shared, token);
            return products.Count == 0 ? null : new CatalogPage(1, products, variants, settings, rates);
        }, ct, oneSnapshot: true);
    }

    /// <param name="nowUtc">The store clock, for which cart rules are active.</param>
    public static async Task<StoreFacts> ReadStoreFactsAsync(this KassaDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        var shared = Shared(db);
        return await db.QueryAsync(statements.Store, _ => { }, async (reader, token) =>
        {
            var settings = await statements.ReadSettingsAsync(reader, shared, token);
            await reader.NextResultAsync(token);
            var methods = new List<ShippingMethod>();
            while (await reader.ReadAsync(token)) methods.Add(CatalogCache.Read(shared, statements.ShippingMethods, reader, 0)!);
            await reader.NextResultAsync(token);
            var rules = new List<CartRules.CartRule>();
            while (await reader.ReadAsync(token)) rules.Add(CatalogCache.Read(shared, statements.CartRules, reader, 0)!);
            await reader.NextResultAsync(token);
            var rates = await statements.ReadTaxRatesAsync(reader, shared, token);
            return new StoreFacts(settings, methods, rates) { CartRules = rules.Where(r => r.IsActiveAt(nowUtc)).ToList() };
        }, ct, oneSnapshot: true);
    }

    /// <summary>Rows inside a transaction could be at a version that is never committed: they are not shared then.</summary>
    private static CatalogCache? Shared(KassaDbContext db) => db.Database.CurrentTransaction is null ? db.CatalogCache : null;

    private sealed class Statements
    {
        private readonly EntityRows<Product> _products;
        private readonly EntityRows<StoreSettings> _stores;
        private readonly EntityRows<Taxes.StoreTaxRate> _taxRates;
        private readonly RelationalTypeMapping _id;

        public Statements(IModel model)
        {
            _products = new(model);
            _stores = new(model);
            _taxRates = new(model);
            ShippingMethods = new(model);
            CartRules = new(model);
            var product = model.FindEntityType(typeof(Product))!;
            var key = product.FindPrimaryKey()!.Properties.Single();
            _id = (RelationalTypeMapping)key.GetTypeMapping();
            string Column(string property) => $"\"{product.FindProperty(property)!.GetColumnName()}\"";
            var (id, parent, status) = (Column(key.Name), Column(nameof(Product.ParentId)), Column(nameof(Product.Status)));
            var products = $"\"{_products.Table}\"";
            var live = $"{status} = '{ProductStatus.Live}'";
            var settings = $"""SELECT {_stores.Select("st")} FROM "{_stores.Table}" AS st WHERE st."Id" = {StoreSettings.SingletonId};""";
            var taxRates = $"""SELECT {_taxRates.Select("t")} FROM "{_taxRates.Table}" AS t ORDER BY t."Id";""";
            Live = $"""
                SELECT {_products.Select("p")} FROM {products} AS p WHERE p.{live} ORDER BY p.{id};
                {settings}
                {taxRates}
                """;
            One = $"""
                SELECT {_products.Select("p")} FROM {products} AS p
                WHERE p.{id} = @id AND p.{live} AND (p.{parent} IS NULL OR EXISTS (SELECT 1 FROM {products} AS o WHERE o.{id} = p.{parent} AND o.{live}));
                SELECT {_products.Select("v")} FROM {products} AS v WHERE v.{parent} = @id AND v.{live} ORDER BY v.{id};
                {settings}
                {taxRates}
                """;
            Store = $"""
                {settings}
                SELECT {ShippingMethods.Select("m")} FROM "{ShippingMethods.Table}" AS m ORDER BY m."Id";
                SELECT {CartRules.Select("r")} FROM "{CartRules.Table}" AS r WHERE r."Enabled" ORDER BY r."Position", r."Id";
                {taxRates}
                """;
        }

        public string Live { get; }
        public string One { get; }
        public string Store { get; }
        public EntityRows<ShippingMethod> ShippingMethods { get; }
        public EntityRows<CartRules.CartRule> CartRules { get; }

        public void BindId(DbCommand command, long id) => command.Parameters.Add(_id.CreateParameter(command, "@id", id));

        public async Task<List<Product>> ReadProductsAsync(DbDataReader reader, CatalogCache? shared, CancellationToken ct)
        {
            var products = new List<Product>();
            while (await reader.ReadAsync(ct)) products.Add(CatalogCache.Read(shared, _products, reader, 0)!);
            return products;
        }

        public async Task<List<Taxes.StoreTaxRate>> ReadTaxRatesAsync(DbDataReader reader, CatalogCache? shared, CancellationToken ct)
        {
            var rates = new List<Taxes.StoreTaxRate>();
            while (await reader.ReadAsync(ct)) rates.Add(CatalogCache.Read(shared, _taxRates, reader, 0)!);
            return rates;
        }

        public async Task<StoreSettings> ReadSettingsAsync(DbDataReader reader, CatalogCache? shared, CancellationToken ct) =>
            await reader.ReadAsync(ct) ? CatalogCache.Read(shared, _stores, reader, 0)! : throw new InvalidOperationException("The store settings row is missing.");
    }
}
