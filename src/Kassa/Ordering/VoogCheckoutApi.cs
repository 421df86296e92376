using System.Text.Json;
using Kassa.Carts;
using Kassa.Carts.Voog;
using Kassa.Data;
using Kassa.Http;
using Kassa.Idempotency;
using Kassa.Payments;
using Kassa.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kassa.Ordering;

/// <summary>POST /carts/:uuid/checkout: the cart becomes an order and is closed.</summary>
public static class VoogCheckoutApi
{
    public static void MapVoogCheckout(this RouteGroupBuilder carts) =>
        carts.MapPost("/{uuid}/checkout", Checkout)
            .WithName("checkOutVoogCart")
            .WithSummary("Check out a cart: returns the new order (anonymous; Idempotency-Key supported)")
            .Produces<VoogOrderResponse>()
            .WithIfMatch().WithIdempotencyKey().WithProblems(StatusCodes.Status502BadGateway).RequireRateLimiting(ClientRateLimits.CheckoutCreation);

    private static async Task<IResult> Checkout(
        string uuid, VoogCheckoutRequest? request, HttpContext http, KassaDbContext db, TimeProvider clock,
        PaymentGateways gateways, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var cartId = CartLoading.ParseCartId(uuid);
        var key = IdempotencyKey.From(http.Request, "voog-checkout", request);
        var now = clock.GetUtcNow().UtcDateTime;
        // Read first: a bad include= or language_code is a 400 before anything is placed.
        var view = VoogCartView.From(http.Request);
        var baseUrl = view.BaseUrl;

        return await IdempotencyKey.RunOnceAsync(key, db, now, async () =>
        {
            // The order is placed and committed under the cart's lock; the provider is asked after, holding nothing.
            var (placed, placedNow) = await db.InLockedCartAsync(cartId, http.Request, async cart =>
            {
                var (order, placed) = await OrderPlacement.PlaceAsync(db, gateways, cart,
                    new OrderChoices(request?.GatewayCode, request?.PaymentMethod, request?.ReturnUrl), now, ct);
                // This checkout placed the order: the cart is done. A live order placed before (a repeated
                // checkout, or an Outshifter payment under way) is answered as it is and leaves the cart as it is,
                // so a cancelled Outshifter payment still frees the cart.
                if (placed) cart.Status = CartStatus.Closed;
                await db.SaveChangesAsync(ct);
                return (order, placed);
            }, ct);
            if (placedNow) db.OrderTelemetry.Placed(placed, Dialect.Voog);

            var order = await PaymentStart.EnsureStartedAsync(db, placed, gateways, new PaymentStartContext(baseUrl, null, null), ct);
            var response = order.ToVoog(view, gateways);
            if (key is not null)
                await key.CompleteAsync(db, StatusCodes.Status200OK, response, json.Value.SerializerOptions, ct);
            return (IResult)TypedResults.Ok(response);
        }, ct);
    }
}
