using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kassa.Carts;

/// <summary>
/// Saves a write that changed only a cart and its items with fixed statements (<see cref="EntityWrites{T}"/>)
/// in one transaction, instead of SaveChanges: EF's unit of work (command building, batching, its
/// transaction) was the largest single part of a cart write (docs/benchmarks.md). The rows are stamped
/// and version-checked exactly as SaveChanges would; a write that changed anything else (a checkout, an
/// order) is not a cart-only write and goes through SaveChanges.
/// </summary>
public static class CartSaving
{
    private static readonly ConditionalWeakTable<IModel, Statements> ByModel = new();

    /// <summary>
    /// Saves the tracked changes when they touch only carts and cart items and returns true; returns false,
    /// saving nothing, otherwise. Detects changes first. A row whose version moved underneath throws
    /// <see cref="DbUpdateConcurrencyException"/>, any other database error a <see cref="DbUpdateException"/>,
    /// as SaveChanges would. On success the context tracks nothing (the entities stay usable as they are).
    /// </summary>
    public static async Task<bool> TrySaveCartAsync(this KassaDbContext db, CancellationToken ct)
    {
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        var changed = tracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
        if (changed.Any(e => e.Entity is not (Cart or CartItem) || e.State == EntityState.Deleted && e.Entity is Cart)) return false;
        if (changed.Count == 0) return true;

        var carts = changed.Where(e => e.Entity is Cart).ToList();
        var items = changed.Where(e => e.Entity is CartItem).ToList();
        var originalVersions = changed.ToDictionary(e => e.Entity, e => (long)e.Property(nameof(IVersioned.Version)).OriginalValue!);
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            StampingInterceptor.Of(db).Stamp(db);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }

        var statements = ByModel.GetValue(db.Model, model => new Statements(model));
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                foreach (var entry in carts)
                {
                    var cart = (Cart)entry.Entity;
                    if (entry.State == EntityState.Added)
                        cart.Id = await InsertAsync(connection, transaction, statements.Carts, cart, ct);
                    else
                        await UpdateAsync(connection, transaction, statements.Carts, cart, originalVersions[cart], ct);
                }
                foreach (var entry in items.Where(e => e.State == EntityState.Deleted))
                {
                    var item = (CartItem)entry.Entity;
                    await DeleteAsync(connection, transaction, statements.Items, item, originalVersions[item], ct);
                }
                foreach (var entry in items.Where(e => e.State == EntityState.Modified))
                {
                    var item = (CartItem)entry.Entity;
                    await UpdateAsync(connection, transaction, statements.Items, item, originalVersions[item], ct);
                }
                foreach (var entry in items.Where(e => e.State == EntityState.Added))
                {
                    var item = (CartItem)entry.Entity;
                    // A new item of a new cart learns its cart's id only now: EF keeps temporary keys to itself.
                    if (carts.Select(c => (Cart)c.Entity).FirstOrDefault(c => c.Items.Contains(item)) is { } owner) item.CartId = owner.Id;
                    item.Id = await InsertAsync(connection, transaction, statements.Items, item, ct);
                }
                await transaction.CommitAsync(ct);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"Saving the cart failed: {e.Message}", e);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        tracker.Clear();
        return true;
    }

    private static async Task<long> InsertAsync<T>(DbConnection connection, DbTransaction transaction, EntityWrites<T> writes, T entity, CancellationToken ct)
        where T : class, IVersioned, IEntity
    {
        await using var command = Command(connection, transaction, writes.InsertSql);
        writes.BindColumns(command, entity);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private static async Task UpdateAsync<T>(DbConnection connection, DbTransaction transaction, EntityWrites<T> writes, T entity, long originalVersion, CancellationToken ct)
        where T : class, IVersioned, IEntity
    {
        await using var command = Command(connection, transaction, writes.UpdateSql);
        writes.BindColumns(command, entity);
        writes.BindKey(command, entity, originalVersion);
        Expect(await command.ExecuteNonQueryAsync(ct), entity);
    }

    private static async Task DeleteAsync<T>(DbConnection connection, DbTransaction transaction, EntityWrites<T> writes, T entity, long originalVersion, CancellationToken ct)
        where T : class, IVersioned, IEntity
    {
        await using var command = Command(connection, transaction, writes.DeleteSql);
        writes.BindKey(command, entity, originalVersion);
        Expect(await command.ExecuteNonQueryAsync(ct), entity);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Expect<T>(int rows, T entity) where T : IEntity
    {
        if (rows != 1)
            throw new DbUpdateConcurrencyException($"{typeof(T).Name} {entity.Id} was changed or deleted by another writer since it was read.");
    }

    private sealed class Statements(IModel model)
    {
        public EntityWrites<Cart> Carts { get; } = new(model);
        public EntityWrites<CartItem> Items { get; } = new(model);
    }
}
