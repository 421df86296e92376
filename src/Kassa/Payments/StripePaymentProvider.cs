using System.Globalization;
using Kassa.Ordering;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Kassa.Payments;

/// <summary>
/// Stripe Checkout: the shopper pays on a Checkout Session page hosted by Stripe, and the result
/// arrives as a <c>Stripe-Signature</c>-signed webhook at <c>/api/payments/webhooks/stripe</c>.
/// The session carries the order's total as one line, so Stripe charges exactly what Kassa priced.
/// </summary>
public sealed class StripePaymentProvider(IOptions<KassaOptions> options, IHttpClientFactory httpClients) : IPaymentProvider
{
    public const string Code = "stripe";
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>The metadata key (on the session and its payment intent) that names the Kassa order.</summary>
    public const string OrderUuidKey = "order_uuid";

    public string GatewayCode => Code;
    public string Name => "Stripe";
    public IReadOnlyList<string> MethodCodes { get; } = [Code];
    public bool IsConfigured => Settings.SecretKey is { Length: > 0 } && Settings.WebhookSecret is { Length: > 0 };

    private StripeOptions Settings => options.Value.Payments.Stripe;

    public async Task<PaymentSession> StartAsync(Order order, PaymentStartContext context, CancellationToken ct)
    {
        var fallback = context.BaseUrl + "/";
        var metadata = new Dictionary<string, string> { [OrderUuidKey] = order.Uuid.ToString(), ["order_code"] = order.Code };
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = order.Uuid.ToString(),
            CustomerEmail = order.CustomerEmail,
            SuccessUrl = context.SuccessUrl ?? order.SuccessUrl ?? order.ReturnUrl ?? fallback,
            CancelUrl = context.CancelUrl ?? order.CancelUrl ?? order.ReturnUrl ?? fallback,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = order.Currency.ToLowerInvariant(),
                        UnitAmount = StripeAmounts.ToMinor(order.TotalAmount, order.Currency),
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = $"Order {order.Code}",
                            Description = Describe(order),
                        },
                    },
                },
            ],
        };
        // One session per order, even if this request is retried after Stripe answered.
        var request = new RequestOptions { IdempotencyKey = $"kassa-order-{order.Uuid:N}-checkout-session" };
        Session session;
        try
        {
            session = await new SessionService(Client()).CreateAsync(create, request, ct);
        }
        catch (StripeException e)
        {
            var status = (int)e.HttpStatusCode;
            throw new PaymentProviderException("Stripe",
                $"Stripe did not create the Checkout Session ({(status == 0 ? "no answer" : status.ToString(CultureInfo.InvariantCulture))}): {e.StripeError?.Message ?? e.Message}",
                refused: PaymentProviderException.IsRefusal(status) && e.StripeError?.Type != "api_error");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new PaymentProviderException("Stripe", $"Stripe did not answer when asked to create the Checkout Session: {e.Message}", refused: false);
        }
        if (session.Url is not { Length: > 0 } || session.Id is not { Length: > 0 })
            throw new PaymentProviderException("Stripe", "Stripe answered without a Checkout Session id or url.", refused: false);
        return new PaymentSession(session.Url, session.Id);
    }

    public PaymentEvent VerifyWebhook(IHeaderDictionary headers, string body, DateTimeOffset now)
    {
        if (!IsConfigured) throw new WebhookRejectedException("The stripe provider is not configured.");
        var signature = headers[SignatureHeader].ToString();
        if (signature.Length == 0) throw new WebhookRejectedException($"The {SignatureHeader} header is missing.");

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature, Settings.WebhookSecret!,
                tolerance: options.Value.Payments.WebhookToleranceSeconds, utcNow: now.ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new WebhookRejectedException("Stripe signature check failed: " + e.Message);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            throw new WebhookRejectedException("The body is not a Stripe event.");
        }
        if (stripeEvent.Id is not { Length: > 0 } eventId) throw new WebhookRejectedException("The event has no id.");

        if (stripeEvent.Data?.Object is not Session session)
            throw new WebhookIgnoredException($"Kassa acts only on checkout.session events, not '{stripeEvent.Type}'.");
        var outcome = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted => session.PaymentStatus switch
            {
                "paid" or "no_payment_required" => OrderPaymentStatus.Paid,
                // A delayed method (e.g. SEPA debit): the money comes later, as async_payment_succeeded.
                _ => throw new WebhookIgnoredException($"Session {session.Id} is complete but not paid yet ({session.PaymentStatus})."),
            },
            EventTypes.CheckoutSessionAsyncPaymentSucceeded => OrderPaymentStatus.Paid,
            EventTypes.CheckoutSessionAsyncPaymentFailed => OrderPaymentStatus.Cancelled,
            EventTypes.CheckoutSessionExpired => OrderPaymentStatus.Expired,
            _ => throw new WebhookIgnoredException($"Kassa does not act on '{stripeEvent.Type}'."),
        };

        var reference = session.Metadata?.GetValueOrDefault(OrderUuidKey) ?? session.ClientReferenceId;
        if (!Guid.TryParse(reference, out var orderUuid))
            throw new WebhookIgnoredException($"Session {session.Id} was not created by Kassa (no {OrderUuidKey}).");
        return new PaymentEvent(eventId, orderUuid, outcome);
    }

    private StripeClient Client() =>
        new(Settings.SecretKey!,
            httpClient: new SystemNetHttpClient(httpClients.CreateClient(Code), maxNetworkRetries: 2),
            apiBase: Settings.ApiBase.TrimEnd('/'));

    /// <summary>What the order holds, for Stripe's page: "2 × T-shirt, 1 × Mug".</summary>
    private static string? Describe(Order order)
    {
        var lines = OrderSnapshot.Read(order).Lines;
        if (lines.Count == 0) return null;
        var text = string.Join(", ", lines.Select(l => $"{l.Quantity} × {l.Name}"));
        return text.Length <= 500 ? text : text[..497] + "...";
    }
}

public static class StripeServices
{
    public static IServiceCollection AddStripePayments(this IServiceCollection services)
    {
        services.AddHttpClient(StripePaymentProvider.Code, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IPaymentProvider, StripePaymentProvider>();
        return services;
    }
}

/// <summary>
/// Amounts in Stripe's smallest unit. Stripe mostly follows ISO 4217 minor units, with exceptions:
/// some currencies it treats as zero-decimal (MGA), and ISK and UGX it takes in hundredths although
/// they have no minor unit.
/// </summary>
public static class StripeAmounts
{
    private static readonly HashSet<string> ZeroDecimal =
        ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly HashSet<string> HundredthsOfWholeUnits = ["ISK", "UGX"];

    public static int Exponent(string currency)
    {
        var code = currency.ToUpperInvariant();
        if (ZeroDecimal.Contains(code)) return 0;
        if (HundredthsOfWholeUnits.Contains(code)) return 2;
        return Pricing.Currencies.MinorUnits(code);
    }

    /// <summary>The amount in Stripe's units, rounded half away from zero.</summary>
    public static long ToMinor(decimal amount, string currency) => Pricing.Money.ToUnitCount(amount, Exponent(currency));
}
