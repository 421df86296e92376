using System.Globalization;
using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Kassa.Payments;
using Kassa.Validation;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>What the orders list is filtered by; every part optional.</summary>
public sealed record OrderFilter(string? Text, string? Status, string? PaymentStatus, DateOnly? From, DateOnly? To)
{
    public static OrderFilter Read(HttpRequest request)
    {
        static string? Get(HttpRequest r, string k) => r.Query[k].ToString().Trim() is { Length: > 0 } v ? v : null;
        static DateOnly? Day(string? text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return new(Get(request, "q"), Get(request, "status"), Get(request, "payment_status"), Day(Get(request, "from")), Day(Get(request, "to")));
    }

    /// <summary>The query string of this filter on another page.</summary>
    public string Href(int page)
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (value is not null) parts.Add($"{key}={Uri.EscapeDataString(value)}"); }
        Add("q", Text);
        Add("status", Status);
        Add("payment_status", PaymentStatus);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (page > 1) parts.Add($"page={page}");
        return "/admin/orders" + (parts.Count > 0 ? "?" + string.Join('&', parts) : "");
    }

    public IQueryable<Order> Apply(IQueryable<Order> orders)
    {
        if (Status is not null) orders = orders.Where(o => o.Status == Status);
        if (PaymentStatus is not null) orders = orders.Where(o => o.PaymentStatus == PaymentStatus);
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            orders = orders.Where(o => o.CreatedAt >= start);
        }
        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            orders = orders.Where(o => o.CreatedAt < end);
        }
        if (Text is { } text)
        {
            // "#12" or "12" is the order's code; anything else is looked for in the e-mail and in the stored order (names, addresses).
            if (long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                orders = orders.Where(o => o.Number == number);
            else
            {
                var lower = text.ToLowerInvariant();
                orders = orders.Where(o => (o.CustomerEmail ?? "").ToLower().Contains(lower) || o.Snapshot.ToLower().Contains(lower));
            }
        }
        return orders;
    }
}

/// <summary>The orders list and an order's page with the moves the state table allows it now.</summary>
public static class AdminOrders
{
    private const int PerPage = 25;

    public static void MapAdminOrders(this LazyEndpoints pages)
    {
        pages.Get("/orders", List);
        pages.Get("/orders/{id:long}", Show);
        pages.Post("/orders/{id:long}/move", Move);
    }

    private static async Task<IResult> List(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var filter = OrderFilter.Read(http.Request);
        var query = filter.Apply(db.Orders.AsNoTracking());
        var total = await query.CountAsync(ct);
        var page = int.TryParse(http.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var pager = new Pager(page, PerPage, total, filter.Href);
        var orders = await query.OrderByDescending(o => o.Id).Skip(pager.Skip).Take(PerPage).ToListAsync(ct);
        var rows = orders.Select(o => new TableRow($"/admin/orders/{o.Id}",
        [
            o.Code, o.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), o.CustomerEmail ?? "",
            AdminWords.Of(o.Status), AdminWords.Of(o.PaymentStatus), AdminWords.Of(o.ShippingStatus), AdminWords.Money(o.TotalAmount, o.Currency),
        ])).ToList();
        return AdminUi.Page<OrdersPage>(new() { ["Filter"] = filter, ["Rows"] = rows, ["Pager"] = pager });
    }

    private static Task<IResult> Show(long id, HttpContext http, KassaDbContext db, CancellationToken ct) =>
        Render(id, http, db, AdminUi.Notice(http.Request), null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Render(long id, HttpContext http, KassaDbContext db, string? notice, string? problem, int status, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        var payments = await db.Set<PaymentEventRecord>().AsNoTracking().Where(e => e.OrderUuid == order.Uuid)
            .OrderBy(e => e.Id).ToListAsync(ct);
        return AdminUi.Page<OrderPage>(new()
        {
            ["Order"] = order,
            ["Content"] = OrderSnapshot.Read(order),
            ["Moves"] = OrderTransitions.Allowed(order).ToList(),
            ["Payments"] = payments,
            ["InvoiceUrl"] = $"{PublicUrls.VoogBase}/invoices/{order.Uuid}",
            ["Notice"] = notice,
            ["Problem"] = problem,
        }, status);
    }

    /// <summary>
    /// One move, made by the admin API's own handler (<see cref="OrdersApi.Update"/>): the table in
    /// <see cref="OrderTransitions"/> decides, so a move the page did not offer is refused here too (409).
    /// </summary>
    private static async Task<IResult> Move(long id, IFormCollection form, HttpContext http, KassaDbContext db, PaymentGateways gateways,
        TimeProvider clock, CancellationToken ct)
    {
        var to = form["to"].ToString();
        var request = form["field"].ToString() switch
        {
            OrderTransitions.StatusField => new OrderUpdateRequest(default, default, to),
            OrderTransitions.PaymentStatusField => new OrderUpdateRequest(to, default, default),
            OrderTransitions.ShippingStatusField => new OrderUpdateRequest(default, to, default),
            _ => null,
        };
        if (request is null)
            return await Render(id, http, db, null, "That change is not one an order can make.", StatusCodes.Status422UnprocessableEntity, ct);
        try
        {
            await OrdersApi.Update(id, request, http, db, gateways, clock, ct);
        }
        catch (DomainException refused) when (refused is not NotFoundException)
        {
            db.ChangeTracker.Clear();
            return await Render(id, http, db, null, $"Not changed: {refused.Message}", refused.Status, ct);
        }
        return AdminUi.SavedTo($"/admin/orders/{id}", "moved");
    }
}
