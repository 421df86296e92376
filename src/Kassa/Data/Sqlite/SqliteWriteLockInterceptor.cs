using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kassa.Data.Sqlite;

/// <summary>
/// Takes the <see cref="SqliteWriteLock"/> for every write EF makes on SQLite, so that no code path has to remember it:
/// from the start of a transaction to its end, for a SaveChanges outside one, and for a statement that changes rows
/// outside one (ExecuteUpdate, ExecuteDelete, ExecuteSql). The context holds the lock at most once: a SaveChanges or a
/// statement inside a transaction that holds it runs on. A transaction disposed without a commit or rollback gives the
/// lock back when EF closes the connection it opened for it, at the context's next write, or when the context is disposed.
/// </summary>
public sealed class SqliteWriteLockInterceptor(SqliteWriteLock writeLock) : IDbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    // Transactions.

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Take(eventData.Context, Holder.Transaction);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(eventData.Context, Holder.Transaction, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Give(eventData.Context, Holder.Transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Given(eventData.Context, Holder.Transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Give(eventData.Context, Holder.Transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Given(eventData.Context, Holder.Transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Give(eventData.Context, Holder.Transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Given(eventData.Context, Holder.Transaction);

    // A transaction disposed unfinished (an exception, an early return) ends no other way: EF then closes the connection it
    // opened for it.

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Give(eventData.Context, Holder.Transaction);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => Given(eventData.Context, Holder.Transaction);

    // SaveChanges outside a transaction (EF's own transaction, if it starts one, runs inside this hold).

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Take(eventData.Context, Holder.Save);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(eventData.Context, Holder.Save, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Give(eventData.Context, Holder.Save);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Give(eventData.Context, Holder.Save);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Give(eventData.Context, Holder.Save);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) => Given(eventData.Context, Holder.Save);

    public void SaveChangesCanceled(DbContextEventData eventData) => Give(eventData.Context, Holder.Save);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) => Given(eventData.Context, Holder.Save);

    // A statement that changes rows outside a transaction; reads use readers and scalars and take nothing.

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Take(eventData.Context, Holder.Statement);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await TakeAsync(eventData.Context, Holder.Statement, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Give(eventData.Context, Holder.Statement);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Give(eventData.Context, Holder.Statement);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Give(eventData.Context, Holder.Statement);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Given(eventData.Context, Holder.Statement);

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Give(eventData.Context, Holder.Statement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        Given(eventData.Context, Holder.Statement);

    // The hold, kept on the context.

    private void Take(DbContext? context, Holder holder)
    {
        if (context is not SqliteKassaDbContext db || Holding(db)) return;
        db.WriteLockHold = (writeLock.Enter(), holder);
    }

    private async ValueTask TakeAsync(DbContext? context, Holder holder, CancellationToken ct)
    {
        if (context is not SqliteKassaDbContext db || Holding(db)) return;
        db.WriteLockHold = (await writeLock.EnterAsync(ct), holder);
    }

    /// <summary>True when the context holds the lock; a hold whose transaction is gone (disposed unfinished) is given back.</summary>
    private static bool Holding(SqliteKassaDbContext db)
    {
        if (db.WriteLockHold is not var (_, holder)) return false;
        if (holder != Holder.Transaction || db.Database.CurrentTransaction is not null) return true;
        db.ReleaseWriteLock();
        return false;
    }

    private static void Give(DbContext? context, Holder holder)
    {
        if (context is SqliteKassaDbContext { WriteLockHold: (_, var held) } db && held == holder) db.ReleaseWriteLock();
    }

    private static Task Given(DbContext? context, Holder holder)
    {
        Give(context, holder);
        return Task.CompletedTask;
    }

    /// <summary>What took the context's hold, and so what gives it back.</summary>
    public enum Holder
    {
        Transaction,
        Save,
        Statement,
    }
}
