using Kassa.Data;
using Kassa.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>The first page: today's orders (UTC) and what the paid ones brought in, per currency.</summary>
public static class AdminHome
{
    public static async Task<IResult> Show(KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var start = clock.GetUtcNow().UtcDateTime.Date;
        var end = start.AddDays(1);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end)
            .OrderByDescending(o => o.Id).ToListAsync(ct);
        var revenue = orders.Where(o => o.PaymentStatus == OrderPaymentStatus.Paid)
            .GroupBy(o => o.Currency).OrderBy(g => g.Key)
            .Select(g => (g.Key, AdminWords.Money(g.Sum(o => o.TotalAmount), g.Key).Split(' ')[0])).ToList();
        return AdminUi.Page<HomePage>(new() { ["Orders"] = orders, ["Revenue"] = revenue, ["Day"] = start.ToString("yyyy-MM-dd") });
    }
}
