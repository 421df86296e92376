using Kassa.Carts;
using Kassa.CartRules;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Discounts;
using Kassa.Http;
using Kassa.Settings;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Kassa.Validation;

namespace Kassa.Data;

/// <summary>Reads a cart with everything pricing needs: its items' products, discount, shipping and settings.</summary>
public static class CartLoading
{
    private static readonly ConditionalWeakTable<IModel, CartStatement> Statements = new();

    private static readonly ConditionalWeakTable<IModel, StoreStatement> StoreStatements = new();

    /// <summary>What <see cref="WithPricingFacts"/> leaves out: the store's enabled cart rules and its tax rates, put on each cart.</summary>
    public static async Task<List<Cart>> WithStorePricingRulesAsync(this List<Cart> carts, KassaDbContext db, CancellationToken ct)
    {
        var store = await db.ReadStorePricingAsync(ct);
        foreach (var cart in carts)
        {
            cart.Rules = store.Rules;
            cart.TaxRates = store.TaxRates;
        }
        return carts;
    }

    /// <summary>
    /// The store's settings, its enabled cart rules and its tax rates, for a cart that is not read with them (a new cart, a
    /// list): one fixed statement, its rows shared like catalog rows (<see cref="CatalogCache"/>) outside a transaction.
    /// Two LINQ queries here had halved the rate of cart creation.
    /// </summary>
    public static async Task<StorePricing> ReadStorePricingAsync(this KassaDbContext db, CancellationToken ct)
    {
        var statement = StoreStatements.GetValue(db.Model, model => new StoreStatement(model));
        var shared = db.Database.CurrentTransaction is null ? db.CatalogCache : null;
        return await db.QueryAsync(statement.Sql, _ => { }, (reader, token) => statement.ReadAsync(reader, shared, token), ct, oneSnapshot: true);
    }

    /// <summary>The enabled cart rules in the order they run, then the tax rates (the cart statement's last two result sets).</summary>
    private static string StoreRulesSql(EntityRows<CartRule> rules, EntityRows<Taxes.StoreTaxRate> taxRates) => $"""
        SELECT {rules.Select("r")}
        FROM "{rules.Table}" AS r
        WHERE r."Enabled"
        ORDER BY r."Position", r."Id";
        SELECT {taxRates.Select("t")} FROM "{taxRates.Table}" AS t ORDER BY t."Id";
        """;

    private static async Task<(List<CartRule> Rules, List<Pricing.CountryTaxRate> TaxRates)> ReadStoreRulesAsync(
        DbDataReader reader, EntityRows<CartRule> ruleRows, EntityRows<Taxes.StoreTaxRate> rateRows, CatalogCache? shared, CancellationToken ct)
    {
        var rules = new List<CartRule>();
        while (await reader.ReadAsync(ct)) rules.Add(CatalogCache.Read(shared, ruleRows, reader, 0)!);
        await reader.NextResultAsync(ct);
        var rates = new List<Pricing.CountryTaxRate>();
        while (await reader.ReadAsync(ct)) rates.Add(CatalogCache.Read(shared, rateRows, reader, 0)!.ToPricing());
        return (rules, rates);
    }

    /// <summary>
    /// The same graph through EF, for lists. One query on PostgreSQL. On SQLite the single query joins a
    /// subquery that SQLite cannot flatten, so it scans every cart item in the database
    /// (docs/benchmarks.md); there the items come in a second, indexed query.
    /// </summary>
    public static IQueryable<Cart> WithPricingFacts(this IQueryable<Cart> carts, KassaDbContext db)
    {
        var query = carts
            .Include(c => c.Items.OrderBy(i => i.Id)).ThenInclude(i => i.Product)
            .Include(c => c.Discount)
            .Include(c => c.ShippingMethod)
            .Include(c => c.Store);
        return db.Database.IsSqlite() ? query.AsSplitQuery() : query.AsSingleQuery();
    }

    /// <summary>
    /// The cart and its pricing facts from two fixed statements that see one snapshot (<see cref="RowLookups"/>).
    /// Not tracked; inside a transaction it reads on the transaction's connection. With <paramref name="shareCatalog"/>
    /// (a GET, a change of the cart alone) the products, shipping method and store settings are instances shared with
    /// other requests (<see cref="CatalogCache"/>): to read, never to change.
    /// </summary>
    public static async Task<Cart> ReadCartAsync(this KassaDbContext db, Guid uuid, CancellationToken ct, bool shareCatalog = false)
    {
        var statement = Statements.GetValue(db.Model, model => new CartStatement(model));
        var shared = shareCatalog && db.Database.CurrentTransaction is null ? db.CatalogCache : null;
        return await db.QueryAsync(statement.Sql, command => statement.Bind(command, uuid), (reader, token) => statement.ReadAsync(reader, shared, token), ct, oneSnapshot: true)
               ?? throw new NotFoundException("Cart", uuid);
    }

    /// <summary>Parses a cart id from a route; anything but a UUID is simply a cart that does not exist.</summary>
    public static Guid ParseCartId(string id) =>
        Guid.TryParse(id, out var uuid) ? uuid : throw new NotFoundException("Cart", id);

