using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Data;
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
    /// saving nothing, otherwise. Detects changes first, and takes SQLite's write turn itself (call it without).
    /// A row whose version moved underneath throws <see cref="DbUpdateConcurrencyException"/>, any other database
    /// error a <see cref="DbUpdateException"/>, as SaveChanges would. On success the context tracks nothing (the
    /// entities stay usable as they are).
    /// </summary>
    public static async Task<bool> TrySaveCartAsync(this KassaDbContext db, CancellationToken ct)
    {
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        Changes changes;
        // Detected once, above: listing and stamping the entries must not detect again.
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var changed = tracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
            if (changed.Any(e => e.Entity is not (Cart or CartItem) || e.State == EntityState.Deleted && e.Entity is Cart)) return false;
            if (changed.Count == 0) return true;
            changes = new Changes(
                ByModel.GetValue(db.Model, model => new Statements(model)),
                changed.Where(e => e.Entity is Cart).ToList(),
                changed.Where(e => e.Entity is CartItem).ToList(),
                changed.ToDictionary(e => e.Entity, e => (long)e.Property(nameof(IVersioned.Version)).OriginalValue!));
            StampingInterceptor.Of(db).Stamp(db);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }

        try
        {
            if (db is SqliteKassaDbContext { WriteConnection: { } writer })
                await writer.RunAsync(connection => WriteAsync(connection.Command, owned: false, changes, ct));
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

    /// <summary>PostgreSQL (and a context built without the app): on the context's connection, in a transaction.</summary>
    private static async Task SaveOnContextConnectionAsync(KassaDbContext db, Changes changes, CancellationToken ct)
    {
        using var turn = await db.EnterWriteAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await WriteAsync(sql =>
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                return command;
            }, owned: true, changes, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The statements: carts first (a new cart's id is its items' cart id), then removed, changed and new items.</summary>
    private static async Task WriteAsync(Func<string, DbCommand> command, bool owned, Changes changes, CancellationToken ct)
    {
        var (statements, carts, items, originalVersions) = changes;
        var run = new Runner(command, owned);
        foreach (var entry in carts)
        {
            var cart = (Cart)entry.Entity;
            if (entry.State == EntityState.Added)
                cart.Id = await run.InsertAsync(statements.Carts, cart, ct);
            else
                await run.UpdateAsync(statements.Carts, cart, originalVersions[cart], ct);
        }
        foreach (var entry in items.Where(e => e.State == EntityState.Deleted))
            await run.DeleteAsync(statements.Items, (CartItem)entry.Entity, originalVersions[entry.Entity], ct);
        foreach (var entry in items.Where(e => e.State == EntityState.Modified))
            await run.UpdateAsync(statements.Items, (CartItem)entry.Entity, originalVersions[entry.Entity], ct);
        foreach (var entry in items.Where(e => e.State == EntityState.Added))
        {
            var item = (CartItem)entry.Entity;
            // A new item of a new cart learns its cart's id only now: EF keeps temporary keys to itself.
            if (carts.Select(c => (Cart)c.Entity).FirstOrDefault(c => c.Items.Contains(item)) is { } owner) item.CartId = owner.Id;
            item.Id = await run.InsertAsync(statements.Items, item, ct);
        }
    }

    private sealed class Runner(Func<string, DbCommand> command, bool owned)
    {
        public async Task<long> InsertAsync<T>(EntityWrites<T> writes, T entity, CancellationToken ct) where T : class, IVersioned, IEntity
        {
            var insert = command(writes.InsertSql);
            try
            {
                writes.BindColumns(insert, entity);
                return Convert.ToInt64(await insert.ExecuteScalarAsync(ct));
            }
            finally
            {
                if (owned) await insert.DisposeAsync();
            }
        }

        public async Task UpdateAsync<T>(EntityWrites<T> writes, T entity, long originalVersion, CancellationToken ct) where T : class, IVersioned, IEntity
        {
            var update = command(writes.UpdateSql);
            try
            {
                writes.BindColumns(update, entity);
                writes.BindKey(update, entity, originalVersion);
                Expect(await update.ExecuteNonQueryAsync(ct), entity);
            }
            finally
            {
                if (owned) await update.DisposeAsync();
            }
        }

        public async Task DeleteAsync<T>(EntityWrites<T> writes, T entity, long originalVersion, CancellationToken ct) where T : class, IVersioned, IEntity
        {
            var delete = command(writes.DeleteSql);
            try
            {
                writes.BindKey(delete, entity, originalVersion);
                Expect(await delete.ExecuteNonQueryAsync(ct), entity);
            }
            finally
            {
                if (owned) await delete.DisposeAsync();
            }
        }

        private static void Expect<T>(int rows, T entity) where T : IEntity
        {
            if (rows != 1)
                throw new DbUpdateConcurrencyException($"{typeof(T).Name} {entity.Id} was changed or deleted by another writer since it was read.");
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
