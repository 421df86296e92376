using System.Net.Http.Json;
using System.Text.Json;
using Kassa.Carts;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Discounts;
using Kassa.Settings;
using Kassa.Shipping;
using Kassa.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Kassa.Data.Sqlite;

namespace Kassa.Tests.Data;

/// <summary>
/// The hand-written hot reads (<see cref="RowLookups"/>, <see cref="EntityRows{T}"/>) must give exactly what
/// EF gives for the same rows, see a transaction's own writes, and on SQLite reuse prepared statements.
/// </summary>
public sealed class RowLookupsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    [Fact]
    public async Task A_cart_read_by_hand_equals_the_same_cart_read_by_EF()
    {
        _ = factory.Anonymous();
        var uuid = await SeedCartAsync();

        await using var scope = factory.Scope(out var db);
        var byEf = await db.Carts.AsNoTracking().WithPricingFacts(db).SingleAsync(c => c.Uuid == uuid);
        var byHand = await db.ReadCartAsync(uuid, CancellationToken.None);

        Assert.Equal(JsonSerializer.Serialize(byEf, Json), JsonSerializer.Serialize(byHand, Json));
        Assert.Equal(2, byHand.Items.Count);
        Assert.NotNull(byHand.Discount);
        Assert.NotNull(byHand.ShippingMethod);
        Assert.Equal(DateTimeKind.Utc, byHand.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, byHand.Items[0].Product.UpdatedAt.Kind);
        Assert.Equal(new CartCustomer("Ada", "ada@example.com", null, "et"), byHand.Customer);
        Assert.Null(byHand.ShippingAddress);
        Assert.Equal(12.5m, byHand.Items.Single(i => i.Quantity == 2).Product.Prices["USD"]);
    }

    [SqliteFact]
    public async Task The_statements_of_a_fixed_read_see_one_snapshot_and_the_next_read_sees_later_commits()
    {
        var client = factory.Anonymous();
        await using var scope = factory.Scope(out var db);
        static async Task<long> CountAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
        {
            await reader.ReadAsync(ct);
            return reader.GetInt64(0);
        }

        var (first, second) = await db.QueryAsync("SELECT count(*) FROM carts; SELECT count(*) FROM carts;", _ => { }, async (reader, ct) =>
        {
            var before = await CountAsync(reader, ct);
            // A cart committed between the two statements, through the app's write connection.
            (await client.PostAsJsonAsync("/api/cart", new { customer_session_id = "snapshot" }, ct)).EnsureSuccessStatusCode();
            await reader.NextResultAsync(ct);
            return (before, await CountAsync(reader, ct));
        }, CancellationToken.None, oneSnapshot: true);

        Assert.Equal(first, second);
        Assert.Equal(first + 1, await db.QueryAsync("SELECT count(*) FROM carts;", _ => { }, CountAsync, CancellationToken.None));
    }

    [SqliteFact]
    public async Task A_read_that_fails_midway_leaves_no_read_transaction_behind()
    {
        var client = factory.Anonymous();
        await using var scope = factory.Scope(out var db);
        for (var i = 0; i < 20; i++)
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.QueryAsync<long>("SELECT count(*) FROM carts; SELECT 1;", _ => { },
                (_, _) => throw new InvalidOperationException("reader failed"), CancellationToken.None, oneSnapshot: true));

        var before = await db.QueryAsync("SELECT count(*) FROM carts;", _ => { }, async (r, ct) => { await r.ReadAsync(ct); return r.GetInt64(0); }, CancellationToken.None);
        (await client.PostAsJsonAsync("/api/cart", new { customer_session_id = "after-failure" })).EnsureSuccessStatusCode();
        // Every kept connection must see the new cart: none is stuck in an old snapshot.
        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var s = factory.Scope(out var other);
            return await other.QueryAsync("SELECT count(*) FROM carts;", _ => { }, async (r, ct) => { await r.ReadAsync(ct); return r.GetInt64(0); }, CancellationToken.None);
        }));
        Assert.All(counts, c => Assert.Equal(before + 1, c));
    }

    [Fact]
    public async Task Rows_by_key_equal_EF_rows_and_a_missing_key_is_null()
    {
        _ = factory.Anonymous();
        var productId = await SeedProductAsync("By key");
        await using var scope = factory.Scope(out var db);

        var settingsByEf = await db.StoreSettings.AsNoTracking().SingleAsync();
        var settingsByHand = await db.GetStoreSettingsAsync(CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(settingsByEf, Json), JsonSerializer.Serialize(settingsByHand, Json));

        var productByEf = await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
        var productByHand = await db.FindRowAsync<Product, long>(productId, CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(productByEf, Json), JsonSerializer.Serialize(productByHand, Json));

        Assert.Null(await db.FindRowAsync<Product, long>(long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task With_track_the_row_is_attached_and_an_already_tracked_entity_is_returned_as_is()
    {
        _ = factory.Anonymous();
        var productId = await SeedProductAsync("Tracked");
        await using var scope = factory.Scope(out var db);

        var product = await db.FindRowAsync<Product, long>(productId, CancellationToken.None, track: true);
        Assert.Equal(EntityState.Unchanged, db.Entry(product!).State);
        product!.Name = "Renamed in memory";
        Assert.Same(product, await db.FindRowAsync<Product, long>(productId, CancellationToken.None, track: true));
        await db.SaveChangesAsync();

        await using var other = factory.Scope(out var db2);
        Assert.Equal("Renamed in memory", (await db2.FindRowAsync<Product, long>(productId, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Rows_by_a_unique_column_equal_EF_rows_and_only_unique_columns_are_accepted()
    {
        _ = factory.Anonymous();
        await using (factory.Scope(out var seed))
        {
            seed.Discounts.Add(new Discount { Code = "Unique10", NormalizedCode = "UNIQUE10", Amount = 10, ValidTo = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await seed.SaveChangesAsync();
        }
        await using var scope = factory.Scope(out var db);

        var byEf = await db.Discounts.AsNoTracking().SingleAsync(d => d.NormalizedCode == "UNIQUE10");
        var byHand = await db.FindRowByAsync<Discount>(nameof(Discount.NormalizedCode), "UNIQUE10", CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(byEf, Json), JsonSerializer.Serialize(byHand, Json));
        Assert.Null(await db.FindRowByAsync<Discount>(nameof(Discount.NormalizedCode), "NO-SUCH-CODE", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.FindRowByAsync<Discount>(nameof(Discount.Amount), 10m, CancellationToken.None));
        // Carts are soft-deleted through a query filter, which fixed SQL would skip.
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.FindRowByAsync<Cart>(nameof(Cart.Uuid), Guid.NewGuid(), CancellationToken.None));

        var tracked = await db.FindRowByAsync<Discount>(nameof(Discount.NormalizedCode), "UNIQUE10", CancellationToken.None, track: true);
        Assert.Equal(EntityState.Unchanged, db.Entry(tracked!).State);
        Assert.Same(tracked, await db.FindRowByAsync<Discount>(nameof(Discount.NormalizedCode), "UNIQUE10", CancellationToken.None, track: true));
    }

    [Fact]
    public async Task Inside_a_transaction_reads_see_its_own_uncommitted_writes()
    {
        _ = factory.Anonymous();
        var productId = await SeedProductAsync("Repriced");
        await using var scope = factory.Scope(out var db);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var product = await db.Products.SingleAsync(p => p.Id == productId);
            product.Price = 99.99m;
            await db.SaveChangesAsync();
            Assert.Equal(99.99m, (await db.FindRowAsync<Product, long>(productId, CancellationToken.None))!.Price);
            await transaction.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        Assert.Equal(10.5m, (await db.FindRowAsync<Product, long>(productId, CancellationToken.None))!.Price);
    }

    [SqliteFact]
    public void Sqlite_read_connections_stay_open_keep_their_prepared_commands_and_cannot_write()
    {
        _ = factory.Anonymous();
        var pool = factory.Services.GetRequiredService<SqliteReadConnections>();

        var reader = pool.Rent();
        var command = reader.Command("SELECT count(*) FROM products");
        command.ExecuteScalar();
        pool.Return(reader);

        var again = pool.Rent();
        try
        {
            Assert.Same(reader, again);
            Assert.Same(command, again.Command("SELECT count(*) FROM products"));
            Assert.Equal(System.Data.ConnectionState.Open, command.Connection!.State);
            var insert = again.Command("DELETE FROM products");
            var error = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());
            Assert.Contains("readonly", error.Message.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            pool.Return(again);
        }
    }

    [SqliteFact]
    public void A_disposed_pool_closes_its_connections_and_those_returned_later()
    {
        _ = factory.Anonymous();
        using var pool = new SqliteReadConnections(factory.ConnectionString);
        var idle = pool.Rent();
        var busy = pool.Rent();
        var idleCommand = idle.Command("SELECT 1");
        var busyCommand = busy.Command("SELECT 1");
        pool.Return(idle);

        pool.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, idleCommand.Connection!.State);
        pool.Return(busy);
        Assert.Equal(System.Data.ConnectionState.Closed, busyCommand.Connection!.State);
    }

    [Theory]
    [InlineData("Host=db;Database=kassa", 64)]
    [InlineData("Host=db;Database=kassa;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=kassa;Max Auto Prepare=5", 5)]
    public void PostgreSQL_prepares_repeated_statements_unless_the_connection_string_says_otherwise(string configured, int expected) =>
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(DataServices.PostgresConnectionString(configured)).MaxAutoPrepare);

    private async Task<long> SeedProductAsync(string name)
    {
        await using var scope = factory.Scope(out var db);
        var product = new Product
        {
            Name = name,
            Sku = null,
            Price = 10.5m,
            Prices = new() { ["USD"] = 12.5m },
            TaxRate = null,
            Stock = 7,
            NameTranslations = new() { ["et"] = name + " (et)" },
            VariantAttributes = [new VariantAttribute(new VariantAttributePart(1, "Size"), new VariantAttributePart(null, "L"))],
            FlatShippingRates = new() { ["EE"] = 1.25m },
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    private async Task<Guid> SeedCartAsync()
    {
        var first = await SeedProductAsync("First");
        var second = await SeedProductAsync("Second");
        await using var scope = factory.Scope(out var db);
        var discount = new Discount { Code = "HAND", NormalizedCode = "HAND", Amount = 10, ValidTo = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        var shipping = new ShippingMethod { Name = "Courier", Amount = 4.9m, TaxRate = 20, Options = [new ShippingOption("Express", 9.9m)], Countries = ["EE", "FI"] };
        db.AddRange(discount, shipping);
        await db.SaveChangesAsync();
        var cart = new Cart
        {
            Uuid = Guid.NewGuid(),
            Currency = "EUR",
            DiscountId = discount.Id,
            ShippingMethodId = shipping.Id,
            ShippingMethodOption = "Express",
            Customer = new CartCustomer("Ada", "ada@example.com", null, "et"),
            BillingAddress = new CartAddress("Ada", null, null, "Main 1", null, "Tallinn", "10111", null, "EE", null, null),
            CustomFieldValues = new() { ["gift"] = true },
            Items =
            [
                new CartItem { Uuid = Guid.NewGuid(), ProductId = first, Quantity = 1 },
                new CartItem { Uuid = Guid.NewGuid(), ProductId = second, Quantity = 2, PriceOverride = 3.5m },
            ],
        };
        db.Carts.Add(cart);
        await db.SaveChangesAsync();
        return cart.Uuid;
    }
}
