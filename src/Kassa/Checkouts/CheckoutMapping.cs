using Kassa.Carts;
using Kassa.Carts.Outshifter;
using Kassa.Payments;
using Kassa.Pricing;

namespace Kassa.Checkouts;

public static class CheckoutMapping
{
    public static CheckoutResponse ToResponse(this Checkout checkout, CartQuote quote, PaymentGateways gateways)
    {
        var cart = quote.Cart;
        var priced = quote.Priced;
        return new CheckoutResponse
        {
            CreatedAt = checkout.CreatedAt,
            UpdatedAt = checkout.UpdatedAt,
            Id = checkout.Uuid,
            DeletedAt = checkout.DeletedAt,
            SuccessUrl = checkout.SuccessUrl,
            CancelUrl = checkout.CancelUrl,
            PaymentMethod = checkout.PaymentMethod,
            Email = checkout.Email,
            Status = checkout.Status,
            CheckoutUrl = checkout.CheckoutUrl,
            TotalPrice = Money.ToMinorUnits(priced.TotalAmount, cart.Currency),
            TotalTax = Money.ToMinorUnits(priced.ItemsTaxAmount + priced.ShippingTaxAmount, cart.Currency),
            TotalLineItemsPrice = priced.ItemsTotalAmount,
            Cart = new CheckoutCartResponse
            {
                CreatedAt = cart.CreatedAt,
                UpdatedAt = cart.UpdatedAt,
                Id = cart.Uuid,
                CustomerSessionId = cart.CustomerSessionId,
                Currency = cart.Currency,
                TotalAmount = Money.ToMinorUnits(priced.TotalAmount, cart.Currency),
                DeletedAt = cart.DeletedAt,
                LineItems = quote.Items.Select(q => new CheckoutLineItemResponse
                {
                    CreatedAt = q.Item.CreatedAt,
                    UpdatedAt = q.Item.UpdatedAt,
                    Id = q.Item.Uuid,
                    DeletedAt = null,
                    ProductId = q.Item.Product.ParentId ?? q.Item.ProductId,
                    VariantId = q.Item.Product.ParentId is null ? null : q.Item.ProductId,
                    Quantity = q.Item.Quantity,
                    Product = new CheckoutProductResponse(q.Item.ProductId, q.Item.Product.Name, q.Item.Product.ImageUrl is { } image ? [image] : []),
                    PriceData = new CheckoutPriceDataResponse(q.Item.Uuid, Money.ToMinorUnits(q.UnitPrice, cart.Currency),
                        // The checkout seed writes the rate with two decimals ("12.00"), unlike the cart's "12".
                        q.Line.TaxRate.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture), cart.Currency),
                }).ToList(),
            },
            BillingAddress = checkout.BillingAddress?.ToResponse(),
            ShippingAddress = checkout.ShippingAddress?.ToResponse(),
            ShippingRate = quote.Shipping is { } s
                ? new CheckoutShippingRateResponse(s.Name, s.MethodId is null ? Shipping.FlatRates.ServiceCode(cart.Items.Select(i => i.Product), cart.FlatRateCountry!) : null,
                    s.MethodId, s.Option, Money.ToMinorUnits(priced.ShippingTotalAmount, cart.Currency))
                : null,
            OrderId = checkout.OrderId,
            AvailablePaymentMethods = gateways.ToResponses(),
        };
    }

    /// <summary>The offered payment methods as Outshifter lists them.</summary>
    public static List<PaymentMethodResponse> ToResponses(this PaymentGateways gateways) =>
        gateways.Methods.Select(m => new PaymentMethodResponse(m.Code, m.GatewayCode, m.Name)).ToList();

    public static CheckoutAddressResponse ToResponse(this CheckoutAddress a) =>
        new(a.Id, a.FirstName, a.LastName, a.PhoneCode, a.Phone, a.Company, a.Address1, a.Address2, a.City, a.Province, a.ProvinceCode, a.Country, a.CountryCode, a.Zip);

    /// <summary>The stored address in the form a PATCH sends it, for a patch to merge into.</summary>
    public static CheckoutAddressRequest ToRequest(this CheckoutAddress a) =>
        new(a.FirstName, a.LastName, null, a.PhoneCode, a.Phone, a.Company, a.Address1, a.Address2, a.City, a.Province, a.ProvinceCode, a.Country, a.CountryCode, a.Zip);

    /// <summary>The same address as the cart (and the Voog dialect) keeps it.</summary>
    public static CartAddress ToCartAddress(this CheckoutAddress a) =>
        new(string.Join(' ', new[] { a.FirstName, a.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            a.Company, null, a.Address1, a.Address2, a.City, a.Zip, a.Province, a.CountryCode?.ToLowerInvariant(),
            string.Concat(a.PhoneCode, a.Phone) is { Length: > 0 } phone ? phone : null, null);
}
