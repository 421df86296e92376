using Kassa.Carts.Voog;
using Kassa.Data;
using Kassa.Http;
using Kassa.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Ordering;

/// <summary>Admin view of orders: list, read, and set payment or shipping status by hand.</summary>
public static class OrdersApi
{
    private static readonly QueryFilters<Order> Filters = new QueryFilters<Order>("order")
        .Add("id", o => o.Id)
        .Add("uuid", o => o.Uuid)
        .Add("number", o => o.Number)
        .Add("status", o => o.Status)
        .Add("payment_status", o => o.PaymentStatus)
        .Add("shipping_status", o => o.ShippingStatus)
        .Add("currency", o => o.Currency)
        .Add("total_amount", o => o.TotalAmount)
        .Add("gateway_code", o => o.GatewayCode)
        .Add("payment_method", o => o.PaymentMethod)
        .Add("created_at", o => o.CreatedAt)
        .Add("updated_at", o => o.UpdatedAt);

    public static void MapOrdersApi(this RouteGroupBuilder voog)
    {
        var orders = voog.MapGroup("/orders").WithTags("Voog: orders").RequireAdminKey().WithVoogView();
        orders.MapGet("/", List).WithName("listOrders").WithListQuery(Filters)
            .WithSummary("List orders (admin; paged; filter with q.order.<attribute>.<operator>=value)");
        orders.MapGet("/{id:long}", Get).WithName("getOrder").WithSummary("Get an order");
        orders.MapPut("/{id:long}", Update).WithName("updateOrder").WithProblems(StatusCodes.Status409Conflict)
            .WithSummary("Move an order's payment_status, status or shipping_status along the allowed transitions (docs/api.md); any other move is a 409");
    }

    private static async Task<Ok<List<VoogOrderResponse>>> List(HttpContext http, KassaDbContext db, PaymentGateways gateways, CancellationToken ct)
    {
        var paging = Paging.From(http.Request);
        var query = Filters.Apply(db.Orders.AsNoTracking(), http.Request);
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(o => o.Id).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(ct);
        paging.WriteHeaders(http, total);
        var view = VoogCartView.From(http.Request);
        return TypedResults.Ok(page.Select(o => o.ToVoog(view, gateways)).ToList());
    }

    private static async Task<Ok<VoogOrderResponse>> Get(long id, HttpContext http, KassaDbContext db, PaymentGateways gateways, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("Order", id);
        return TypedResults.Ok(order.ToVoog(VoogCartView.From(http.Request), gateways));
    }

    internal static async Task<Ok<VoogOrderResponse>> Update(
        long id, OrderUpdateRequest request, HttpContext http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.PaymentStatus.IsSet) errors.OneOf("payment_status", request.PaymentStatus.Value, OrderPaymentStatus.All);
        if (request.ShippingStatus.IsSet) errors.OneOf("shipping_status", request.ShippingStatus.Value, OrderShippingStatus.All);
        if (request.Status.IsSet) errors.OneOf("status", request.Status.Value, OrderStatus.All);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var order = await db.InLockedOrderAsync(id, OrderChangedBy.Admin, async found =>
        {
            var order = found ?? throw new NotFoundException("Order", id);
            if (request.PaymentStatus.IsSet) await OrderLifecycle.SetPaymentStatusAsync(db, order, request.PaymentStatus.Value, now, ct);
            if (request.Status.IsSet) await OrderLifecycle.SetStatusAsync(db, order, request.Status.Value, now, ct);
            if (request.ShippingStatus.IsSet) OrderLifecycle.SetShippingStatus(order, request.ShippingStatus.Value);
            return order;
        }, ct);
        return TypedResults.Ok(order.ToVoog(VoogCartView.From(http.Request), gateways));
    }
}
