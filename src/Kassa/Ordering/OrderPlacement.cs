using Kassa.Carts;
using Kassa.Data;
using Kassa.Http;
using Kassa.Payments;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Ordering;

/// <summary>
/// Turns a locked cart into an order: checks it can be bought, takes the units from stock and
/// numbers the order, all in the caller's cart transaction. A cart that already has a live order
/// gets that order back, so repeating or racing a checkout never makes a second one. The payment is
/// started only after that transaction commits (<see cref="Payments.PaymentStart"/>).
/// </summary>
public static class OrderPlacement
{
    /// <returns>The cart's order, and whether this call placed it (false: the live order placed before).</returns>
    public static async Task<(Order Order, bool Placed)> PlaceAsync(
        KassaDbContext db, PaymentGateways gateways, Cart cart, OrderChoices choices, DateTime now, CancellationToken ct)
    {
        var live = await db.Orders.SingleOrDefaultAsync(o => o.LiveCartId == cart.Id, ct);
        if (live is not null) return (live, false);
        if (cart.IsClosed) throw new ConflictException("The cart is closed and has no open order.");

        var quote = CartQuote.Of(cart, now);
        var errors = new FieldErrors();
        var (gatewayCode, paymentMethod, returnUrl) = (choices.GatewayCode, choices.PaymentMethod, choices.ReturnUrl);
        var gateway = gatewayCode ?? cart.GatewayCode;
        // The cart's saved method only if it belongs to the gateway chosen now (a checkout may switch gateways).
        var method = paymentMethod
                     ?? (cart.PaymentMethod is { } saved && gateway is not null && gateways.IsMethodOf(gateway, saved) ? saved : null)
                     ?? gateways.Find(gateway)?.MethodCodes.FirstOrDefault()
                     ?? gateway;
        if (gateway is null) errors.Add("gateway_code", "Choose a payment gateway: " + string.Join(", ", gateways.GatewayCodes) + ".");
        else if (gateways.Mismatch(gateway, method) is { } mismatch) errors.Add(mismatch.OnGateway ? "gateway_code" : "payment_method", mismatch.Why);
        errors.AbsoluteUrl("return_url", returnUrl);
        if (quote.Items.Count == 0) errors.Add("items", "The cart is empty.");
        for (var i = 0; i < quote.Items.Count; i++)
        {
            var item = quote.Items[i];
            if (!item.Available)
                errors.Add($"items[{i}]", $"Product {item.Item.ProductId} ('{item.Item.Product.Name}') cannot be bought now (not for sale, not in {cart.Currency} or not enough stock).");
        }
        foreach (var (field, why) in quote.MissingForCheckout()) errors.Add(field, why);
        errors.ThrowIfAny();

        var reserved = await ReserveStockAsync(db, cart, ct);
        if (quote.AppliedDiscount is { } discount) await RedeemAsync(db, discount, ct);
        var number = await NextOrderNumberAsync(db, ct);

        var today = DateOnly.FromDateTime(now);
        var order = new Order
        {
            Uuid = Guid.NewGuid(),
            Number = number,
            CartId = cart.Id,
            CartUuid = cart.Uuid,
            LiveCartId = cart.Id,
            Currency = cart.Currency,
            TotalAmount = quote.Priced.TotalAmount,
            GatewayCode = gateway!,
            PaymentMethod = method!,
            ReturnUrl = returnUrl ?? cart.ReturnUrl,
            CustomerEmail = cart.Customer?.Email,
            DiscountId = quote.AppliedDiscount?.Id,
            ReservedStock = reserved,
            SuccessUrl = choices.SuccessUrl,
            CancelUrl = choices.CancelUrl,
            Snapshot = OrderSnapshot.Write(quote.ToOrderContent()),
            IssuedDate = today,
            ValueDate = today,
        };
        db.Orders.Add(order);
        cart.GatewayCode = gateway;
        cart.PaymentMethod = method;
        if (returnUrl is not null) cart.ReturnUrl = returnUrl;
        // Saved in the caller's transaction so the order has its id and times for its webhook event, which commits with it.
        await db.SaveChangesAsync(ct);
        await Webhooks.OrderEvents.RecordAsync(db, order, Webhooks.WebhookEvents.Create, ct);
        return (order, true);
    }

