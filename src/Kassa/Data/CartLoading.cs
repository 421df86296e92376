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

    /// <summary>What <see cref="WithPricingFacts"/> leaves out: the store's enabled cart rules and its tax rates, put on each cart.</summary>
    public static async Task<List<Cart>> WithStorePricingRulesAsync(this List<Cart> carts, KassaDbContext db, CancellationToken ct)
    {
        var rules = await db.ReadCartRulesAsync(ct);
        var rates = await db.TaxRates.AsNoTracking().OrderBy(r => r.Id).Select(r => r.ToPricing()).ToListAsync(ct);
        foreach (var cart in carts)
        {
            cart.Rules = rules;
            cart.TaxRates = rates;
        }
        return carts;
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

    /// <summary>
    /// The enabled cart rules every cart is priced with, for carts not read by <see cref="ReadCartAsync"/> (a new cart, a list),
    /// in the order they run. A cart read by <see cref="ReadCartAsync"/> has them already.
    /// </summary>
    public static async Task<IReadOnlyList<CartRule>> ReadCartRulesAsync(this KassaDbContext db, CancellationToken ct) =>
        await db.CartRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);

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
                SELECT {_rules.Select("r")}
                FROM "{_rules.Table}" AS r
                WHERE r."Enabled"
                ORDER BY r."Position", r."Id";
                SELECT {_taxRates.Select("t")} FROM "{_taxRates.Table}" AS t ORDER BY t."Id";
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
            var rules = new List<CartRule>();
            while (await reader.ReadAsync(ct)) rules.Add(CatalogCache.Read(shared, _rules, reader, 0)!);
            cart.Rules = rules;

            await reader.NextResultAsync(ct);
            List<Pricing.CountryTaxRate>? rates = null;
            while (await reader.ReadAsync(ct))
                (rates ??= []).Add(CatalogCache.Read(shared, _taxRates, reader, 0)!.ToPricing());
            if (rates is not null) cart.TaxRates = rates;
            return cart;
        }
    }
}
