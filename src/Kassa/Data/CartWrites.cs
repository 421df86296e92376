using Kassa.Carts;
using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Data;

/// <summary>
/// Every write to an existing cart runs in the cart's turn: it reads the cart, checks If-Match, does the
/// work and saves it in one transaction that bumps the cart's version. Writers of one cart queue on the
/// turn instead of failing; a version conflict that still slips through (another process) is retried.
/// A change of the cart alone (<see cref="ChangeCartAsync"/>) is saved under the version check only;
/// work that also reads shared rows (<see cref="InLockedCartAsync{T}"/>) holds the database's lock throughout.
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
        var store = await db.GetSharedStoreSettingsAsync(ct);
        var cart = new Cart { Uuid = Guid.NewGuid(), Currency = store.DefaultCurrency, StoreId = store.Id, Store = store };
        await fill(cart);
        await db.SaveNewCartAsync(cart, ct);
        CartETag.Write(response, cart);
        return cart;
    }

    /// <summary>
    /// Changes an open cart. The change touches the cart and its lines only (through a
    /// <see cref="CartEditor"/>), so it is checked against the cart's version instead of a lock, and found by comparing
    /// with the cart as read instead of through EF's change tracker (<see cref="CartSaving.SaveCartChangesAsync"/>).
    /// </summary>
    public static Task<Cart> ChangeCartAsync(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task> change, CancellationToken ct) =>
        db.InCartTurnAsync(uuid, request, WhenOpen(change), CartWork.CartOnly, ct);

    /// <summary>
    /// Like <see cref="ChangeCartAsync"/>, for a change that also changes rows the context tracks (a checkout): the cart
    /// and its lines are tracked too, and everything is saved together.
    /// </summary>
    public static Task<Cart> ChangeCartTrackedAsync(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task> change, CancellationToken ct) =>
        db.InCartTurnAsync(uuid, request, WhenOpen(change), CartWork.Tracked, ct);

    /// <summary>The change, run only on an open cart: a closed cart or one with a payment in progress is a 409.</summary>
    private static Func<Cart, Task<Cart>> WhenOpen(Func<Cart, Task> change) => async cart =>
    {
        if (cart.IsClosed)
            throw new ConflictException("The cart is closed: it has been checked out and can no longer be changed.");
        if (cart.PendingOrderId is not null)
            throw new ConflictException("A payment for this cart is in progress; the cart can change again if that payment is cancelled.");
        await change(cart);
        return cart;
    };

    /// <summary>
    /// Runs <paramref name="work"/> on the cart while holding the database's write lock (SQLite's write turn,
    /// PostgreSQL's row lock) from the read to the commit: for work that reads and changes shared rows
    /// (stock, redemptions, order numbers) and must see them as they are when it commits.
    /// </summary>
    public static Task<T> InLockedCartAsync<T>(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task<T>> work, CancellationToken ct) =>
        db.InCartTurnAsync(uuid, request, work, CartWork.Locked, ct);

    /// <summary>How the work on a cart is saved.</summary>
    private enum CartWork
    {
        /// <summary>The cart and its lines only, compared with their snapshot and saved with fixed statements.</summary>
        CartOnly,

        /// <summary>The cart and its lines tracked by EF with whatever else the work tracks, saved under the version check.</summary>
        Tracked,

        /// <summary>Tracked, and the database's write lock held from the read to the commit.</summary>
        Locked,
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the cart and commits, in the cart's turn: writers of one cart in this
    /// process queue here and take over one after another. The cart's version is bumped whenever the work
    /// changed anything, so its ETag moves with every change, and a writer in another process that got in
    /// between fails the version check and is retried on the fresh cart.
    /// Unless the work is <see cref="CartWork.Locked"/>, it runs outside any transaction, and only the save takes
    /// SQLite's single write turn: so the turn lasts as long as the commit, not as long as the request.
    /// </summary>
    private static async Task<T> InCartTurnAsync<T>(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task<T>> work, CartWork mode, CancellationToken ct)
    {
        var expected = CartETag.IfMatch(request);
        var locked = mode == CartWork.Locked;
        using var cartTurn = await WriteTurns.EnterCartTurnAsync(uuid, ct);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            using var writeTurn = locked ? await db.EnterWriteAsync(ct) : default;
            // On SQLite the write turn already keeps every other writer of this process out, so even a locked
            // write reads the cart before its transaction, on a read connection where the statement is prepared.
            // PostgreSQL locks the row, then reads.
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
            if (mode == CartWork.CartOnly)
            {
                snapshot = db.Snapshot(cart);
            }
            else
            {
                // The cart and its items are tracked from here, as if EF had read them, so what the work changes is
                // saved under the version check. The catalog facts they point to stay untracked: a cart write
                // never changes them, and snapshotting them for change detection was a tenth of a write's time.
                db.Entry(cart).State = EntityState.Unchanged;
                foreach (var item in cart.Items) db.Entry(item).State = EntityState.Unchanged;
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
                // HasChanges detects the changes; the save below relies on that instead of detecting again.
                var changed = db.ChangeTracker.HasChanges();
                if (changed) db.Entry(cart).Property(c => c.UpdatedAt).IsModified = true;
                if (transaction is not null)
                {
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                }
                else if (changed)
                {
                    await db.SaveCartWriteAsync(ct);
                }
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

    /// <summary>
    /// Saves tracked changes outside any transaction of the caller, changes already detected: cart-only writes with fixed
    /// statements, anything else with SaveChanges in the database's write turn.
    /// </summary>
    private static async Task SaveCartWriteAsync(this KassaDbContext db, CancellationToken ct)
    {
        if (await db.TrySaveCartAsync(ct, changesDetected: true)) return;
        using var turn = await db.EnterWriteAsync(ct);
        await db.SaveChangesAsync(ct);
    }
}
