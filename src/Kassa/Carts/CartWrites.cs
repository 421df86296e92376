using Kassa.Data;
using Kassa.Http;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Carts;

/// <summary>
/// Every write to an existing cart runs in <see cref="InLockedCartAsync{T}"/>: one transaction that
/// locks the cart row, checks If-Match, does the work and bumps the version. Writers of one cart
/// queue on the lock instead of failing; a version conflict that still slips through is retried.
/// </summary>
public static class CartWrites
{
    private const int MaxAttempts = 8;

    /// <summary>
    /// Creates a cart in the store's currency, lets the dialect fill it (through a <see cref="CartEditor"/>,
    /// which throws on bad input before anything is saved), saves it and sets its ETag.
    /// </summary>
    public static async Task<Cart> CreateCartAsync(this KassaDbContext db, HttpResponse response, Func<Cart, Task> fill, CancellationToken ct)
    {
        var store = await db.GetStoreSettingsAsync(ct, track: true);
        var cart = new Cart { Uuid = Guid.NewGuid(), Currency = store.DefaultCurrency, Store = store };
        await fill(cart);
        db.Carts.Add(cart);
        using (await db.EnterWriteAsync(ct)) await db.SaveChangesAsync(ct);
        CartETag.Write(response, cart);
        return cart;
    }

    /// <summary>Changes an open cart; a closed cart is a 409.</summary>
    public static async Task<Cart> ChangeCartAsync(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task> change, CancellationToken ct) =>
        await db.InLockedCartAsync(uuid, request, async cart =>
        {
            if (cart.IsClosed)
                throw new ConflictException("The cart is closed: it has been checked out and can no longer be changed.");
            if (cart.PendingOrderId is not null)
                throw new ConflictException("A payment for this cart is in progress; the cart can change again if that payment is cancelled.");
            await change(cart);
            return cart;
        }, ct);

    /// <summary>
    /// Runs <paramref name="work"/> on the locked cart and commits. The cart's version is bumped
    /// whenever the work changed anything, so its ETag moves with every change.
    /// </summary>
    public static async Task<T> InLockedCartAsync<T>(
        this KassaDbContext db, Guid uuid, HttpRequest request, Func<Cart, Task<T>> work, CancellationToken ct)
    {
        var expected = CartETag.IfMatch(request);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            using var turn = await db.EnterCartWriteAsync(uuid, ct);
            // On SQLite the turn already keeps every other writer of this process out, so the cart is read
            // before the transaction, on a read connection where the statement is prepared; a writer in
            // another process is caught by the version check. PostgreSQL locks the row, then reads.
            var cart = db.Database.IsSqlite() ? await db.ReadCartAsync(uuid, ct) : null;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (cart is null)
            {
                await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM carts WHERE "Uuid" = {uuid} AND "DeletedAt" IS NULL FOR UPDATE""", ct);
                cart = await db.ReadCartAsync(uuid, ct);
            }
            // The cart and its items are tracked from here, as if EF had read them, so what the work changes is
            // saved under the version check. The catalog facts they point to stay untracked: a cart write
            // never changes them, and snapshotting them for change detection was a tenth of a write's time.
            db.Entry(cart).State = EntityState.Unchanged;
            foreach (var item in cart.Items) db.Entry(item).State = EntityState.Unchanged;
            if (expected is not null && !expected.Contains(CartETag.Of(cart)) && !expected.Contains("*"))
                throw new PreconditionFailedException(
                    $"The cart has changed since you read it (it is now {CartETag.Of(cart)}); read it again and retry.");

            var result = await work(cart);
            // The cart row changes with every write, so its version guards the items too.
            if (db.ChangeTracker.HasChanges())
                db.Entry(cart).Property(c => c.UpdatedAt).IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await transaction.RollbackAsync(ct);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }
}
