using Kassa.Carts;
using Kassa.Carts.Outshifter;
using Kassa.Ordering;
using Kassa.Payments;
using Kassa.Pricing;

namespace Kassa.Checkouts;

public static class CheckoutMapping
{
    /// <param name="order">The checkout's order, if it has one; a live or paid one decides what the checkout shows.</param>
    public static CheckoutResponse ToResponse(this Checkout checkout, Cart cart, Order? order, PaymentGateways gateways, DateTime now)
    {
        var live = order is { Status: not OrderStatus.Cancelled } ? order : null;
        var content = live.SoldBy(cart, now);
        var currency = content.Currency;
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
            CheckoutUrl = live?.PaymentUrl,
            TotalPrice = Money.ToMinorUnits(content.TotalAmount, currency),
            TotalTax = Money.ToMinorUnits(content.ItemsTaxAmount + content.ShippingTaxAmount, currency),
            TotalLineItemsPrice = content.ItemsTotalAmount,
            Cart = new CheckoutCartResponse
            {
                CreatedAt = cart.CreatedAt,
                UpdatedAt = cart.UpdatedAt,
                Id = cart.Uuid,
                CustomerSessionId = cart.CustomerSessionId,
                Currency = currency,
                TotalAmount = Money.ToMinorUnits(content.TotalAmount, currency),
                DeletedAt = cart.DeletedAt,
                LineItems = content.Lines.Select(l => new CheckoutLineItemResponse
                {
                    CreatedAt = l.CreatedAt,
                    UpdatedAt = l.UpdatedAt,
                    Id = ItemUuid(l, cart),
                    DeletedAt = null,
                    ProductId = l.ParentId ?? l.ProductId,
                    VariantId = l.ParentId is null ? null : l.ProductId,
                    Quantity = l.Quantity,
                    Product = new CheckoutProductResponse(l.ProductId, l.Name, l.ImageUrl is { } image ? [image] : []),
                    PriceData = new CheckoutPriceDataResponse(ItemUuid(l, cart), Money.ToMinorUnits(l.UnitPrice, currency),
                        // The checkout seed writes the rate with two decimals ("12.00"), unlike the cart's "12".
                        l.TaxRate.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture), currency),
                }).ToList(),
            },
            BillingAddress = checkout.BillingAddress?.ToResponse(),
            ShippingAddress = checkout.ShippingAddress?.ToResponse(),
            ShippingRate = content.Shipping is { } s
                ? new CheckoutShippingRateResponse(s.Name, s.MethodId is null ? Shipping.FlatRates.ServiceCode(cart.Items.Select(i => i.Product), cart.FlatRateCountry!) : null,
                    s.MethodId, s.Option, Money.ToMinorUnits(content.ShippingTotalAmount, currency))
                : null,
            OrderId = checkout.OrderId,
            AvailablePaymentMethods = gateways.ToResponses(),
        };
    }

    /// <summary>
    /// What a checkout sells: its order's frozen content while that order is live or paid (later catalog changes do not
    /// change it), else the cart priced now.
    /// </summary>
    public static OrderContent SoldBy(this Order? order, Cart cart, DateTime now) =>
        order is { Status: not OrderStatus.Cancelled } ? OrderSnapshot.Read(order) : CartQuote.Of(cart, now).ToOrderContent();

    /// <summary>The checkout's cart as the Outshifter cart object, with what the checkout sells.</summary>
    public static OutshifterCartResponse ToOutshifterCart(this OrderContent content, Cart cart) =>
        new(cart.Uuid, cart.CustomerSessionId, cart.CreatedAt, cart.UpdatedAt,
            content.Lines.Select(l => OutshifterCartMapping.LineItem(
                ItemUuid(l, cart), l.ProductId, l.ParentId, l.Name, l.ImageUrl, l.Quantity, l.UnitPrice, l.TaxRate, content.Currency)).ToList(),
            Money.ToMinorUnits(content.TotalAmount, content.Currency), content.Currency);

    /// <summary>Orders stored before lines kept their uuid find it on the cart line they came from.</summary>
    private static Guid ItemUuid(OrderLine line, Cart cart) =>
        line.ItemUuid != Guid.Empty ? line.ItemUuid : cart.Items.FirstOrDefault(i => i.Id == line.ItemId)?.Uuid ?? Guid.Empty;

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
