using Kassa.Carts;
using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Data;

/// <summary>
/// Every write to an existing cart runs under the cart's lock (<see cref="CartLocks"/>): it reads the cart, checks If-Match,
/// does the work and saves it in one transaction that bumps the cart's version. Writers of one cart queue on the lock
/// instead of failing; a version conflict that still slips through (another process) is retried. There are two ways
/// to save: a change of the cart alone (<see cref="ChangeCartAsync"/>) is compared with its snapshot and saved with fixed
/// statements under the version check (<see cref="CartSaving"/>); work that also reads or changes other rows
/// (<see cref="InLockedCartAsync{T}"/>) runs in a transaction from the read to the commit, which on SQLite holds the write
/// lock (<see cref="Sqlite.SqliteWriteLockInterceptor"/>) and on PostgreSQL locks the cart's row.
/// </summary>
public static class CartWrites
{
    private const int MaxAttempts = 8;

    /// <summary>
    /// Creates a cart in the store's currency, lets the dialect fill it (through a <see cref="CartEditor"/>,
    /// which throws on bad input before anything is saved), saves it and sets its ETag. Nothing is tracked: the
    /// cart and its lines are inserted with fixed statements (<see cref="CartSaving.SaveNewCartAsync"/>).
    /// </summary>
    public static async Task<Cart> CreateCartAsync(this KassaDbContext db, HttpResponse response, Func<Cart, Task> fill, CancellationToken ct)
    {
        var (store, rules, rates) = await db.ReadStorePricingAsync(ct);
        var cart = new Cart { Uuid = Guid.NewGuid(), Currency = store.DefaultCurrency, StoreId = store.Id, Store = store, Rules = rules, TaxRates = rates };
        await fill(cart);
        await db.SaveNewCartAsync(cart, ct);
        CartETag.Write(response, cart);
        return cart;
    }

    /// <summary>
    /// Changes an open cart. The change touches the cart and its lines only (through a <see cref="CartEditor"/> made with
    /// <see cref="CartEditMode.CartAlone"/>), so it is checked against the cart's version instead of a lock, and found by
    /// comparing with the cart as read instead of through EF's change tracker (<see cref="CartSaving.SaveCartChangesAsync"/>).
    /// </summary>
    public static Task<Cart> ChangeCartAsync(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task> change, CancellationToken ct) =>
        db.UnderCartLockAsync(uuid, request, async cart =>
        {
            cart.EnsureOpen();
            await change(cart);
            return cart;
        }, locked: false, ct);

    /// <summary>
    /// Runs <paramref name="work"/> on the cart in a transaction from the read to the commit, with the cart and whatever
    /// the work reads tracked (a <see cref="CartEditor"/> made with <see cref="CartEditMode.Tracked"/>): for work that reads
    /// and changes other rows (a checkout, stock, redemptions, order numbers) and must see them as they are when it commits.
    /// </summary>
    public static Task<T> InLockedCartAsync<T>(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task<T>> work, CancellationToken ct) =>
        db.UnderCartLockAsync(uuid, request, work, locked: true, ct);

    /// <summary>
    /// Runs <paramref name="work"/> on the cart and commits, under the cart's lock. The cart's version is bumped whenever
    /// the work changed anything, so its ETag moves with every change, and a writer in another process that got in between
    /// fails the version check and is retried on the fresh cart. A change of the cart alone runs outside any transaction,
    /// and only its save takes SQLite's write lock: so the lock lasts as long as the commit, not as long as the request.
    /// </summary>
    private static async Task<T> UnderCartLockAsync<T>(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task<T>> work, bool locked, CancellationToken ct)
    {
        var expected = CartETag.IfMatch(request);
        var release = await db.CartLocks.EnterAsync(uuid, ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                // PostgreSQL locks the cart's row in the transaction, then reads it. SQLite reads it first, on a read connection
                // where the statement is prepared: the transaction's write lock keeps out every other writer of this process, and
                // a writer of another process that changes the cart in between fails the version check.
                var lockRow = locked && !db.Database.IsSqlite();
                // A change of the cart alone never changes the catalog rows it prices with, so it shares them (CatalogCache).
                var cart = lockRow ? null : await db.ReadCartAsync(uuid, ct, shareCatalog: !locked);
                await using var transaction = locked ? await db.Database.BeginTransactionAsync(ct) : null;
                if (cart is null)
                {
                    await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM carts WHERE "Uuid" = {uuid} AND "DeletedAt" IS NULL FOR UPDATE""", ct);
                    cart = await db.ReadCartAsync(uuid, ct);
                }
                CartSnapshot? snapshot = null;
                if (locked)
                {
                    // The cart and its items are tracked from here, as if EF had read them, so what the work changes is saved
                    // under the version check. The catalog facts they point to stay untracked: a cart write never changes
                    // them, and snapshotting them for change detection was a tenth of a write's time.
                    db.Entry(cart).State = EntityState.Unchanged;
                    foreach (var item in cart.Items) db.Entry(item).State = EntityState.Unchanged;
                }
                else
                {
                    snapshot = db.Snapshot(cart);
                }
                if (expected is not null && !expected.Contains(CartETag.Of(cart)) && !expected.Contains("*"))
                    throw new PreconditionFailedException(
                        $"The cart has changed since you read it (it is now {CartETag.Of(cart)}); read it again and retry.");

                var result = await work(cart);
                try
                {
                    if (snapshot is not null)
                    {
                        await db.SaveCartChangesAsync(snapshot, ct);
                        return result;
                    }
                    // The cart row changes with every write, so its version guards the items too.
                    if (db.ChangeTracker.HasChanges()) db.Entry(cart).Property(c => c.UpdatedAt).IsModified = true;
                    await db.SaveChangesAsync(ct);
                    await transaction!.CommitAsync(ct);
                    return result;
                }
                // A cart change writes the whole cart row it read, so a column the database changed meanwhile without a new
                // version (a deleted discount or shipping method is set to NULL by its foreign key) fails the save: read again.
                catch (DbUpdateException e) when (attempt < MaxAttempts && (e is DbUpdateConcurrencyException || !locked && e.IsConstraintViolation()))
                {
                    if (transaction is not null) await transaction.RollbackAsync(ct);
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                }
            }
        }
        finally
        {
            release();
        }
    }
}
