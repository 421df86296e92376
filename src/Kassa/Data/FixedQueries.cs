using System.Data.Common;
using Microsoft.EntityFrameworkCore;
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
}
