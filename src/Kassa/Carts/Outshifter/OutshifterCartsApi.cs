using Kassa.Data;
using Kassa.Http;
using Kassa.Payments;
using Kassa.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Carts.Outshifter;

/// <summary>Outshifter's Cart API under /api/cart; anonymous, a cart is reached by its id.</summary>
public static class OutshifterCartsApi
{
    public static RouteGroupBuilder MapOutshifterCartsApi(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/api/cart").WithTags("Outshifter: cart");
        cart.MapPost("/", Create).WithName("createCart").WithSummary("Create a cart").WithETag().RequireRateLimiting(ClientRateLimits.CartCreation);
        cart.MapGet("/{id}", Get).WithName("getCart").WithSummary("Get cart information by id").WithETag();
        cart.MapDelete("/{id}", Delete).WithName("deleteCart").WithSummary("Delete a cart by id").WithIfMatch();
        cart.MapPost("/{id}/item/add", AddItems).WithName("addCartItems").WithSummary("Add one or more items to the cart")
            .WithIfMatch().WithETag().WithOptionalAdminKey();
        cart.MapPatch("/{id}/item/update/{itemId}", UpdateItem).WithName("updateCartItem").WithSummary("Update a cart item's quantity")
            .WithIfMatch().WithETag();
        cart.MapPatch("/{id}/item/delete/{itemId}", DeleteItem).WithName("removeCartItem").WithSummary("Remove an item from the cart")
            .WithIfMatch().WithETag();
        return cart;
    }

    private static async Task<CreatedAtRoute<OutshifterCartResponse>> Create(
        OutshifterCreateCartRequest request, HttpContext http, KassaDbContext db, TimeProvider clock, KassaMetrics metrics, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cart = await db.CreateCartAsync(http.Response, cart =>
        {
            var editor = new CartEditor(db, cart, CartEditMode.CartAlone, isAdmin: false, now, PaymentGateways.None);
            if (request.Currency is not null) editor.SetCurrency("currency", request.Currency);
            editor.Errors.Text("customer_session_id", request.CustomerSessionId, 200);
            cart.CustomerSessionId = request.CustomerSessionId;
            editor.ThrowIfInvalid();
            return Task.CompletedTask;
        }, ct);
        metrics.CartCreated(Dialect.Outshifter);
        return TypedResults.CreatedAtRoute(CartQuote.Of(cart, now).ToOutshifter(), "getCart", new { id = cart.Uuid });
    }

    private static async Task<Ok<OutshifterCartResponse>> Get(string id, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.ReadCartAsync(CartLoading.ParseCartId(id), ct, shareCatalog: true);
        CartETag.Write(http.Response, cart);
        return TypedResults.Ok(CartQuote.Of(cart, clock.GetUtcNow().UtcDateTime).ToOutshifter());
    }

    private static async Task<Ok<OutshifterMessage>> Delete(string id, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await db.ChangeCartAsync(CartLoading.ParseCartId(id), http.Request, cart =>
        {
            cart.DeletedAt = clock.GetUtcNow().UtcDateTime;
            return Task.CompletedTask;
        }, ct);
        return TypedResults.Ok(new OutshifterMessage("The cart was deleted successfully"));
    }

    private static async Task<Ok<OutshifterAddItemsResponse>> AddItems(
        string id, OutshifterAddItemsRequest request, HttpContext http, KassaDbContext db, AdminKey admin, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var isAdmin = admin.IsAdmin(http);
        var touched = new List<CartItem>();
        var cart = await db.ChangeCartAsync(CartLoading.ParseCartId(id), http.Request, async cart =>
        {
            touched.Clear();
            var editor = new CartEditor(db, cart, CartEditMode.CartAlone, isAdmin, now, PaymentGateways.None);
            var lines = request.LineItems ?? [];
            if (lines.Count == 0) editor.Errors.Add("line_items", "Send at least one line item.");
            if (lines.Count > CartLimits.MaxLines) editor.Errors.Add("line_items", $"At most {CartLimits.MaxLines} line items at once.");
            for (var i = 0; i < lines.Count; i++)
            {
                var field = $"line_items[{i}]";
                if (lines[i] is not { } line || line.ProductId is null)
                {
                    editor.Errors.Add($"{field}.product_id", "product_id is required.");
                    continue;
                }
                var priceData = line.PriceData is { } p ? new PriceData(p.UnitPrice, p.Tax, p.Currency) : null;
                var item = await editor.AddAsync(field, line.VariantId ?? line.ProductId.Value, line.Quantity ?? 1, null, priceData,
                    line.VariantId is null ? null : line.ProductId, ct);
                if (item is not null && !touched.Contains(item)) touched.Add(item);
            }
            editor.ThrowIfInvalid();
        }, ct);
        CartETag.Write(http.Response, cart);
        var quote = CartQuote.Of(cart, now);
        return TypedResults.Ok(new OutshifterAddItemsResponse(
            quote.Items.Where(q => touched.Contains(q.Item)).Select(q => q.ToOutshifter(cart.Currency)).ToList()));
    }

    private static async Task<Ok<OutshifterMessage>> UpdateItem(
        string id, string itemId, OutshifterUpdateItemRequest request, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cart = await db.ChangeCartAsync(CartLoading.ParseCartId(id), http.Request, cart =>
        {
            var editor = new CartEditor(db, cart, CartEditMode.CartAlone, isAdmin: false, now, PaymentGateways.None);
            var item = FindItem(cart, itemId);
            if (request.Qty is not { } qty) editor.Errors.Add("qty", "qty is required.");
            else editor.SetQuantity("qty", item, qty);
            editor.ThrowIfInvalid();
            return Task.CompletedTask;
        }, ct);
        CartETag.Write(http.Response, cart);
        return TypedResults.Ok(new OutshifterMessage("The item was updated successfully"));
    }

    private static async Task<Ok<OutshifterMessage>> DeleteItem(string id, string itemId, HttpContext http, KassaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cart = await db.ChangeCartAsync(CartLoading.ParseCartId(id), http.Request, cart =>
        {
            new CartEditor(db, cart, CartEditMode.CartAlone, isAdmin: false, now, PaymentGateways.None).Remove(FindItem(cart, itemId));
            return Task.CompletedTask;
        }, ct);
        CartETag.Write(http.Response, cart);
        return TypedResults.Ok(new OutshifterMessage("The item was removed successfully"));
    }

    /// <summary>An item by its Outshifter uuid, or by the numeric id the Voog dialect shows.</summary>
    private static CartItem FindItem(Cart cart, string itemId) =>
        (Guid.TryParse(itemId, out var uuid) ? cart.Items.FirstOrDefault(i => i.Uuid == uuid)
            : long.TryParse(itemId, out var numeric) ? cart.Items.FirstOrDefault(i => i.Id == numeric)
            : null)
        ?? throw new NotFoundException("Cart item", itemId);
}
