using Kassa.Carts;
using Kassa.Carts.Outshifter;
using Kassa.Data;
using Kassa.Http;
using Kassa.Idempotency;
using Kassa.Ordering;
using Kassa.Payments;
using Kassa.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Kassa.Validation;

namespace Kassa.Checkouts;

/// <summary>Outshifter's checkout under /api/checkout: anonymous, a checkout is reached by its id.</summary>
public static class CheckoutsApi
{
    public static void MapCheckoutsApi(this IEndpointRouteBuilder app)
    {
        var checkout = app.MapGroup("/api/checkout").WithTags("Outshifter: checkout");
        // A checkout is made for the cart named in the body: If-Match is checked against that cart, and a cart that is not there is a 404.
        checkout.MapPost("/", Create).WithName("createCheckout").WithSummary("Create a checkout for a cart (Idempotency-Key supported)")
            .Produces<CheckoutResponse>(StatusCodes.Status201Created)
            .Produces<CheckoutResponse>(StatusCodes.Status200OK)
            .WithIfMatch().WithIdempotencyKey().WithProblems(StatusCodes.Status404NotFound).RequireRateLimiting(ClientRateLimits.CheckoutCreation);
        checkout.MapGet("/payment-methods", PaymentMethods).WithName("listPaymentMethods").WithSummary("The payment methods the store offers");
        checkout.MapGet("/{id}", Get).WithName("getCheckout").WithSummary("Get checkout information by id");
        checkout.MapPatch("/{id}", Update).WithName("updateCheckout").WithSummary("Add or change contact, addresses, payment method and shipping rate")
            .WithIfMatch();
        checkout.MapDelete("/{id}", Delete).WithName("deleteCheckout").WithSummary("Delete a checkout by id").WithIfMatch();
        checkout.MapPatch("/{id}/payment", StartPayment).WithName("startCheckoutPayment")
            .WithSummary("Initiate the payment: creates the pending order (Idempotency-Key supported)")
            .Produces<CheckoutPaymentResponse>()
            .WithIfMatch().WithIdempotencyKey().WithProblems(StatusCodes.Status502BadGateway).RequireRateLimiting(ClientRateLimits.CheckoutCreation);
        checkout.MapGet("/{id}/payment", GetPayment).WithName("getCheckoutPayment").WithSummary("Get payment information by checkout id");
    }

    private static Ok<List<PaymentMethodResponse>> PaymentMethods(PaymentGateways gateways) =>
        TypedResults.Ok(gateways.ToResponses());

