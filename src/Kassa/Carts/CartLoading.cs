using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Carts;

/// <summary>Reads a cart with everything pricing needs: its items' products, discount, shipping and settings.</summary>
public static class CartLoading
{
    /// <summary>
    /// One query on PostgreSQL. On SQLite the same single query joins a subquery that SQLite cannot
    /// flatten, so it scans every cart item in the database (docs/benchmarks.md); there the items come
    /// in a second, indexed query on the same in-process connection.
    /// </summary>
    public static IQueryable<Cart> WithPricingFacts(this IQueryable<Cart> carts, KassaDbContext db)
    {
        var query = carts
            .Include(c => c.Items.OrderBy(i => i.Id)).ThenInclude(i => i.Product)
            .Include(c => c.Discount)
            .Include(c => c.ShippingMethod)
            .Include(c => c.Store);
        return db.Database.IsSqlite() ? query.AsSplitQuery() : query.AsSingleQuery();
    }

    public static async Task<Cart> ReadCartAsync(this KassaDbContext db, Guid uuid, CancellationToken ct) =>
        await db.Carts.AsNoTracking().WithPricingFacts(db).SingleOrDefaultAsync(c => c.Uuid == uuid, ct)
        ?? throw new NotFoundException("Cart", uuid);

    /// <summary>Parses a cart id from a route; anything but a UUID is simply a cart that does not exist.</summary>
    public static Guid ParseCartId(string id) =>
        Guid.TryParse(id, out var uuid) ? uuid : throw new NotFoundException("Cart", id);
}
