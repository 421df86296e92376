using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kassa.Data;

/// <summary>
/// Hand-written queries for the hottest reads, where EF's per-query work (expression trees, a new
/// command and, on SQLite, compiling the SQL again) cost more than the database did. The SQL is a
/// fixed text built once from the model (<see cref="EntityRows{T}"/>).
/// </summary>
public static class RowLookups
{
    /// <summary>
    /// Runs <paramref name="sql"/>: inside the context's transaction when there is one (a locked write
    /// reads what it locked); otherwise on SQLite on a kept-open read connection where the statement
    /// is already prepared; otherwise on the context's own connection. With <paramref name="oneSnapshot"/>
    /// the statements of <paramref name="sql"/> run in one SQLite read transaction and see one state of the
    /// database (a cart row and items of the same version). On PostgreSQL they go in one round trip and run
    /// back to back, each with its own READ COMMITTED snapshot; a transaction there would cost a second
    /// round trip on every cart read for a window of microseconds.
    /// </summary>
    public static async Task<T> QueryAsync<T>(
        this KassaDbContext db, string sql, Action<DbCommand> bind, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct,
        bool oneSnapshot = false)
    {
        if (db.Database.CurrentTransaction is null && db is SqliteKassaDbContext { ReadConnections: { } pool })
        {
            var connection = pool.Rent();
            try
            {
                // A read transaction also takes SQLite's WAL read lock once instead of once per statement.
                if (oneSnapshot) connection.BeginRead();
                var command = connection.Command(sql);
                bind(command);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await read(reader, ct);
            }
            finally
            {
                // A read transaction that cannot be ended (nor one that failed to begin) leaves a connection not to reuse.
                if (!oneSnapshot || connection.EndRead()) pool.Return(connection);
                else connection.Dispose();
            }
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await read(reader, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One row by its primary key, as <c>Find</c> would give it: with <paramref name="track"/> an entity
    /// the context already tracks is returned as it is, and a row read is attached unchanged.
    /// </summary>
    public static async Task<T?> FindRowAsync<T, TKey>(this KassaDbContext db, TKey key, CancellationToken ct, bool track = false)
        where T : class, new() where TKey : notnull
    {
        if (track && db.Tracked<T>(key) is { } tracked) return tracked;
        return await db.ReadRowAsync<T>(RowBy<T>.Key(db.Model), key, ct, track);
    }

    /// <summary>One row by its primary key as <see cref="CatalogCache"/> shares it with other requests: to read, never to change or attach.</summary>
    public static async Task<T?> FindSharedRowAsync<T, TKey>(this KassaDbContext db, TKey key, CancellationToken ct)
        where T : class, IVersioned, new() where TKey : notnull
    {
        var statement = RowBy<T>.Key(db.Model);
        // Inside a transaction the row could be at a version that is never committed: it is not shared then.
        var shared = db.Database.CurrentTransaction is null ? db.CatalogCache : null;
        return await db.QueryAsync(statement.Sql, command => statement.Bind(command, key), async (reader, token) =>
            await reader.ReadAsync(token) ? CatalogCache.Read(shared, statement.Rows, reader, 0) : null, ct);
    }

    /// <summary>
    /// The entity with this primary key if the context tracks one. Looked up in the identity map without detecting
    /// changes first (what <c>DbSet.Local</c> would do, across every tracked entity, on each call): keys do not change.
    /// </summary>
    public static T? Tracked<T>(this KassaDbContext db, object key) where T : class
    {
        using var pause = ChangeDetectionPause.Of(db.ChangeTracker);
        return db.Set<T>().Local.FindEntryUntyped([key])?.Entity;
    }

    /// <summary>
    /// One row by a column with a unique index (a discount's code), like <see cref="FindRowAsync{T,TKey}"/>;
    /// with <paramref name="track"/> the row read is attached unchanged.
    /// </summary>
    public static Task<T?> FindRowByAsync<T>(this KassaDbContext db, string property, object value, CancellationToken ct, bool track = false)
        where T : class, new() =>
        db.ReadRowAsync<T>(RowBy<T>.Unique(db.Model, property), value, ct, track);

    private static async Task<T?> ReadRowAsync<T>(this KassaDbContext db, RowBy<T> statement, object value, CancellationToken ct, bool track)
        where T : class, new()
    {
        var row = await db.QueryAsync(statement.Sql, command => statement.Bind(command, value), statement.ReadAsync, ct);
        if (track && row is not null)
        {
            // A row the context already tracks is the one to use: attaching a second instance would throw.
            if (db.Tracked<T>(statement.KeyOf(row)) is { } tracked) return tracked;
            db.Attach(row);
        }
        return row;
    }

    /// <summary>The statement that reads one row of <typeparamref name="T"/> by a key or unique column, built once per model.</summary>
    private sealed class RowBy<T> where T : class, new()
    {
        private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<string, RowBy<T>>> Statements = new();
        private readonly EntityRows<T> _rows;
        private readonly RelationalTypeMapping _mapping;
        private readonly IClrPropertyGetter _key;

        private RowBy(IModel model, IProperty property)
        {
            var entity = model.FindEntityType(typeof(T))!;
            // The fixed SQL does not apply EF's query filters (soft deletes), so it must not be used where there are any.
            if (entity.GetDeclaredQueryFilters().Count > 0)
                throw new InvalidOperationException($"{typeof(T).Name} has a query filter, which a row read by hand would skip.");
            _key = entity.FindPrimaryKey()!.Properties.Single().GetGetter();
            _rows = new EntityRows<T>(model);
            _mapping = (RelationalTypeMapping)property.GetTypeMapping();
            Sql = $"SELECT {_rows.Select("t")} FROM \"{_rows.Table}\" AS t WHERE t.\"{property.GetColumnName()}\" = @key";
        }

        public static RowBy<T> Key(IModel model) => For(model, "", entity => entity.FindPrimaryKey()!.Properties.Single());

        public static RowBy<T> Unique(IModel model, string property) => For(model, property, entity =>
        {
            var found = entity.FindProperty(property) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {property}.");
            if (!entity.GetIndexes().Any(i => i.IsUnique && i.GetFilter() is null && i.Properties.SequenceEqual([found])))
                throw new InvalidOperationException($"{typeof(T).Name}.{property} has no unique index; a row by it could be one of many.");
            return found;
        });

        private static RowBy<T> For(IModel model, string name, Func<IEntityType, IProperty> property) =>
            Statements.GetValue(model, _ => new ConcurrentDictionary<string, RowBy<T>>())
                .GetOrAdd(name, _ => new RowBy<T>(model, property(model.FindEntityType(typeof(T))!)));

        public string Sql { get; }

        public EntityRows<T> Rows => _rows;

        /// <summary>The primary key of a row this statement read.</summary>
        public object KeyOf(T row) => _key.GetClrValue(row)!;

        public void Bind(DbCommand command, object key) => command.Parameters.Add(_mapping.CreateParameter(command, "@key", key));

        public async Task<T?> ReadAsync(DbDataReader reader, CancellationToken ct) =>
            await reader.ReadAsync(ct) ? _rows.Read(reader, 0) : null;
    }
}
