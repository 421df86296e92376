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
public static class FixedQueries
{
    /// <summary>
    /// Runs <paramref name="sql"/>: inside the context's transaction when there is one (a locked write
    /// reads what it locked); otherwise on SQLite on a kept-open read connection where the statement
    /// is already prepared; otherwise on the context's own connection.
    /// </summary>
    public static async Task<T> QueryAsync<T>(
        this KassaDbContext db, string sql, Action<DbCommand> bind, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null && db is SqliteKassaDbContext { ReadConnections: { } pool })
        {
            var connection = pool.Rent();
            try
            {
                var command = connection.Command(sql);
                bind(command);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await read(reader, ct);
            }
            finally
            {
                pool.Return(connection);
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
        if (track && db.Set<T>().Local.FindEntry(key) is { } entry) return entry.Entity;
        var statement = RowByKey<T>.For(db.Model);
        var row = await db.QueryAsync(statement.Sql, command => statement.Bind(command, key), statement.ReadAsync, ct);
        if (track && row is not null) db.Attach(row);
        return row;
    }

    private sealed class RowByKey<T> where T : class, new()
    {
        private static readonly ConditionalWeakTable<IModel, RowByKey<T>> Statements = new();
        private readonly EntityRows<T> _rows;
        private readonly RelationalTypeMapping _keyMapping;

        private RowByKey(IModel model)
        {
            _rows = new EntityRows<T>(model);
            var key = model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties.Single();
            _keyMapping = (RelationalTypeMapping)key.GetTypeMapping();
            Sql = $"SELECT {_rows.Select("t")} FROM \"{_rows.Table}\" AS t WHERE t.\"{key.GetColumnName()}\" = @key";
        }

        public static RowByKey<T> For(IModel model) => Statements.GetValue(model, m => new RowByKey<T>(m));

        public string Sql { get; }

        public void Bind(DbCommand command, object key) => command.Parameters.Add(_keyMapping.CreateParameter(command, "key", key));

        public async Task<T?> ReadAsync(DbDataReader reader, CancellationToken ct) =>
            await reader.ReadAsync(ct) ? _rows.Read(reader, 0) : null;
    }
}
