using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Kassa.Payments;

/// <summary>
/// Klarna Payments over HTTP (a typed client from <c>AddHttpClient</c>): payment sessions and order
/// placement, plus cancelling an order through Order Management. The API base comes from
/// <see cref="KlarnaOptions.ApiBase"/>, so tests point it at a local fake.
/// </summary>
public sealed class KlarnaClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;

    public KlarnaClient(HttpClient http, IOptions<KassaOptions> options)
    {
        var settings = options.Value.Payments.Klarna;
        _http = http;
        _http.BaseAddress = new Uri(settings.ApiBase.TrimEnd('/') + "/");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}"));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Kassa/1.0");
    }

    /// <summary>POST /payments/v1/sessions: a session the Klarna widget is loaded with.</summary>
    public Task<KlarnaSession> CreateSessionAsync(KlarnaOrderData order, CancellationToken ct) =>
        SendAsync<KlarnaSession>(HttpMethod.Post, "payments/v1/sessions", order, null, "create the payment session", ct);

    /// <summary>GET /payments/v1/sessions/{id}: the session again, with its client token.</summary>
    public Task<KlarnaSession> ReadSessionAsync(string sessionId, CancellationToken ct) =>
        SendAsync<KlarnaSession>(HttpMethod.Get, $"payments/v1/sessions/{Uri.EscapeDataString(sessionId)}", null, null, "read the payment session", ct);

    /// <summary>
    /// POST /payments/v1/authorizations/{token}/order: turns the shopper's authorization into a
    /// Klarna order. The idempotency key makes a retried call return the same order.
    /// </summary>
    public Task<KlarnaPlacedOrder> PlaceOrderAsync(string authorizationToken, KlarnaOrderData order, string idempotencyKey, CancellationToken ct) =>
        SendAsync<KlarnaPlacedOrder>(HttpMethod.Post, $"payments/v1/authorizations/{Uri.EscapeDataString(authorizationToken)}/order",
            order, idempotencyKey, "place the order", ct);

    /// <summary>POST /ordermanagement/v1/orders/{id}/cancel: releases the shopper's authorization.</summary>
    public Task CancelOrderAsync(string klarnaOrderId, CancellationToken ct) =>
        SendAsync<JsonElement?>(HttpMethod.Post, $"ordermanagement/v1/orders/{Uri.EscapeDataString(klarnaOrderId)}/cancel", null, null, "cancel the order", ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (idempotencyKey is not null) request.Headers.Add("Klarna-Idempotency-Key", idempotencyKey);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new PaymentProviderException("Klarna", $"Klarna did not answer when asked to {what}: {e.Message}", refused: false);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var error = TryRead<KlarnaError>(text);
                var messages = error?.ErrorMessages is { Count: > 0 } m ? string.Join(" ", m) : text.Length > 300 ? text[..300] : text;
                throw new PaymentProviderException("Klarna",
                    $"Klarna answered {status}{(error?.ErrorCode is { } code ? " " + code : "")} when asked to {what}: {messages}".TrimEnd(' ', ':')
                    + (error?.CorrelationId is { } id ? $" (correlation id {id})" : ""),
                    refused: PaymentProviderException.IsRefusal(status));
            }
            if (typeof(T) == typeof(JsonElement?)) return default!;
            return TryRead<T>(text) ?? throw new PaymentProviderException("Klarna", $"Klarna's answer when asked to {what} could not be read.", refused: false);
        }
    }

    private static T? TryRead<T>(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

/// <summary>The order data both a session and an order placement send; amounts in minor units.</summary>
public sealed record KlarnaOrderData
{
    public required string PurchaseCountry { get; init; }
    public required string PurchaseCurrency { get; init; }
    public required string Locale { get; init; }
    public required long OrderAmount { get; init; }
    public required long OrderTaxAmount { get; init; }
    public required IReadOnlyList<KlarnaOrderLine> OrderLines { get; init; }
    public string? MerchantReference1 { get; init; }
    public string? MerchantReference2 { get; init; }
    public KlarnaAddress? BillingAddress { get; init; }
    public KlarnaAddress? ShippingAddress { get; init; }
    public KlarnaMerchantUrls? MerchantUrls { get; init; }
}

/// <param name="Type">physical, shipping_fee, discount, …</param>
/// <param name="TaxRate">In hundredths of a percent: 25 % is 2500.</param>
/// <param name="TotalAmount">Quantity × unit price − total discount, tax included.</param>
public sealed record KlarnaOrderLine(
    string Type,
    string? Reference,
    string Name,
    int Quantity,
    long UnitPrice,
    long TaxRate,
    long TotalAmount,
    long TotalDiscountAmount,
    long TotalTaxAmount);

public sealed record KlarnaAddress(
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? OrganizationName,
    string? StreetAddress,
    string? StreetAddress2,
    string? PostalCode,
    string? City,
    string? Region,
    string? Phone,
    string? Country);

public sealed record KlarnaMerchantUrls(string? Confirmation);

public sealed record KlarnaSession(
    string? SessionId,
    string? ClientToken,
    List<KlarnaPaymentMethodCategory>? PaymentMethodCategories,
    string? Status);

public sealed record KlarnaPaymentMethodCategory(string? Identifier, string? Name, KlarnaAssetUrls? AssetUrls);

public sealed record KlarnaAssetUrls(string? Descriptive, string? Standard);

/// <param name="FraudStatus">ACCEPTED, PENDING or REJECTED.</param>
public sealed record KlarnaPlacedOrder(string? OrderId, string? RedirectUrl, string? FraudStatus);

public sealed record KlarnaError(string? ErrorCode, List<string>? ErrorMessages, string? CorrelationId);
