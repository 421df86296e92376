using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kassa.Carts;
using Kassa.Carts.Voog;
using Kassa.Data;
using Kassa.Http;
using Kassa.Ordering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

namespace Kassa.Payments;

/// <summary>
/// Klarna's endpoints: the Outshifter <c>POST /api/cart/{id}/init-payment-klarna</c> (a payment
/// session for a cart, for a storefront that embeds Klarna's widget itself), the authorization
/// callback that completes a Klarna order, and Kassa's hosted Klarna page.
/// </summary>
public static class KlarnaApi
{
    public static IServiceCollection AddKlarnaPayments(this IServiceCollection services)
    {
        services.AddHttpClient<KlarnaClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IPaymentProvider, KlarnaPaymentProvider>();
        return services;
    }

    public static void MapKlarnaApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cart/{id}/init-payment-klarna", InitPayment).WithTags("Outshifter: cart").WithName("initKlarnaPayment")
            .WithSummary("Create a Klarna payment session for the cart (for Klarna's widget)")
            .WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status502BadGateway).RequireRateLimiting(ClientRateLimits.CheckoutCreation)
            .RequireStorefrontCors();
        app.MapPost("/api/payments/klarna/{id}/authorize", Authorize).WithTags("Payments").WithName("authorizeKlarnaPayment")
            .WithSummary("Complete a Klarna payment: places the Klarna order with the widget's authorization_token")
            .WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status502BadGateway)
            .RequireStorefrontCors();

        var page = app.MapGroup("/pay/klarna").WithTags("Payments").ExcludeFromDescription();
        page.MapGet("/{orderUuid:guid}", Show);
        page.MapPost("/{orderUuid:guid}/cancel", Cancel).DisableAntiforgery();
    }

    /// <param name="PurchaseCountry">Overrides the country taken from the cart's address (ISO 3166 alpha-2).</param>
    /// <param name="Locale">Overrides the widget's locale, e.g. <c>sv-SE</c>.</param>
    public sealed record KlarnaInitRequest(string? PurchaseCountry, string? Locale);

    public sealed record KlarnaInitResponse(string SessionId, string ClientToken, List<KlarnaPaymentMethodCategory> PaymentMethodCategories);

    public sealed record KlarnaAuthorizeRequest([property: RequiredField] string? AuthorizationToken);

    /// <param name="OrderId">Kassa's order id (as in the checkout's <c>order_id</c>).</param>
    /// <param name="Result">What applying the result did: "applied", "duplicate", "pending" or why it was ignored.</param>
    /// <param name="RedirectUrl">Where to send the shopper now.</param>
    public sealed record KlarnaAuthorizeResponse(
        long OrderId, Guid OrderUuid, string Code, string PaymentStatus, string? KlarnaOrderId, string? FraudStatus, string Result, string? RedirectUrl);

    private static async Task<Ok<KlarnaInitResponse>> InitPayment(
        string id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] KlarnaInitRequest? request, HttpRequest http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock,
        IServiceProvider services, CancellationToken ct)
    {
        var cart = await db.ReadCartAsync(CartLoading.ParseCartId(id), ct);
        if (gateways.Find(KlarnaPaymentProvider.Code) is not KlarnaPaymentProvider klarna)
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["payment_method"] = ["Klarna is not offered by this store (Kassa__Payments__Klarna__Username and __Password are not set)."],
            }, "Klarna is not configured.");
        if (cart.IsClosed) throw new ConflictException("The cart is closed: it has been checked out already.");

        var errors = new FieldErrors();
        var country = request?.PurchaseCountry is { } c ? errors.CountryCode("purchase_country", c) : null;
        if (request?.Locale is { } locale && !IsLocale(locale))
            errors.Add("locale", $"'{locale}' is not a locale like 'sv-SE' or 'en-GB'.");
        errors.ThrowIfAny();

        var quote = CartQuote.Of(cart, clock.GetUtcNow().UtcDateTime);
        var baseUrl = PublicUrls.Base(http);
        var data = KlarnaOrders.From(quote.ToOrderContent(), klarna.Settings, cart.Customer?.Email, country, request?.Locale) with
        {
            MerchantReference2 = cart.Uuid.ToString(),
        };
        var session = await services.GetRequiredService<KlarnaClient>().CreateSessionAsync(data, ct);
        if (session.SessionId is not { Length: > 0 } || session.ClientToken is not { Length: > 0 })
            throw new PaymentProviderException("Klarna", "Klarna answered without a session id or client token.", refused: false);
        return TypedResults.Ok(new KlarnaInitResponse(session.SessionId, session.ClientToken, session.PaymentMethodCategories ?? []));
    }

    private static async Task<Ok<KlarnaAuthorizeResponse>> Authorize(
        string id, KlarnaAuthorizeRequest request, HttpRequest http, KassaDbContext db, PaymentGateways gateways, TimeProvider clock,
        IServiceProvider services, CancellationToken ct)
    {
        var klarna = gateways.Find(KlarnaPaymentProvider.Code) as KlarnaPaymentProvider
                     ?? throw new NotFoundException("Payment gateway", KlarnaPaymentProvider.Code);
        var order = await FindOrderAsync(db, id, ct);
        var token = request.AuthorizationToken?.Trim();
        if (token is not { Length: > 0 and <= 500 })
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["authorization_token"] = ["Send the authorization_token Klarna's widget gave (Klarna.Payments.authorize)."],
            });

        // Already paid: a repeat of the same completion answers the same, without asking Klarna again.
        if (order.PaymentStatus == OrderPaymentStatus.Paid)
            return TypedResults.Ok(Answer(order, null, "duplicate", order.SuccessUrl ?? order.ReturnUrl));
        if (order.PaymentStatus != OrderPaymentStatus.Pending || order.Status == OrderStatus.Cancelled)
            throw new ConflictException($"Order {order.Code} is {order.PaymentStatus}; it can no longer be paid. Check out the cart again.");

        var client = services.GetRequiredService<KlarnaClient>();
        var placed = await db.PaymentTelemetry.CallAsync(KlarnaPaymentProvider.Code, "place_order", order,
            () => client.PlaceOrderAsync(token, klarna.OrderData(order, PublicUrls.Base(http)), IdempotencyKey(order.Uuid, token), ct), ct);
        if (placed.OrderId is not { Length: > 0 } klarnaOrderId)
            throw new PaymentProviderException("Klarna", "Klarna placed the order but answered without an order id.", refused: false);

        // Keep Klarna's order id on the order: it is what captures and refunds refer to.
        await db.Orders.Where(o => o.Id == order.Id && o.PaymentReference != klarnaOrderId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentReference, klarnaOrderId).SetProperty(o => o.Version, o => o.Version + 1), ct);

        var outcome = placed.FraudStatus?.ToUpperInvariant() switch
        {
            "PENDING" => null, // Klarna is still reviewing; the order stays pending (see docs/payments.md).
            "REJECTED" => OrderPaymentStatus.Cancelled,
            _ => OrderPaymentStatus.Paid,
        };
        var now = clock.GetUtcNow();
        var result = outcome is null
            ? "pending"
            : await PaymentWebhooks.ApplyAsync(db, KlarnaPaymentProvider.Code, new PaymentEvent($"order:{klarnaOrderId}", order.Uuid, outcome), now, ct);

        var current = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id, ct);
        if (outcome == OrderPaymentStatus.Paid && current.PaymentStatus != OrderPaymentStatus.Paid)
        {
            // The order ended (cancelled) while the shopper was authorizing: give the authorization back.
            try
            {
                await client.CancelOrderAsync(klarnaOrderId, ct);
            }
            catch (PaymentProviderException)
            {
                // Best effort; the Klarna order can still be cancelled in Klarna's portal.
            }
            throw new ConflictException($"Order {current.Code} was {current.PaymentStatus} before Klarna confirmed the payment; the Klarna order {klarnaOrderId} was cancelled.");
        }
        var redirect = current.PaymentStatus == OrderPaymentStatus.Paid || outcome is null
            ? placed.RedirectUrl ?? current.SuccessUrl ?? current.ReturnUrl
            : current.CancelUrl ?? current.ReturnUrl;
        return TypedResults.Ok(Answer(current, placed, result, redirect));
    }

    private static KlarnaAuthorizeResponse Answer(Order order, KlarnaPlacedOrder? placed, string result, string? redirect) =>
        new(order.Id, order.Uuid, order.Code, order.PaymentStatus, placed?.OrderId ?? order.PaymentReference, placed?.FraudStatus, result, redirect);

    /// <summary>The order by its uuid, or by the Outshifter checkout id that created it.</summary>
    private static async Task<Order> FindOrderAsync(KassaDbContext db, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var uuid)) throw new NotFoundException("Order", id);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == uuid, ct);
        if (order is null && await db.Checkouts.AsNoTracking().Where(c => c.Uuid == uuid).Select(c => c.OrderId).SingleOrDefaultAsync(ct) is { } orderId)
            order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.GatewayCode != KlarnaPaymentProvider.Code) throw new NotFoundException("Klarna payment", id);
        return order;
    }

    /// <summary>One Klarna order per (Kassa order, authorization): a retried placement gets the same order back.</summary>
    private static string IdempotencyKey(Guid orderUuid, string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{orderUuid:N}|{token}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static bool IsLocale(string value) =>
        value.Length == 5 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]) && value[2] == '-' &&
        char.IsAsciiLetterUpper(value[3]) && char.IsAsciiLetterUpper(value[4]);

    private static async Task<IResult> Show(
        Guid orderUuid, HttpResponse response, KassaDbContext db, PaymentGateways gateways, IServiceProvider services, CancellationToken ct)
    {
        if (gateways.Find(KlarnaPaymentProvider.Code) is null) throw new NotFoundException("Payment gateway", KlarnaPaymentProvider.Code);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == KlarnaPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);
        var open = order.PaymentStatus == OrderPaymentStatus.Pending && order.Status != OrderStatus.Cancelled;

        KlarnaSession? session = null;
        string? problem = null;
        if (open && order.PaymentReference is { } sessionId)
        {
            try
            {
                session = await services.GetRequiredService<KlarnaClient>().ReadSessionAsync(sessionId, ct);
            }
            catch (PaymentProviderException e)
            {
                problem = e.Message;
            }
        }
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        // Klarna's library loads more of itself and its frames from several Klarna hosts: only the page's own two scripts
        // are named (by a nonce), and what they load is trusted through 'strict-dynamic'.
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        response.Headers.ContentSecurityPolicy =
            $"script-src 'nonce-{nonce}' 'strict-dynamic' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        var categories = session?.PaymentMethodCategories ?? [];
        var widget = open && session?.ClientToken is { Length: > 0 } token
            ? $$"""
              <div id="categories">{{string.Concat(categories.Select((c, i) => $"""<label><input type="radio" name="category" value="{E(c.Identifier)}"{(i == 0 ? " checked" : "")}> {E(c.Name ?? c.Identifier)}</label> """))}}</div>
              <div id="klarna-payments-container"></div>
              <p id="message" role="alert"></p>
              <button id="pay" type="button">Pay with Klarna</button>
              <script nonce="{{nonce}}">
              (function () {
                var token = {{JsonSerializer.Serialize(token)}};
                var authorizeUrl = {{JsonSerializer.Serialize($"/api/payments/klarna/{order.Uuid}/authorize")}};
                var message = document.getElementById('message');
                function category() { var c = document.querySelector('input[name=category]:checked'); return c ? c.value : 'pay_later'; }
                function load() { Klarna.Payments.load({ container: '#klarna-payments-container', payment_method_category: category() }, function () {}); }
                window.klarnaAsyncCallback = function () {
                  Klarna.Payments.init({ client_token: token });
                  load();
                  document.querySelectorAll('input[name=category]').forEach(function (r) { r.addEventListener('change', load); });
                };
                document.getElementById('pay').addEventListener('click', function () {
                  Klarna.Payments.authorize({ payment_method_category: category() }, {}, function (res) {
                    if (!res.approved || !res.authorization_token) { message.textContent = 'The payment was not approved.'; return; }
                    fetch(authorizeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ authorization_token: res.authorization_token }) })
                      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
                      .then(function (a) {
                        if (a.ok && a.body.redirect_url) location.href = a.body.redirect_url;
                        else if (a.ok) location.reload();
                        else message.textContent = a.body.detail || 'The payment failed.';
                      });
                  });
                });
              })();
              </script>
              <script nonce="{{nonce}}" src="https://x.klarnacdn.net/kp/lib/v1/api.js" async></script>
              """
            : "";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Pay order {{E(order.Code)}} with Klarna</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto}button{font-size:1rem;padding:.5rem 1.25rem;margin:.5rem .5rem 0 0}label{margin-right:1rem}</style>
            </head><body>
            <h1>Order {{E(order.Code)}}</h1>
            <p id="amount">{{E(Pricing.Money.ToVoog(order.TotalAmount))}} {{E(order.Currency)}}</p>
            <p id="status">Payment: {{E(order.PaymentStatus)}}</p>
            {{(problem is null ? "" : $"<p id=\"problem\">{E(problem)}</p>")}}
            {{widget}}
            {{(open ? $"""<form method="post" action="/pay/klarna/{order.Uuid}/cancel"><button id="cancel" type="submit">Cancel</button></form>""" : "")}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The shopper gives up: the order is cancelled (stock released) and the shopper goes back to the shop.</summary>
    private static async Task<IResult> Cancel(Guid orderUuid, KassaDbContext db, PaymentGateways gateways, TimeProvider clock, CancellationToken ct)
    {
        if (gateways.Find(KlarnaPaymentProvider.Code) is null) throw new NotFoundException("Payment gateway", KlarnaPaymentProvider.Code);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Uuid == orderUuid && o.GatewayCode == KlarnaPaymentProvider.Code, ct)
                    ?? throw new NotFoundException("Payment", orderUuid);
        if (order.PaymentStatus == OrderPaymentStatus.Pending)
            await PaymentWebhooks.ApplyAsync(db, KlarnaPaymentProvider.Code,
                new PaymentEvent($"cancel:{orderUuid:N}", orderUuid, OrderPaymentStatus.Cancelled), clock.GetUtcNow(), ct);
        var target = order.CancelUrl ?? order.ReturnUrl;
        return target is null
            ? Results.Redirect($"/pay/klarna/{orderUuid}", permanent: false, preserveMethod: false)
            : Results.Redirect(target);
    }
}
