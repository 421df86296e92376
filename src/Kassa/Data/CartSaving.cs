using Kassa.Carts;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Settings;
using Kassa.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Kassa.Data.Sqlite;

namespace Kassa.Data;

/// <summary>
/// Saves a write that changed only a cart and its items with fixed statements (<see cref="EntityWrites{T}"/>)
/// in one transaction, instead of SaveChanges: EF's unit of work (command building, batching, its
/// transaction) was the largest single part of a cart write (docs/benchmarks.md). The rows are stamped
/// and version-checked exactly as SaveChanges would. A new cart (<see cref="SaveNewCartAsync"/>) and a change of the
/// cart alone (<see cref="SaveCartChangesAsync"/>, against a <see cref="Snapshot"/>) are not tracked at all; work that
/// changes other rows too (a checkout) is tracked and saved with SaveChanges (<see cref="CartWrites.InLockedCartAsync{T}"/>).
/// On SQLite the statements run on the kept-open write connection and commit in groups (<see cref="GroupCommitWriter"/>).
/// </summary>
public static class CartSaving
{
    private static readonly ConditionalWeakTable<IModel, Statements> ByModel = new();

    /// <summary>
    /// The cart and its lines as they are now, for <see cref="SaveCartChangesAsync"/>: a write of the cart alone finds what
    /// it changed by comparing with this, instead of attaching the cart and its lines to EF's change tracker and detecting
    /// changes there (attaching, snapshotting and detecting were an eighth of a cart write).
    /// </summary>
    internal static CartSnapshot Snapshot(this KassaDbContext db, Cart cart)
    {
        var statements = StatementsOf(db);
        var items = new List<(CartItem, long, object?[])>(cart.Items.Count);
        foreach (var item in cart.Items) items.Add((item, item.Version, statements.Items.Snapshot(item)));
        return new CartSnapshot(cart, cart.Version, statements.Carts.Snapshot(cart), items);
    }

    /// <summary>
    /// Saves what a write of the cart alone changed since <paramref name="snapshot"/>: the lines it removed, changed and
    /// added, and the cart row, whose version moves with every change and so guards its lines. Stamped and
    /// version-checked as SaveChanges would (a row changed meanwhile throws <see cref="DbUpdateConcurrencyException"/>).
    /// Returns false, writing nothing, when nothing changed. The work must not have changed anything through the
    /// context: that would not be saved here, so it throws.
    /// </summary>
    internal static async Task<bool> SaveCartChangesAsync(this KassaDbContext db, CartSnapshot snapshot, CancellationToken ct)
    {
        EnsureNothingElseChanged(db, "A change of the cart alone");
        var statements = StatementsOf(db);
        var cart = snapshot.Cart;
        var changes = new Changes(statements);
        var kept = new HashSet<CartItem>(cart.Items, ReferenceEqualityComparer.Instance);
        var read = new HashSet<CartItem>(ReferenceEqualityComparer.Instance);
        foreach (var (item, version, values) in snapshot.Items)
        {
            read.Add(item);
            if (!kept.Contains(item)) changes.DeletedItems.Add((item, version));
            else if (statements.Items.Changed(item, values)) changes.ChangedItems.Add((item, version));
        }
        foreach (var item in cart.Items.Where(i => !read.Contains(i)))
        {
            if (item.Id != 0) throw new InvalidOperationException($"Cart item {item.Id} was not read with the cart; a cart write adds new lines only.");
            changes.AddedItems.Add((item, cart));
        }
        if (changes.DeletedItems.Count + changes.ChangedItems.Count + changes.AddedItems.Count == 0 && !statements.Carts.Changed(cart, snapshot.Values))
            return false;

        var now = db.Stamps.Now;
        changes.ChangedCarts.Add((cart, snapshot.Version));
        StampingInterceptor.Modified(cart, now);
        foreach (var (item, _) in changes.ChangedItems) StampingInterceptor.Modified(item, now);
        foreach (var (item, _) in changes.AddedItems) StampingInterceptor.Added(item, now);
        await WriteChangesAsync(db, changes, ct);
        return true;
    }

    /// <summary>Saves a new cart and its lines, stamped as SaveChanges would; the cart and every line get their ids.</summary>
    public static async Task SaveNewCartAsync(this KassaDbContext db, Cart cart, CancellationToken ct)
    {
        EnsureNothingElseChanged(db, "Creating a cart");
        var changes = new Changes(StatementsOf(db));
        var now = db.Stamps.Now;
        changes.AddedCarts.Add(cart);
        StampingInterceptor.Added(cart, now);
        foreach (var item in cart.Items)
        {
            changes.AddedItems.Add((item, cart));
            StampingInterceptor.Added(item, now);
        }
        await WriteChangesAsync(db, changes, ct);
    }

    private static Statements StatementsOf(KassaDbContext db) => ByModel.GetValue(db.Model, model => new Statements(model));

    private static void EnsureNothingElseChanged(KassaDbContext db, string what)
    {
        if (db.ChangeTracker.HasChanges())
            throw new InvalidOperationException($"{what} changed rows through the context, which it does not save; such work saves with SaveChanges.");
    }

    /// <summary>Writes the changes in one transaction: on SQLite in the write connection's next group, elsewhere on the context's connection.</summary>
    private static async Task WriteChangesAsync(KassaDbContext db, Changes changes, CancellationToken ct)
    {
        try
        {
            if (db is SqliteKassaDbContext { Writer: { } writer })
                await writer.RunAsync(connection => WriteAsync(new OneByOneRunner(connection.Command, owned: false), changes, ct), ct);
            else
                await SaveOnContextConnectionAsync(db, changes, ct);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Saving the cart failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// PostgreSQL (and a context built without the app): on the context's connection, in a transaction; where the
    /// provider can batch (Npgsql), the statements go in one round trip instead of one each.
    /// </summary>
    private static async Task SaveOnContextConnectionAsync(KassaDbContext db, Changes changes, CancellationToken ct)
    {
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
        var statements = changes.Statements;
        foreach (var cart in changes.AddedCarts) run.Insert(statements.Carts, cart, id => cart.Id = id);
        await run.FlushAsync(ct);
        foreach (var (cart, original) in changes.ChangedCarts) run.Update(statements.Carts, cart, original);
        foreach (var (item, original) in changes.DeletedItems) run.Delete(statements.Items, item, original);
        foreach (var (item, original) in changes.ChangedItems) run.Update(statements.Items, item, original);
        foreach (var (item, owner) in changes.AddedItems)
        {
            if (owner is not null) item.CartId = owner.Id;
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

    /// <summary>What a cart write saves; a changed or removed row with the version it was read at.</summary>
    private sealed class Changes(Statements statements)
    {
        public Statements Statements { get; } = statements;
        public List<Cart> AddedCarts { get; } = [];
        public List<(Cart Cart, long Original)> ChangedCarts { get; } = [];
        public List<(CartItem Item, long Original)> DeletedItems { get; } = [];
        public List<(CartItem Item, long Original)> ChangedItems { get; } = [];
        /// <summary>New lines with the cart whose id they take (null: their cart id is set already).</summary>
        public List<(CartItem Item, Cart? Owner)> AddedItems { get; } = [];
    }

    private sealed class Statements(IModel model)
    {
        public EntityWrites<Cart> Carts { get; } = new(model);
        public EntityWrites<CartItem> Items { get; } = new(model);
    }
}
