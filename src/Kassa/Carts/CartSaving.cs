using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Settings;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kassa.Carts;

/// <summary>
/// Saves a write that changed only a cart and its items with fixed statements (<see cref="EntityWrites{T}"/>)
/// in one transaction, instead of SaveChanges: EF's unit of work (command building, batching, its
/// transaction) was the largest single part of a cart write (docs/benchmarks.md). The rows are stamped
/// and version-checked exactly as SaveChanges would; a write that changed anything else (a checkout, an
/// order) is not a cart-only write and goes through SaveChanges. On SQLite the statements run on the
/// kept-open write connection and commit in groups (<see cref="SqliteWriteConnection"/>).
/// </summary>
public static class CartSaving
{
    private static readonly ConditionalWeakTable<IModel, Statements> ByModel = new();

    /// <summary>
    /// Saves the tracked changes when they touch only carts and cart items and returns true; returns false,
    /// saving nothing, otherwise. Detects changes first unless the caller just did (<paramref name="changesDetected"/>),
    /// and takes SQLite's write turn itself (call it without).
    /// A row whose version moved underneath throws <see cref="DbUpdateConcurrencyException"/>, any other database
    /// error a <see cref="DbUpdateException"/>, as SaveChanges would. On success the context tracks nothing (the
    /// entities stay usable as they are).
    /// </summary>
    public static async Task<bool> TrySaveCartAsync(this KassaDbContext db, CancellationToken ct, bool changesDetected = false)
    {
        var tracker = db.ChangeTracker;
        if (!changesDetected) tracker.DetectChanges();
        Changes changes;
        // Detected once: listing and stamping the entries must not detect again.
        using (ChangeDetectionPause.Of(tracker))
        {
            var changed = tracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
            // The catalog rows a cart write prices with may be instances other requests share (SharedRows).
            if (changed.FirstOrDefault(e => e.Entity is Product or ShippingMethod or StoreSettings) is { } catalog)
                throw new InvalidOperationException($"A cart write changed a {catalog.Metadata.ClrType.Name}; cart writes never change the catalog.");
            if (changed.Any(e => e.Entity is not (Cart or CartItem) || e.State == EntityState.Deleted && e.Entity is Cart)) return false;
            if (changed.Count == 0)
            {
                tracker.Clear();
                return true;
            }
            var carts = changed.Where(e => e.Entity is Cart).ToList();
            var items = changed.Where(e => e.Entity is CartItem).ToList();
            // The items carry no version of their own: the cart's version guards them, so their cart must be saved too.
            if (items.Select(e => (CartItem)e.Entity).Any(i => !carts.Select(e => (Cart)e.Entity).Any(c => c.Items.Contains(i) || c.Id == i.CartId && c.Id != 0)))
                return false;
            changes = new Changes(
                ByModel.GetValue(db.Model, model => new Statements(model)),
                carts,
                items,
                changed.ToDictionary(e => e.Entity, e => (long)e.Property(nameof(IVersioned.Version)).OriginalValue!));
            db.Stamps.Stamp(db);
        }

        try
        {
            if (db is SqliteKassaDbContext { WriteConnection: { } writer })
                await writer.RunAsync(connection => WriteAsync(new OneByOneRunner(connection.Command, owned: false), changes, ct), ct);
            else
                await SaveOnContextConnectionAsync(db, changes, ct);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Saving the cart failed: {e.Message}", e);
        }
        tracker.Clear();
        return true;
    }

