using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Carts;

/// <summary>Reads a cart with everything pricing needs, in one query.</summary>
public static class CartLoading
{
    public static IQueryable<Cart> WithPricingFacts(this IQueryable<Cart> carts) => carts
        .Include(c => c.Items.OrderBy(i => i.Id)).ThenInclude(i => i.Product)
        .Include(c => c.Discount)
        .Include(c => c.ShippingMethod)
        .Include(c => c.Store)
        .AsSingleQuery();

    public static async Task<Cart> ReadCartAsync(this KassaDbContext db, Guid uuid, CancellationToken ct) =>
        await db.Carts.AsNoTracking().WithPricingFacts().SingleOrDefaultAsync(c => c.Uuid == uuid, ct)
        ?? throw new NotFoundException("Cart", uuid);

    /// <summary>Parses a cart id from a route; anything but a UUID is simply a cart that does not exist.</summary>
    public static Guid ParseCartId(string id) =>
        Guid.TryParse(id, out var uuid) ? uuid : throw new NotFoundException("Cart", id);
}