    /// <summary>
    /// The next order number. PostgreSQL: a sequence, so concurrent checkouts of different carts never queue
    /// on one row (a checkout rolled back after taking a number leaves a gap). SQLite: the counter in the
    /// store settings, gap-free; SQLite has one writer at a time anyway.
    /// </summary>
    private static async Task<long> NextOrderNumberAsync(KassaDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await db.Database.SqlQuery<long>($"SELECT nextval('order_numbers') AS \"Value\"").SingleAsync(ct);
        await db.StoreSettings.Where(s => s.Id == StoreSettings.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastOrderNumber, x => x.LastOrderNumber + 1), ct);
        return await db.StoreSettings.Where(s => s.Id == StoreSettings.SingletonId).Select(s => s.LastOrderNumber).SingleAsync(ct);
    }

    /// <summary>Takes each tracked product's units from stock; a product that runs out first is a 409.</summary>
    private static async Task<Dictionary<long, int>> ReserveStockAsync(KassaDbContext db, Cart cart, CancellationToken ct)
    {
        var reserved = new Dictionary<long, int>();
        // In product id order, so two orders taking the same products lock them in the same order
        // and never deadlock each other (PostgreSQL row locks).
        foreach (var group in cart.Items.Where(i => i.Product.Stock is not null).GroupBy(i => i.ProductId).OrderBy(g => g.Key))
        {
            var (productId, units) = (group.Key, cart.UnitsOf(group.Key));
            // The guard in the WHERE makes check and take one atomic step: stock never goes below zero.
            var taken = await db.Products
                .Where(p => p.Id == productId && p.Stock != null && p.Stock >= units)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock - units).SetProperty(p => p.Version, p => p.Version + 1), ct);
            if (taken == 0)
            {
                var name = group.First().Product.Name;
                throw new ConflictException(
                    $"Product {productId} ('{name}') sold out while you were checking out; fewer than {units} left.",
                    new Dictionary<string, string[]> { ["items"] = [$"Product {productId} ('{name}') has fewer than {units} in stock."] });
            }
            reserved[productId] = units;
        }
        return reserved;
    }

    /// <summary>
    /// Counts the discount's use when the order is placed (and gives it back if the order is
    /// cancelled), so the redemption limit holds however many shoppers check out at once.
    /// </summary>
    private static async Task RedeemAsync(KassaDbContext db, Discounts.Discount discount, CancellationToken ct)
    {
        var counted = await db.Discounts
            .Where(d => d.Id == discount.Id && (d.RedemptionLimit == null || d.RedemptionCount < d.RedemptionLimit))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RedemptionCount, d => d.RedemptionCount + 1), ct);
        if (counted == 0)
            throw new ConflictException(
                $"The discount code '{discount.Code}' reached its redemption limit while you were checking out; remove it and try again.",
                new Dictionary<string, string[]> { ["discount_code"] = ["The discount has reached its redemption limit."] });
    }

    /// <summary>Gives an order's reserved units back to stock (cancelled or expired payment).</summary>
    public static async Task ReleaseStockAsync(KassaDbContext db, Order order, CancellationToken ct)
    {
        foreach (var (productId, units) in order.ReservedStock.OrderBy(r => r.Key))
        {
            await db.Products.Where(p => p.Id == productId && p.Stock != null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + units).SetProperty(p => p.Version, p => p.Version + 1), ct);
        }
        order.ReservedStock = [];
    }
}

/// <summary>What the shopper chose for paying; null leaves the cart's own choice.</summary>
/// <param name="SuccessUrl">Where the provider sends the shopper after paying (Outshifter success_url).</param>
/// <param name="CancelUrl">Where the provider sends the shopper after cancelling (Outshifter cancel_url).</param>
public sealed record OrderChoices(string? GatewayCode, string? PaymentMethod, string? ReturnUrl, string? SuccessUrl = null, string? CancelUrl = null);
