using Kassa.Data;
using Kassa.Http;
using Kassa.Payments;
using Kassa.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kassa.Carts.Voog;

/// <summary>Voog Ecommerce v1 carts: the list is admin-only, a single cart is reached anonymously by its uuid.</summary>
public static class VoogCartsApi
{
    private static readonly QueryFilters<Cart> Filters = new QueryFilters<Cart>("cart")
        .Add("id", c => c.Id)
        .Add("uuid", c => c.Uuid)
        .Add("currency", c => c.Currency)
        .Add("note", c => c.Note)
        .Add("created_at", c => c.CreatedAt)
        .Add("updated_at", c => c.UpdatedAt)
        .Add("status", c => c.Status)
        .Add("shipping_method_id", c => c.ShippingMethodId)
        .Add("shipping_method_option", c => c.ShippingMethodOption)
        .Add("payment_method", c => c.PaymentMethod)
        .Add("gateway_code", c => c.GatewayCode)
        .Add("discount_code", c => c.Discount!.Code);

    public static RouteGroupBuilder MapVoogCartsApi(this RouteGroupBuilder voog)
    {
        var carts = voog.MapGroup("/carts").WithTags("Voog: carts").WithVoogView();
        carts.MapGet("/", List).RequireAdminKey().WithName("listVoogCarts").WithListQuery(Filters)
            .WithSummary("List carts (admin; paged; filter with q.cart.<attribute>.<operator>=value)");
        carts.MapPost("/", Create).WithName("createVoogCart").WithSummary("Create a cart (anonymous)").WithETag().WithOptionalAdminKey()
            .RequireRateLimiting(ClientRateLimits.CartCreation);
        carts.MapGet("/{uuid}", Get).WithName("getVoogCart").WithSummary("Get a cart by uuid (anonymous)").WithETag();
        carts.MapPut("/{uuid}", Update).WithName("updateVoogCart").WithSummary("Update a cart's attributes (anonymous; If-Match guards against lost updates)")
            .WithIfMatch().WithETag().WithOptionalAdminKey();
        return carts;
    }

    private static async Task<Ok<List<VoogCartResponse>>> List(HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var view = VoogCartView.From(http.Request);
        var paging = Paging.From(http.Request);
        var query = Filters.Apply(db.Carts.AsNoTracking(), http.Request);
        var total = await query.CountAsync(ct);
        var page = await query.OrderBy(c => c.Id).Skip(paging.Skip).Take(paging.PerPage).WithPricingFacts(db).ToListAsync(ct);
        await page.WithStorePricingRulesAsync(db, ct);
        paging.WriteHeaders(http, total);
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(page.Select(c => CartQuote.Of(c, now).ToVoog(view)).ToList());
    }

    private static async Task<CreatedAtRoute<VoogCartResponse>> Create(
        VoogCartRequest request, HttpContext http, KassaDbContext db, AdminKey admin, PaymentGateways gateways, TimeProvider clock,
        KassaMetrics metrics, CancellationToken ct)
    {
        var view = VoogCartView.From(http.Request);
        var now = clock.GetUtcNow().UtcDateTime;
        var isAdmin = admin.IsAdmin(http);
        var cart = await db.CreateCartAsync(http.Response, c => request.ApplyAsync(new CartEditor(db, c, CartEditMode.CartAlone, isAdmin, now, gateways), ct), ct);
        metrics.CartCreated(Dialect.Voog);
        return TypedResults.CreatedAtRoute(CartQuote.Of(cart, now).ToVoog(view), "getVoogCart", new { uuid = cart.Uuid });
    }

    private static async Task<Ok<VoogCartResponse>> Get(string uuid, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var view = VoogCartView.From(http.Request);
        var cart = await db.ReadCartAsync(CartLoading.ParseCartId(uuid), ct, shareCatalog: true);
        CartETag.Write(http.Response, cart);
        return TypedResults.Ok(CartQuote.Of(cart, clock.GetUtcNow().UtcDateTime).ToVoog(view));
    }

    private static async Task<Ok<VoogCartResponse>> Update(
        string uuid, VoogCartRequest request, HttpContext http, KassaDbContext db, AdminKey admin, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        var view = VoogCartView.From(http.Request);
        var now = clock.GetUtcNow().UtcDateTime;
        var isAdmin = admin.IsAdmin(http);
        var cart = await db.ChangeCartAsync(CartLoading.ParseCartId(uuid), http.Request,
            c => request.ApplyAsync(new CartEditor(db, c, CartEditMode.CartAlone, isAdmin, now, gateways), ct), ct);
        CartETag.Write(http.Response, cart);
        return TypedResults.Ok(CartQuote.Of(cart, now).ToVoog(view));
    }
}
