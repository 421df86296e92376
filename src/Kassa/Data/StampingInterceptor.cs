using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Kassa.Data;

/// <summary>
/// Bumps the version and stamps the times of every added or changed <see cref="IVersioned"/> row, so
/// no endpoint can forget to, and a concurrent writer holding the old version fails its save.
/// </summary>
public sealed class StampingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>The interceptor the context was built with.</summary>
    public static StampingInterceptor Of(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<StampingInterceptor>().SingleOrDefault()
        ?? throw new InvalidOperationException("The context was built without the StampingInterceptor.");

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Stamps what the context is about to save; for write paths that save without SaveChanges.</summary>
    public void Stamp(DbContext? context)
    {
        if (context is null) return;
        var now = Now;
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    Added(entry.Entity, now);
                    break;
                case EntityState.Modified:
                    Modified(entry.Entity, now);
                    break;
            }
        }
    }

    /// <summary>
    /// The time a save stamps now, to the millisecond: the API shows times to the millisecond (as the seeds do), and
    /// a created_at or updated_at read from an answer then equals the stored one, in filters too.
    /// </summary>
    public DateTime Now => StoredDates.ToMilliseconds(clock.GetUtcNow().UtcDateTime);

    /// <summary>Stamps a new row; for write paths that find their changes without the change tracker.</summary>
    public static void Added(IVersioned row, DateTime now)
    {
        row.CreatedAt = now;
        row.UpdatedAt = now;
        row.Version = 1;
    }

    /// <summary>Stamps a changed row: a writer still holding the old version fails its save.</summary>
    public static void Modified(IVersioned row, DateTime now)
    {
        row.UpdatedAt = now;
        row.Version++;
    }
}
