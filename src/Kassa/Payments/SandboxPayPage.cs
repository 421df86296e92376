using System.Net;
using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Payments;

/// <summary>
/// The sandbox provider's hosted pay page. Pay and Cancel send a signed webhook through
/// <see cref="PaymentWebhooks"/>, the path real providers use, then return the shopper to the shop.
/// </summary>
public static class SandboxPayPage
{
    public static void MapSandboxPayPage(this IEndpointRouteBuilder app)
    {
        var pay = app.MapGroup("/pay/sandbox").WithTags("Payments").ExcludeFromDescription();
        pay.MapGet("/{orderUuid:guid}", Show);
        pay.MapPost("/{orderUuid:guid}/{action:regex(^(pay|cancel)$)}", Act).DisableAntiforgery();
    }

    private static async Task<IResult> Show(Guid orderUuid, KassaDbContext db, PaymentGateways gateways, CancellationToken ct)
    {
        if (gateways.Find(SandboxPaymentProvider.Code) is null) throw new NotFoundException("Payment gateway", SandboxPaymentProvider.Code);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == SandboxPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var open = order.PaymentStatus == OrderPaymentStatus.Pending;
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sandbox payment {{E(order.Code)}}</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}</style>
            </head><body>
            <p><strong>Sandbox</strong> — a test payment; no money moves.</p>
            <h1>Order {{E(order.Code)}}</h1>
            <p id="amount">{{E(Pricing.Money.ToVoog(order.TotalAmount))}} {{E(order.Currency)}}</p>
            <p id="status">Payment: {{E(order.PaymentStatus)}}</p>
            {{(open ? $"""
            <form method="post" action="/pay/sandbox/{order.Uuid}/pay" style="display:inline"><button id="pay" type="submit">Pay</button></form>
            <form method="post" action="/pay/sandbox/{order.Uuid}/cancel" style="display:inline"><button id="cancel" type="submit">Cancel</button></form>
            """ : "")}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> Act(
        Guid orderUuid, string action, HttpRequest request, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        if (gateways.Find(SandboxPaymentProvider.Code) is not SandboxPaymentProvider sandbox)
            throw new NotFoundException("Payment gateway", SandboxPaymentProvider.Code);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == SandboxPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);

        var now = clock.GetUtcNow();
        var (body, signature) = sandbox.CreateEvent(orderUuid, action == "pay" ? "payment.paid" : "payment.cancelled", now);
        var headers = new HeaderDictionary { [SandboxPaymentProvider.SignatureHeader] = signature };
        await PaymentWebhooks.ProcessAsync(db, sandbox, headers, body, now, ct);

        // Where the shopper goes follows what the order is now, not the button: Pay on a stale page
        // for a cancelled order is no success.
        var paid = await db.Orders.AsNoTracking().Where(o => o.Uuid == orderUuid).Select(o => o.PaymentStatus).SingleAsync(ct) == OrderPaymentStatus.Paid;
        var target = paid ? order.SuccessUrl ?? order.ReturnUrl : order.CancelUrl ?? order.ReturnUrl;
        return target is null
            ? Results.Redirect($"/pay/sandbox/{orderUuid}", permanent: false, preserveMethod: false)
            : Results.Redirect(target);
    }
}