    /// <summary>
    /// The cart row joined to its discount, shipping method and store, then its items joined to their products, then the
    /// store's enabled cart rules and its tax rates (a handful of rows each, shared like catalog rows).
    /// </summary>
    private sealed class CartStatement
    {
        private readonly RelationalTypeMapping _uuidMapping;
        private readonly EntityRows<Cart> _carts;
        private readonly EntityRows<Discount> _discounts;
        private readonly EntityRows<ShippingMethod> _shippingMethods;
        private readonly EntityRows<StoreSettings> _stores;
        private readonly EntityRows<CartItem> _items;
        private readonly EntityRows<Product> _products;
        private readonly EntityRows<CartRule> _rules;
        private readonly EntityRows<Taxes.StoreTaxRate> _taxRates;

        public CartStatement(IModel model)
        {
            _uuidMapping = (RelationalTypeMapping)model.FindEntityType(typeof(Cart))!.FindProperty(nameof(Cart.Uuid))!.GetTypeMapping();
            _carts = new(model);
            _discounts = new(model);
            _shippingMethods = new(model);
            _stores = new(model);
            _items = new(model);
            _products = new(model);
            _rules = new(model);
            _taxRates = new(model);
            const string cartByUuid = "\"Uuid\" = @uuid AND \"DeletedAt\" IS NULL";
            Sql = $"""
                SELECT {_carts.Select("c")}, {_discounts.Select("d")}, {_shippingMethods.Select("s")}, {_stores.Select("st")}
                FROM "{_carts.Table}" AS c
                LEFT JOIN "{_discounts.Table}" AS d ON d."Id" = c."DiscountId"
                LEFT JOIN "{_shippingMethods.Table}" AS s ON s."Id" = c."ShippingMethodId"
                INNER JOIN "{_stores.Table}" AS st ON st."Id" = c."StoreId"
                WHERE c.{cartByUuid};
                SELECT {_items.Select("i")}, {_products.Select("p")}
                FROM "{_items.Table}" AS i
                INNER JOIN "{_products.Table}" AS p ON p."Id" = i."ProductId"
                WHERE i."CartId" = (SELECT "Id" FROM "{_carts.Table}" WHERE {cartByUuid})
                ORDER BY i."Id";
                {StoreRulesSql(_rules, _taxRates)}
                """;
        }

        public string Sql { get; }

        public void Bind(DbCommand command, Guid uuid) => command.Parameters.Add(_uuidMapping.CreateParameter(command, "@uuid", uuid));

        public async Task<Cart?> ReadAsync(DbDataReader reader, CatalogCache? shared, CancellationToken ct)
        {
            if (!await reader.ReadAsync(ct)) return null;
            var at = 0;
            var cart = _carts.Read(reader, at)!;
            // The discount is never shared: its redemption count changes without a new version.
            cart.Discount = _discounts.Read(reader, at += _carts.Width);
            cart.ShippingMethod = CatalogCache.Read(shared, _shippingMethods, reader, at += _discounts.Width);
            cart.Store = CatalogCache.Read(shared, _stores, reader, at + _shippingMethods.Width)!;

            await reader.NextResultAsync(ct);
            var products = new Dictionary<long, Product>();
            while (await reader.ReadAsync(ct))
            {
                var item = _items.Read(reader, 0)!;
                var product = CatalogCache.Read(shared, _products, reader, _items.Width)!;
                // One instance per product, as EF's identity resolution would give, so the graph can be attached.
                item.Product = products.TryAdd(product.Id, product) ? product : products[product.Id];
                cart.Items.Add(item);
            }

            await reader.NextResultAsync(ct);
            (cart.Rules, cart.TaxRates) = await ReadStoreRulesAsync(reader, _rules, _taxRates, shared, ct);
            return cart;
        }
    }

    /// <summary>The settings row, then what <see cref="StoreRulesSql"/> reads.</summary>
    private sealed class StoreStatement
    {
        private readonly EntityRows<StoreSettings> _stores;
        private readonly EntityRows<CartRule> _rules;
        private readonly EntityRows<Taxes.StoreTaxRate> _taxRates;

        public StoreStatement(IModel model)
        {
            _stores = new(model);
            _rules = new(model);
            _taxRates = new(model);
            Sql = $"""
                SELECT {_stores.Select("st")} FROM "{_stores.Table}" AS st WHERE st."Id" = {StoreSettings.SingletonId};
                {StoreRulesSql(_rules, _taxRates)}
                """;
        }

        public string Sql { get; }

        public async Task<StorePricing> ReadAsync(DbDataReader reader, CatalogCache? shared, CancellationToken ct)
        {
            var store = await reader.ReadAsync(ct)
                ? CatalogCache.Read(shared, _stores, reader, 0)!
                : throw StoreSettingsReader.Missing();
            await reader.NextResultAsync(ct);
            var (rules, rates) = await ReadStoreRulesAsync(reader, _rules, _taxRates, shared, ct);
            return new StorePricing(store, rules, rates);
        }
    }
}

/// <summary>The store's settings and what prices every cart of it besides its catalog: enabled cart rules, tax rates by country.</summary>
public sealed record StorePricing(StoreSettings Settings, IReadOnlyList<CartRule> Rules, IReadOnlyList<Pricing.CountryTaxRate> TaxRates);
