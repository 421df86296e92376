using Kassa.Tests.Infrastructure;

namespace Kassa.Tests.Data;

/// <summary>
/// A save inside a transaction takes no savepoint (<see cref="Kassa.Data.NoSavepointsInterceptor"/>): Kassa never goes on
/// after a failed save, so the savepoint would only cost round trips and page copies.
/// </summary>
public sealed class NoSavepointsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_transaction_turns_off_savepoints_also_on_a_pooled_context_handed_out_again()
    {
        _ = factory.Anonymous();
        // The second scope gets the pooled context back, reset to EF's defaults.
        for (var use = 0; use < 2; use++)
        {
            await using var scope = factory.Scope(out var db);
            Assert.True(db.Database.AutoSavepointsEnabled);
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.False(db.Database.AutoSavepointsEnabled);
            db.Products.Add(new Kassa.Catalog.Product { Name = $"Saved without a savepoint {use}", Price = 1m });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }
}