    /// <summary>
    /// PostgreSQL (and a context built without the app): on the context's connection, in a transaction; where the
    /// provider can batch (Npgsql), the statements go in one round trip instead of one each.
    /// </summary>
    private static async Task SaveOnContextConnectionAsync(KassaDbContext db, Changes changes, CancellationToken ct)
    {
        using var turn = await db.EnterWriteAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var factory = connection.CreateCommand();
            Runner run = connection.CanCreateBatch
                ? new BatchRunner(connection, transaction, factory)
                : new OneByOneRunner(sql =>
                {
                    var command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    return command;
                }, owned: true);
            await WriteAsync(run, changes, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statements: carts first (a new cart's id is its items' cart id), then removed, changed and new items.</summary>
    private static async Task WriteAsync(Runner run, Changes changes, CancellationToken ct)
    {
        var (statements, carts, items, originalVersions) = changes;
        foreach (var entry in carts.Where(e => e.State == EntityState.Added))
        {
            var cart = (Cart)entry.Entity;
            run.Insert(statements.Carts, cart, id => cart.Id = id);
        }
        // A new item of a new cart learns its cart's id only now: EF keeps temporary keys to itself.
        await run.FlushAsync(ct);
        foreach (var entry in carts.Where(e => e.State == EntityState.Modified))
            run.Update(statements.Carts, (Cart)entry.Entity, originalVersions[entry.Entity]);
        foreach (var entry in items.Where(e => e.State == EntityState.Deleted))
            run.Delete(statements.Items, (CartItem)entry.Entity, originalVersions[entry.Entity]);
        foreach (var entry in items.Where(e => e.State == EntityState.Modified))
            run.Update(statements.Items, (CartItem)entry.Entity, originalVersions[entry.Entity]);
        foreach (var entry in items.Where(e => e.State == EntityState.Added))
        {
            var item = (CartItem)entry.Entity;
            if (carts.Select(c => (Cart)c.Entity).FirstOrDefault(c => c.Items.Contains(item)) is { } owner) item.CartId = owner.Id;
            run.Insert(statements.Items, item, id => item.Id = id);
        }
        await run.FlushAsync(ct);
    }

    /// <summary>Statements queued by <see cref="WriteAsync"/> and run on <see cref="FlushAsync"/>.</summary>
    private abstract class Runner
    {
        protected readonly List<Statement> Queued = [];

        public void Insert<T>(EntityWrites<T> writes, T entity, Action<long> setId) where T : class, IVersioned, IEntity =>
            Queued.Add(new Statement(writes.InsertSql, (factory, target) => writes.BindColumns(factory, target, entity), setId, null));

        public void Update<T>(EntityWrites<T> writes, T entity, long originalVersion) where T : class, IVersioned, IEntity =>
            Queued.Add(new Statement(writes.UpdateSql, (factory, target) =>
            {
                writes.BindColumns(factory, target, entity);
                writes.BindKey(factory, target, entity, originalVersion);
            }, null, entity));

        public void Delete<T>(EntityWrites<T> writes, T entity, long originalVersion) where T : class, IVersioned, IEntity =>
            Queued.Add(new Statement(writes.DeleteSql, (factory, target) => writes.BindKey(factory, target, entity, originalVersion), null, entity));

        public abstract Task FlushAsync(CancellationToken ct);

        /// <summary>An UPDATE or DELETE that found no row: the row changed (its version) or went away since it was read.</summary>
        protected static void Expect(int rows, IEntity? entity)
        {
            if (entity is not null && rows != 1)
                throw new DbUpdateConcurrencyException($"{entity.GetType().Name} {entity.Id} was changed or deleted by another writer since it was read.");
        }
    }

    /// <param name="Expected">The row an UPDATE or DELETE must find; null for an INSERT.</param>
    private sealed record Statement(string Sql, Action<DbCommand, DbParameterCollection> Bind, Action<long>? SetId, IEntity? Expected);

    /// <summary>One command per statement: SQLite's prepared commands (<paramref name="owned"/> false), or new commands.</summary>
    private sealed class OneByOneRunner(Func<string, DbCommand> command, bool owned) : Runner
    {
        public override async Task FlushAsync(CancellationToken ct)
        {
            foreach (var statement in Queued)
            {
                var run = command(statement.Sql);
                try
                {
                    statement.Bind(run, run.Parameters);
                    if (statement.SetId is { } setId) setId(Convert.ToInt64(await run.ExecuteScalarAsync(ct)));
                    else Expect(await run.ExecuteNonQueryAsync(ct), statement.Expected);
                }
                finally
                {
                    if (owned) await run.DisposeAsync();
                }
            }
            Queued.Clear();
        }
    }

    /// <summary>All statements in one round trip (a <see cref="DbBatch"/>); the new ids come back as one result set per INSERT.</summary>
    private sealed class BatchRunner(DbConnection connection, DbTransaction transaction, DbCommand factory) : Runner
    {
        public override async Task FlushAsync(CancellationToken ct)
        {
            if (Queued.Count == 0) return;
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in Queued)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Sql;
                statement.Bind(factory, command.Parameters);
                batch.BatchCommands.Add(command);
            }
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                foreach (var statement in Queued.Where(s => s.SetId is not null))
                {
                    if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("An INSERT returned no id.");
                    statement.SetId!(reader.GetInt64(0));
                    await reader.NextResultAsync(ct);
                }
            }
            for (var i = 0; i < Queued.Count; i++) Expect(batch.BatchCommands[i].RecordsAffected, Queued[i].Expected);
            Queued.Clear();
        }
    }

    /// <summary>What a cart write saves: the changed entries and the versions they were read with.</summary>
    private sealed record Changes(Statements Statements, List<EntityEntry> Carts, List<EntityEntry> Items, Dictionary<object, long> OriginalVersions);

    private sealed class Statements(IModel model)
    {
        public EntityWrites<Cart> Carts { get; } = new(model);
        public EntityWrites<CartItem> Items { get; } = new(model);
    }
}
