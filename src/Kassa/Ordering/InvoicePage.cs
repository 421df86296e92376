using System.Net;
using System.Text;
using Kassa.Carts.Voog;
using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Ordering;

/// <summary>The order's invoice as a printable HTML page, at the order's <c>invoice_url</c>.</summary>
public static class InvoicePage
{
    public static void MapInvoicePage(this RouteGroupBuilder voog) =>
        voog.MapGet("/invoices/{uuid:guid}", Render).WithTags("Voog: orders").WithName("getInvoice").WithVoogView(include: false)
            .WithSummary("An order's invoice as printable HTML (reached by the order's random uuid)")
            .Produces<string>(contentType: "text/html");

    private static async Task<IResult> Render(Guid uuid, HttpContext http, KassaDbContext db, Payments.PaymentGateways gateways, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == uuid, ct)
                    ?? throw new NotFoundException("Invoice", uuid);
        var o = order.ToVoog(VoogCartView.From(http.Request), gateways);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Invoice {{E(o.Code)}}</title>
            <style>
              body { font: 14px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; }
              table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
              th, td { padding: .35rem .5rem; border-bottom: 1px solid #ddd; text-align: left; }
              td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
              @media print { body { margin: 0; } }
            </style></head><body>
            <h1>Invoice {{E(o.Code)}}</h1>
            <p>Issued {{E(o.IssuedDate)}} · Value date {{E(o.ValueDate)}} · Payment: {{E(o.PaymentStatus)}} ({{E(o.PaymentMethod)}})</p>
            """);
        if (o.Customer is { } c) html.Append($"<p><strong>{E(c.Name)}</strong><br>{E(c.Email)}<br>{E(c.Phone)}</p>");
        if (o.BillingAddress is { } b)
            html.Append($"<p>Billing: {E(b.Name)}, {E(b.Address1)} {E(b.Address2)}, {E(b.ZipCode)} {E(b.City)}, {E(b.CountryCode?.ToUpperInvariant())}</p>");
        html.Append("<table><thead><tr><th>Item</th><th class=n>Qty</th><th class=n>Net</th><th class=n>Tax %</th><th class=n>Tax</th><th class=n>Total</th></tr></thead><tbody>");
        foreach (var i in o.Items)
            html.Append($"<tr><td>{E(i.ProductName)}</td><td class=n>{i.Quantity}</td><td class=n>{E(i.SubtotalAmount)}</td><td class=n>{E(i.TaxRate)}</td><td class=n>{E(i.TaxAmount)}</td><td class=n>{E(i.Amount)}</td></tr>");
        if (o.ShippingMethod is { } s)
            html.Append($"<tr><td>Shipping: {E(s.Name)}{(s.Option is null ? "" : " – " + E(s.Option))}</td><td class=n>1</td><td class=n>{E(o.ShippingSubtotalAmount)}</td><td class=n>{E(o.ShippingTaxRate)}</td><td class=n>{E(o.ShippingTaxAmount)}</td><td class=n>{E(o.ShippingTotalAmount)}</td></tr>");
        html.Append("</tbody></table><table><tbody>");
        if (o.Discount is { } d) html.Append($"<tr><td>Discount {E(d.Code)}</td><td class=n>−{E(o.ItemsOriginalAmount)} → {E(o.ItemsSubtotalAmount)}</td></tr>");
        foreach (var t in o.TaxAmounts)
            html.Append($"<tr><td>Tax {E(t.TaxRate)} % on {E(t.SubtotalAmount)}</td><td class=n>{E(t.TaxAmount)}</td></tr>");
        html.Append($"<tr><th>Total ({E(o.Currency)})</th><th class=n>{E(o.TotalAmount)}</th></tr></tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
