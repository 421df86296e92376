using System.Text.Json;
using Kassa.Carts;
using Kassa.Catalog;
using Kassa.Data;
using Kassa.Data.Sqlite;
using Kassa.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kassa.Tests.Data;

/// <summary>
/// Cart-only writes are saved with fixed statements (<see cref="CartSaving"/>, <see cref="Kassa.Data.EntityWrites{T}"/>):
/// what they store must be exactly what SaveChanges stores, stamped and version-checked the same way, and work that
/// changed anything but the cart must be refused.
/// </summary>
public sealed class CartSavingTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    [Fact]
    public async Task A_new_cart_with_items_is_stored_as_SaveChanges_would_store_it()
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        Cart NewCart() => new()
        {
            Uuid = Guid.NewGuid(),
            Currency = "EUR",
            Customer = new CartCustomer("Ada", "ada@example.com", null, "et"),
            BillingAddress = new CartAddress("Ada", "Analytical OÜ", "EE100", "Main 1", null, "Tallinn", "10111", null, "EE", "+372 5555", "Ring twice"),
            Note = "Leave at the door",
            CustomFieldValues = new() { ["gift"] = true, ["message"] = "Happy birthday" },
            Items =
            [
                new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 2, Note = "red" },
                new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 1, PriceOverride = 3.333333m, TaxRateOverride = 9.5m },
            ],
        };

        var untracked = NewCart();
        await using (factory.Scope(out var db))
        {
            await db.SaveNewCartAsync(untracked, CancellationToken.None);
            Assert.Empty(db.ChangeTracker.Entries());
        }
        var byEf = NewCart();
        await using (factory.Scope(out var db))
        {
            db.Carts.Add(byEf);
            await db.SaveChangesAsync();
        }

        var storedByEf = await ReadAsync(byEf.Uuid);
        foreach (var cart in new[] { untracked })
        {
            Assert.True(cart.Id > 0);
            Assert.All(cart.Items, i => Assert.True(i.Id > 0 && i.CartId == cart.Id));
            var stored = await ReadAsync(cart.Uuid);
            Assert.Equal(1, stored.Version);
            Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
            Assert.Equal(Comparable(storedByEf), Comparable(stored));
            Assert.Equal(stored.Items.Select(i => i.Id), cart.Items.Select(i => i.Id));
        }
    }

    [Fact]
    public async Task Changes_found_by_comparing_with_the_snapshot_are_stored_and_stamped_as_SaveChanges_would()
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        var (saved, trackedAfter, stored, storedByEf) = await SaveBothWaysAsync(product, cart =>
        {
            cart.ShippingAddress = new CartAddress("Bo", null, null, "Side 2", null, "Tartu", "50050", null, "EE", null, null);
            cart.CustomFieldValues["gift"] = false;
            cart.Items[0].Quantity = 5;
            cart.Items.RemoveAt(1);
            cart.Items.Add(new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 3, Note = "new" });
        });

        Assert.Equal(0, trackedAfter);
        Assert.True(saved.Items[1].Id > 0);
        Assert.Equal(saved.Id, saved.Items[1].CartId);
        Assert.Equal(2, stored.Version);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.UpdatedAt);
        Assert.Equal([2, 1], stored.Items.Select(i => i.Version));
        Assert.Equal(Comparable(storedByEf), Comparable(stored));
    }

    /// <summary>One kind of change each, by name (a theory's data must be serializable).</summary>
    private static readonly Dictionary<string, Action<Cart, long>> Changes = new()
    {
        ["a line's quantity"] = (cart, _) => cart.Items[0].Quantity = 4,
        ["a line removed"] = (cart, _) => cart.Items.RemoveAt(0),
        ["a line added"] = (cart, product) => cart.Items.Add(new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 6 }),
        ["the cart's columns"] = (cart, _) =>
        {
            cart.FlatRateCountry = "EE";
            cart.GatewayCode = "sandbox";
            cart.PaymentMethod = "card";
            cart.TermsAgreement = true;
            cart.ReturnUrl = "https://shop.example.com/done";
            cart.CustomerSessionId = "session-2";
        },
    };

    public static TheoryData<string> ChangeNames => [.. Changes.Keys];

    [Theory]
    [MemberData(nameof(ChangeNames))]
    public async Task Each_kind_of_change_moves_the_cart_version_once_and_is_stored_as_SaveChanges_stores_it(string change)
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        var (_, _, stored, storedByEf) = await SaveBothWaysAsync(product, cart => Changes[change](cart, product));

        Assert.Equal(2, stored.Version);
        Assert.Equal(Comparable(storedByEf), Comparable(stored));
    }

    /// <summary>
    /// Makes one change to each of two new carts: saved through a snapshot on one (returned with how many entries its
    /// context tracked afterwards), through SaveChanges on the other; both also as stored.
    /// </summary>
    private async Task<(Cart Saved, int TrackedAfter, Cart Stored, Cart StoredByEf)> SaveBothWaysAsync(long product, Action<Cart> change)
    {
        var viaSnapshot = await SeedCartAsync(product);
        var viaEf = await SeedCartAsync(product);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        Cart saved;
        int trackedAfter;
        await using (factory.Scope(out var db))
        {
            saved = await db.ReadCartAsync(viaSnapshot, CancellationToken.None, shareCatalog: true);
            var snapshot = db.Snapshot(saved);
            change(saved);
            Assert.True(await db.SaveCartChangesAsync(snapshot, CancellationToken.None));
            trackedAfter = db.ChangeTracker.Entries().Count();
        }
        await using (factory.Scope(out var db))
        {
            var cart = await db.Carts.Include(c => c.Items.OrderBy(i => i.Id)).SingleAsync(c => c.Uuid == viaEf);
            var lines = cart.Items.ToList();
            change(cart);
            db.CartItems.RemoveRange(lines.Except(cart.Items));
            db.Entry(cart).Property(c => c.UpdatedAt).IsModified = true;
            await db.SaveChangesAsync();
        }
        return (saved, trackedAfter, await ReadAsync(viaSnapshot), await ReadAsync(viaEf));
    }

    [Fact]
    public async Task A_cart_change_that_another_writer_overtook_is_run_again_on_the_cart_as_that_writer_left_it()
    {
        var (_, uuid) = await SeedProductAndCartAsync();

        var runs = 0;
        await using (factory.Scope(out var db))
        {
            var request = new DefaultHttpContext().Request;
            await db.ChangeCartAsync(uuid, request, async cart =>
            {
                // The first run is overtaken between its read and its save: the save fails the version check.
                if (++runs == 1) await NoteByAnotherWriterAsync(uuid);
                cart.Items[0].Quantity += 10;
            }, CancellationToken.None);
        }

        Assert.Equal(2, runs);
        var stored = await ReadAsync(uuid);
        Assert.Equal("the other writer", stored.Note);
        Assert.Equal(11, stored.Items[0].Quantity);
        Assert.Equal(3, stored.Version);
    }

    [Fact]
    public async Task A_snapshot_compared_with_an_unchanged_cart_writes_nothing_and_one_changed_meanwhile_fails_the_version_check()
    {
        var (_, uuid) = await SeedProductAndCartAsync();

        await using var scope = factory.Scope(out var db);
        var cart = await db.ReadCartAsync(uuid, CancellationToken.None);
        var snapshot = db.Snapshot(cart);
        // Values set to what they already were are no change.
        cart.Note = null;
        cart.Items[0].Quantity = 1;
        cart.CustomFieldValues = new() { ["gift"] = true };
        Assert.False(await db.SaveCartChangesAsync(snapshot, CancellationToken.None));
        Assert.Equal(1, (await ReadAsync(uuid)).Version);

        // A value changed in place is a change: the column's value comparer decides, not the reference.
        cart.CustomFieldValues["gift"] = false;
        Assert.True(await db.SaveCartChangesAsync(snapshot, CancellationToken.None));
        Assert.Equal(2, (await ReadAsync(uuid)).Version);

        snapshot = db.Snapshot(cart);
        await NoteByAnotherWriterAsync(uuid);
        cart.Items[0].Quantity = 9;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveCartChangesAsync(snapshot, CancellationToken.None));
        var stored = await ReadAsync(uuid);
        Assert.Equal("the other writer", stored.Note);
        Assert.DoesNotContain(stored.Items, i => i.Quantity == 9);
    }

    [Fact]
    public async Task A_snapshot_save_refuses_work_that_changed_rows_through_the_context()
    {
        var (product, uuid) = await SeedProductAndCartAsync();

        await using var scope = factory.Scope(out var db);
        var cart = await db.ReadCartAsync(uuid, CancellationToken.None);
        var snapshot = db.Snapshot(cart);
        cart.Note = "changed";
        // It would not be saved with the cart: such work is tracked and saved with SaveChanges (InLockedCartAsync).
        (await db.Products.SingleAsync(p => p.Id == product)).Name = "Renamed";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveCartChangesAsync(snapshot, CancellationToken.None));
        Assert.Null((await ReadAsync(uuid)).Note);
    }

    [Fact]
    public async Task A_cart_changed_by_another_writer_since_it_was_read_is_a_concurrency_failure_and_nothing_is_saved()
    {
        var (product, uuid) = await SeedProductAndCartAsync();

        await using var scope = factory.Scope(out var db);
        var stale = await db.ReadCartAsync(uuid, CancellationToken.None);
        var snapshot = db.Snapshot(stale);
        await NoteByAnotherWriterAsync(uuid);

        stale.Note = "the stale writer";
        stale.Items[0].Quantity = 9;
        stale.Items.RemoveAt(1);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveCartChangesAsync(snapshot, CancellationToken.None));

        var stored = await ReadAsync(uuid);
        Assert.Equal("the other writer", stored.Note);
        Assert.DoesNotContain(stored.Items, i => i.Quantity == 9);
        Assert.Equal(2, stored.Items.Count);

        // The failed save rolled back: the next one (on SQLite the same kept-open connection) commits.
        await using (factory.Scope(out var next))
        {
            var fresh = await next.ReadCartAsync(uuid, CancellationToken.None);
            var freshSnapshot = next.Snapshot(fresh);
            fresh.Note = "after the failure";
            Assert.True(await next.SaveCartChangesAsync(freshSnapshot, CancellationToken.None));
        }
        Assert.Equal("after the failure", (await ReadAsync(uuid)).Note);
    }

    [SqliteFact]
    public async Task New_carts_saved_in_one_group_with_a_stale_write_are_stored_under_the_ids_they_were_given()
    {
        var (product, staleUuid) = await SeedProductAndCartAsync();
        await using var staleScope = factory.Scope(out var staleDb);
        var stale = await staleDb.ReadCartAsync(staleUuid, CancellationToken.None);
        var staleSnapshot = staleDb.Snapshot(stale);
        await NoteByAnotherWriterAsync(staleUuid);
        stale.Note = "the stale writer";

        // Queued behind the write lock, the saves commit as one group; the stale one fails in the middle of it, so the
        // group is rolled back and the others are written again: one commit for all of them.
        var writer = factory.Services.GetRequiredService<GroupCommitWriter>();
        var commitsBefore = writer.Commits;
        var scopes = new List<AsyncServiceScope>();
        var carts = new List<Cart>();
        var saves = new List<Task>();
        Task<bool> staleSave;
        using (await factory.Services.GetRequiredService<SqliteWriteLock>().EnterAsync(CancellationToken.None))
        {
            saves.Add(NewCart(1));
            staleSave = staleDb.SaveCartChangesAsync(staleSnapshot, CancellationToken.None);
            saves.Add(NewCart(2));
            saves.Add(NewCart(3));
        }

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => staleSave);
        await Task.WhenAll(saves);
        Assert.Equal(commitsBefore + 1, writer.Commits);
        foreach (var cart in carts)
        {
            var stored = await ReadAsync(cart.Uuid);
            Assert.Equal(stored.Id, cart.Id);
            var item = Assert.Single(stored.Items);
            Assert.Equal(item.Id, cart.Items[0].Id);
            Assert.Equal(stored.Id, cart.Items[0].CartId);
            Assert.Equal(item.Quantity, cart.Items[0].Quantity);
        }
        Assert.Equal("the other writer", (await ReadAsync(staleUuid)).Note);
        foreach (var scope in scopes) await scope.DisposeAsync();

        Task NewCart(int quantity)
        {
            scopes.Add(factory.Scope(out var db));
            var cart = new Cart
            {
                Uuid = Guid.NewGuid(),
                Currency = "EUR",
                Items = [new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = quantity }],
            };
            carts.Add(cart);
            return db.SaveNewCartAsync(cart, CancellationToken.None);
        }
    }

    private static string Comparable(Cart cart) => JsonSerializer.Serialize(new
    {
        cart.Currency, cart.Status, cart.CustomerSessionId, cart.Customer, cart.BillingAddress, cart.ShippingAddress, cart.Note,
        cart.DiscountId, cart.ShippingMethodId, cart.ShippingMethodOption, cart.FlatRateCountry, cart.PendingOrderId, cart.GatewayCode,
        cart.PaymentMethod, cart.ReturnUrl, cart.TermsAgreement, cart.CustomFieldValues,
        cart.Version, cart.CreatedAt, cart.UpdatedAt, cart.StoreId, cart.DeletedAt,
        Items = cart.Items.Select(i => new { i.ProductId, i.Quantity, i.Note, i.PriceOverride, i.TaxRateOverride, i.Version, i.CreatedAt, i.UpdatedAt }),
    }, Json);

    /// <summary>Another writer changes the cart (its note) after the test's context read it.</summary>
    private async Task NoteByAnotherWriterAsync(Guid uuid)
    {
        await using var scope = factory.Scope(out var other);
        (await other.Carts.SingleAsync(c => c.Uuid == uuid)).Note = "the other writer";
        await other.SaveChangesAsync();
    }

    private async Task<Cart> ReadAsync(Guid uuid)
    {
        await using var scope = factory.Scope(out var db);
        return await db.Carts.AsNoTracking().Include(c => c.Items.OrderBy(i => i.Id)).SingleAsync(c => c.Uuid == uuid);
    }

    private async Task<(long Product, Guid Cart)> SeedProductAndCartAsync()
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        return (product, await SeedCartAsync(product));
    }

    private async Task<long> SeedProductAsync()
    {
        await using var scope = factory.Scope(out var db);
        var product = new Product { Name = "Saved by hand", Price = 10.5m, Prices = new() { ["USD"] = 12.5m }, Stock = 7 };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    private async Task<Guid> SeedCartAsync(long product)
    {
        await using var scope = factory.Scope(out var db);
        var cart = new Cart
        {
            Uuid = Guid.NewGuid(),
            Currency = "EUR",
            CustomFieldValues = new() { ["gift"] = true },
            Items =
            [
                new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 1 },
                new CartItem { Uuid = Guid.NewGuid(), ProductId = product, Quantity = 2, PriceOverride = 3.5m },
            ],
        };
        db.Carts.Add(cart);
        await db.SaveChangesAsync();
        return cart.Uuid;
    }
}
