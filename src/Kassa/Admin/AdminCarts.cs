using System.Globalization;
using Kassa.Carts;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>Open carts with their totals and age (priced now, as the cart API prices them), and a cart's page.</summary>
public static class AdminCarts
{
    private const int PerPage = 25;

    public static void MapAdminCarts(this LazyEndpoints pages)
    {
        pages.Get("/carts", List);
        pages.Get("/carts/{uuid:guid}", Show);
    }

    private static async Task<IResult> List(HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var query = db.Carts.AsNoTracking().Where(c => c.Status == CartStatus.Created && c.DeletedAt == null);
        var total = await query.CountAsync(ct);
        var page = int.TryParse(http.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var pager = new Pager(page, PerPage, total, n => n > 1 ? $"/admin/carts?page={n}" : "/admin/carts");
        var carts = await query.OrderByDescending(c => c.UpdatedAt).Skip(pager.Skip).Take(PerPage).WithPricingFacts(db).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = carts.Select(c =>
        {
            var quote = CartQuote.Of(c, now);
            return new TableRow($"/admin/carts/{c.Uuid}",
            [
                c.Uuid.ToString()[..8], c.Customer?.Email ?? "", c.Items.Sum(i => i.Quantity).ToString(CultureInfo.InvariantCulture),
                AdminWords.Money(quote.Priced.TotalAmount, quote.Priced.Currency), Age(now - c.CreatedAt), Age(now - c.UpdatedAt),
            ]);
        }).ToList();
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Open carts", ["Section"] = "Carts", ["Headers"] = new[] { "Cart", "Customer", "Units", "Total", "Age", "Last change" },
            ["Rows"] = rows, ["Pager"] = pager, ["Empty"] = "No cart is open.",
        });
    }

    private static async Task<IResult> Show(Guid uuid, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.Carts.AsNoTracking().Where(c => c.Uuid == uuid && c.DeletedAt == null).WithPricingFacts(db).SingleOrDefaultAsync(ct);
        if (cart is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        return AdminUi.Page<CartPage>(new() { ["Quote"] = CartQuote.Of(cart, now), ["Age"] = Age(now - cart.CreatedAt) });
    }

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays} d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
}
