using Kassa.Catalog;
using Kassa.Data;
using Kassa.Data.Sqlite;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kassa.Tests.Data;

/// <summary>
/// Every EF write on SQLite takes the app's write lock (<see cref="SqliteWriteLockInterceptor"/>): while another writer of
/// the process holds it, the write queues in the process (not in SQLite's busy handler), and it hands the lock on when done.
/// </summary>
public sealed class SqliteWriteLockTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    /// <summary>Each way EF writes, by name (a theory's data must be serializable).</summary>
    private static readonly Dictionary<string, Func<KassaDbContext, long, Task>> Writes = new()
    {
        ["SaveChanges"] = async (db, product) =>
        {
            (await db.Products.SingleAsync(p => p.Id == product)).Name = "Saved";
            await db.SaveChangesAsync();
        },
        ["ExecuteUpdate"] = (db, product) => db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Updated")),
        ["ExecuteSql"] = (db, product) => db.Database.ExecuteSqlAsync($"UPDATE products SET \"Name\" = 'Raw' WHERE \"Id\" = {product}"),
        ["a transaction"] = async (db, product) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // A SaveChanges inside the transaction runs on under the transaction's hold.
            (await db.Products.SingleAsync(p => p.Id == product)).Name = "In a transaction";
            await db.SaveChangesAsync();
            await db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 3));
            await transaction.CommitAsync();
        },
        ["a transaction left unfinished"] = async (db, product) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Rolled back"));
        },
    };

    public static TheoryData<string> WriteNames => [.. Writes.Keys];

    [SqliteTheory]
    [MemberData(nameof(WriteNames))]
    public async Task An_EF_write_waits_for_the_write_lock_in_the_process_and_hands_it_on(string write)
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        var writeLock = factory.Services.GetRequiredService<SqliteWriteLock>();

        Task writing;
        await using (factory.Scope(out var db))
        {
            using (await writeLock.EnterAsync(CancellationToken.None))
            {
                writing = Writes[write](db, product);
                await WaitUntilAsync(() => writeLock.Waiting == 1 || writing.IsCompleted);
                Assert.False(writing.IsCompleted, "the write went on while another writer held the lock");
            }
            await writing;
            Assert.False(writeLock.IsHeld, "the write kept the lock after it finished");
        }

        // And the lock is free for the next writer of the process.
        using (await writeLock.EnterAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token))
        {
        }
    }

    [SqliteFact]
    public async Task Reads_take_no_lock()
    {
        _ = factory.Anonymous();
        var product = await SeedProductAsync();
        var writeLock = factory.Services.GetRequiredService<SqliteWriteLock>();
        using (await writeLock.EnterAsync(CancellationToken.None))
        {
            await using var scope = factory.Scope(out var db);
            Assert.Equal("Locked", (await db.Products.AsNoTracking().SingleAsync(p => p.Id == product)).Name);
            Assert.Equal(0, writeLock.Waiting);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in 10 seconds.");
            await Task.Delay(5);
        }
    }

    private async Task<long> SeedProductAsync()
    {
        await using var scope = factory.Scope(out var db);
        var product = new Product { Name = "Locked", Price = 1m };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }
}
