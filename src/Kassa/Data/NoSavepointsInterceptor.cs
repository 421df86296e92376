using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kassa.Data;

/// <summary>
/// Turns off the savepoint EF takes before every SaveChanges inside a transaction of the caller. Kassa never goes on in
/// a transaction after a failed save (it is rolled back, and the work retried or answered with an error), so that
/// savepoint protected nothing, and it cost an extra statement and a round trip (its release) per save on PostgreSQL
/// and, on SQLite, a statement journal that every page a save changes is copied into first (docs/benchmarks.md).
/// Set when each transaction starts, since a pooled context is handed out again with EF's default.
/// </summary>
public sealed class NoSavepointsInterceptor : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        TurnOff(eventData);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        TurnOff(eventData);
        return ValueTask.FromResult(result);
    }

    private static void TurnOff(TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) context.Database.AutoSavepointsEnabled = false;
    }
}
