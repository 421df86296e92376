using System.Text.Json;
using Kassa.Carts;
using Kassa.Data;
using Kassa.Http;
using Kassa.Idempotency;
using Kassa.Payments;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kassa.Ordering;

/// <summary>POST /carts/:uuid/checkout: the cart becomes an order and is closed.</summary>
public static class VoogCheckoutApi
{
    public static void MapVoogCheckout(this RouteGroupBuilder carts) =>
        carts.MapPost("/{uuid}/checkout", Checkout)
            .WithSummary("Check out a cart: returns the new order (anonymous; Idempotency-Key supported)")
            .Produces<VoogOrderResponse>();

    private static async Task<IResult> Checkout(
        string uuid, VoogCheckoutRequest? request, HttpContext http, KassaDbContext db, TimeProvider clock,
        PaymentGateways gateways, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var cartId = CartLoading.ParseCartId(uuid);
        var key = IdempotencyKey.From(http.Request, "voog-checkout", request);
        var now = clock.GetUtcNow().UtcDateTime;
        var baseUrl = PublicUrls.Base(http.Request);

        return await IdempotencyKey.RunOnceAsync(key, db, now, () => db.InLockedCartAsync(cartId, http.Request, async cart =>
        {

            var order = await OrderPlacement.PlaceAsync(db, gateways, cart, request?.GatewayCode, request?.PaymentMethod, request?.ReturnUrl, now, baseUrl, ct);
            await PaymentInitiation.EnsureStartedAsync(order, gateways, new PaymentStartContext(baseUrl, null, null), ct);
            // This checkout placed the order: the cart is done. A live order placed before (a repeated
            // checkout, or an Outshifter payment under way) is answered as it is and leaves the cart as it is,
            // so a cancelled Outshifter payment still frees the cart.
            if (db.Entry(order).State == Microsoft.EntityFrameworkCore.EntityState.Added) cart.Status = CartStatus.Closed;
            // Saved inside the cart's transaction so the answer (with the order's id) can be recorded with it.
            await db.SaveChangesAsync(ct);
            var response = order.ToVoog(baseUrl, gateways);
            if (key is not null) await key.CompleteAsync(db, StatusCodes.Status200OK, response, json.Value.SerializerOptions, ct);
            return (IResult)TypedResults.Ok(response);
        }, ct), ct);
    }
}