    private static async Task<IResult> Create(
        CreateCheckoutRequest request, HttpContext http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (request.CartId is null)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["cart_id"] = ["cart_id is required."] });
        var cartUuid = Guid.TryParse(request.CartId, out var parsed) ? parsed
            : throw new ValidationFailedException(new Dictionary<string, string[]> { ["cart_id"] = [$"There is no cart '{request.CartId}'."] });
        var key = IdempotencyKey.From(http.Request, "checkout-create", request);
        var now = clock.GetUtcNow().UtcDateTime;

        return await IdempotencyKey.RunOnceAsync(key, db, now, () => db.InLockedCartAsync(cartUuid, http.Request, async cart =>
        {
            if (cart.IsClosed) throw new ConflictException("The cart is closed: it has been checked out already.");

            var existing = await db.Checkouts.SingleOrDefaultAsync(c => c.CartId == cart.Id && c.Status == CheckoutStatus.Active, ct);
            var checkout = existing ?? new Checkout { Uuid = Guid.NewGuid(), CartId = cart.Id, Email = cart.Customer?.Email };
            if (existing is null)
            {
                db.Checkouts.Add(checkout);
                await db.SaveChangesAsync(ct);
            }
            var order = existing is null ? null : await OrderOfAsync(db, existing, ct);
            var response = checkout.ToResponse(cart, order, gateways, now);
            var status = existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK;
            if (key is not null) await key.CompleteAsync(db, status, response, json.Value.SerializerOptions, ct);
            http.Response.Headers.Location = $"{PublicUrls.Base(http.Request)}/api/checkout/{checkout.Uuid}";
            return Results.Json(response, json.Value.SerializerOptions, statusCode: status);
        }, ct), ct);
    }

    private static async Task<Ok<CheckoutResponse>> Get(string id, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        var (checkout, cartUuid) = await FindAsync(db, id, ct);
        var cart = await db.ReadCartAsync(cartUuid, ct);
        var order = await OrderOfAsync(db, checkout, ct);
        return TypedResults.Ok(checkout.ToResponse(cart, order, gateways, clock.GetUtcNow().UtcDateTime));
    }

    private static async Task<Ok<CheckoutResponse>> Update(
        string id, UpdateCheckoutRequest request, HttpContext http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        var (found, cartUuid) = await FindAsync(db, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Checkout checkout = null!;
        var cart = await db.InLockedCartAsync(cartUuid, http.Request, async cart =>
        {
            cart.EnsureOpen();
            checkout = await ReloadAsync(db, found, ct);
            if (checkout.Status != CheckoutStatus.Active) throw new ConflictException("The checkout is completed and can no longer be changed.");
            var editor = new CartEditor(db, cart, CartEditMode.Tracked, isAdmin: false, now, gateways);
            await CheckoutChanges.ApplyAsync(request, checkout, editor, gateways, ct);
            editor.ThrowIfInvalid();
            return cart;
        }, ct);
        // A checkout that can still change has no live order (its cart would be locked).
        return TypedResults.Ok(checkout.ToResponse(cart, null, gateways, now));
    }

    private static async Task<Ok<DeleteCheckoutResponse>> Delete(string id, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (found, cartUuid) = await FindAsync(db, id, ct);
        await db.InLockedCartAsync(cartUuid, http.Request, async cart =>
        {
            var checkout = await ReloadAsync(db, found, ct);
            if (cart.PendingOrderId is not null && cart.PendingOrderId == checkout.OrderId)
                throw new ConflictException("A payment for this checkout is in progress; it can be deleted once the payment is cancelled or expires.");
            checkout.DeletedAt = clock.GetUtcNow().UtcDateTime;
            return true;
        }, ct);
        return TypedResults.Ok(new DeleteCheckoutResponse($"Checkout {found.Uuid} was deleted.", true));
    }

    private static async Task<IResult> StartPayment(
        string id, CheckoutPaymentRequest request, HttpContext http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (found, cartUuid) = await FindAsync(db, id, ct);
        var key = IdempotencyKey.From(http.Request, "checkout-payment", request);
        var now = clock.GetUtcNow().UtcDateTime;
        var baseUrl = PublicUrls.Base(http.Request);

        return await IdempotencyKey.RunOnceAsync(key, db, now, async () =>
        {
            // The order is placed and committed under the cart's lock; the provider is asked after, holding nothing.
            var (placed, context, placedNow) = await db.InLockedCartAsync(cartUuid, http.Request, async cart =>
            {
                var checkout = await ReloadAsync(db, found, ct);
                // One live order per cart: a repeated or concurrent initiation gets the same order back.
                var live = await db.Orders.SingleOrDefaultAsync(o => o.LiveCartId == cart.Id, ct);
                var placedNow = false;
                if (live is null)
                {
                    if (cart.IsClosed || checkout.Status != CheckoutStatus.Active)
                        throw new ConflictException("The checkout is completed; its order is paid.");
                    var editor = new CartEditor(db, cart, CartEditMode.Tracked, isAdmin: false, now, gateways);
                    CheckoutChanges.ApplyPayment(request, checkout, editor);
                    var gateway = CheckoutChanges.ResolveGateway(checkout.PaymentMethod, gateways);
                    CheckoutChanges.CheckReadyToPay(checkout, cart, gateway, editor.Errors);
                    editor.ThrowIfInvalid();

                    (live, placedNow) = await OrderPlacement.PlaceAsync(db, gateways, cart,
                        new OrderChoices(gateway!.GatewayCode, gateway.MethodCodes[0], checkout.SuccessUrl, checkout.SuccessUrl, checkout.CancelUrl), now, ct);
                    await db.SaveChangesAsync(ct);
                    cart.PendingOrderId = live.Id;
                    checkout.OrderId = live.Id;
                }
                checkout.OrderId ??= live.Id;
                return (live, new PaymentStartContext(baseUrl, checkout.SuccessUrl, checkout.CancelUrl), placedNow);
            }, ct);
            if (placedNow) db.OrderTelemetry.Placed(placed, Dialect.Outshifter);

            var order = await PaymentStart.EnsureStartedAsync(db, placed, gateways, context, ct);

            var response = new CheckoutPaymentResponse(order.PaymentUrl, order.Id);
            if (key is not null)
                await key.CompleteAsync(db, StatusCodes.Status200OK, response, json.Value.SerializerOptions, ct);
            return (IResult)TypedResults.Ok(response);
        }, ct);
    }

    private static async Task<Ok<CheckoutPaymentInfoResponse>> GetPayment(string id, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (checkout, cartUuid) = await FindAsync(db, id, ct);
        var cart = await db.ReadCartAsync(cartUuid, ct);
        var order = await OrderOfAsync(db, checkout, ct);
        return TypedResults.Ok(new CheckoutPaymentInfoResponse(
            checkout.SuccessUrl, checkout.CancelUrl, checkout.PaymentMethod, checkout.Email,
            checkout.BillingAddress?.ToResponse(), checkout.ShippingAddress?.ToResponse(),
            order.SoldBy(cart, clock.GetUtcNow().UtcDateTime).ToOutshifterCart(cart),
            order?.Id, order?.PaymentStatus, order?.PaymentUrl));
    }

    private static async Task<Order?> OrderOfAsync(KassaDbContext db, Checkout checkout, CancellationToken ct) =>
        checkout.OrderId is { } orderId ? await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct) : null;

    /// <summary>The checkout again, inside the cart's lock: it may have been deleted since it was found.</summary>
    private static async Task<Checkout> ReloadAsync(KassaDbContext db, Checkout found, CancellationToken ct) =>
        await db.Checkouts.SingleOrDefaultAsync(c => c.Id == found.Id, ct) ?? throw new NotFoundException("Checkout", found.Uuid);

    private static async Task<(Checkout Checkout, Guid CartUuid)> FindAsync(KassaDbContext db, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var uuid)) throw new NotFoundException("Checkout", id);
        var found = await db.Checkouts.AsNoTracking().Where(c => c.Uuid == uuid)
            .Select(c => new { Checkout = c, CartUuid = c.Cart.Uuid }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Checkout", id);
        return (found.Checkout, found.CartUuid);
    }
}
