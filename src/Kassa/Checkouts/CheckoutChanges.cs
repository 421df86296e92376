using Kassa.Carts;
using Kassa.Http;
using Kassa.Payments;
using Kassa.Validation;

namespace Kassa.Checkouts;

/// <summary>The rules of the checkout's fields; the cart's own fields go through <see cref="CartEditor"/>.</summary>
public static class CheckoutChanges
{
    public static async Task ApplyAsync(UpdateCheckoutRequest request, Checkout checkout, CartEditor editor, PaymentGateways gateways, CancellationToken ct)
    {
        var errors = editor.Errors;
        if (request.ShippingAddress.IsSet)
        {
            var shipping = request.ShippingAddress.Value?.ApplyTo(checkout.ShippingAddress?.ToRequest());
            checkout.ShippingAddress = Address(errors, "shipping_address", shipping, checkout.ShippingAddress);
            // The address keeps no email: one sent in it is the checkout's (as in the seed), and a null there leaves that alone.
            if (shipping?.Email is { } email) SetEmail(errors, checkout, "shipping_address.email", email);
            if (checkout.FirstName is null && checkout.LastName is null && shipping is not null)
                (checkout.FirstName, checkout.LastName) = (shipping.FirstName, shipping.LastName);
            editor.Cart.ShippingAddress = checkout.ShippingAddress?.ToCartAddress();
            // A flat rate is priced by destination: it follows the address, or goes when the address has no country.
            if (editor.Cart.FlatRateCountry is not null && !request.ShippingRate.IsSet)
            {
                if (checkout.ShippingAddress?.CountryCode is { } destination) editor.SetFlatRate("shipping_address.country_code", destination);
                else await editor.SetShippingAsync("shipping_rate", null, null, "shipping_rate.option", ct);
            }
        }
        if (request.BillingAddress.IsSet)
        {
            checkout.BillingAddress = Address(errors, "billing_address", request.BillingAddress.Value?.ApplyTo(checkout.BillingAddress?.ToRequest()), checkout.BillingAddress);
            editor.Cart.BillingAddress = checkout.BillingAddress?.ToCartAddress();
        }
        if (request.Email.IsSet) SetEmail(errors, checkout, "email", request.Email.Value);
        if (request.FirstName.IsSet) checkout.FirstName = Name(errors, "first_name", request.FirstName.Value);
        if (request.LastName.IsSet) checkout.LastName = Name(errors, "last_name", request.LastName.Value);
        if (request.PaymentMethod.IsSet) SetPaymentMethod(errors, checkout, request.PaymentMethod.Value, gateways);
        if (request.SuccessUrl.IsSet) checkout.SuccessUrl = Url(errors, "success_url", request.SuccessUrl.Value);
        if (request.CancelUrl.IsSet) checkout.CancelUrl = Url(errors, "cancel_url", request.CancelUrl.Value);
        if (request.ShippingRate.IsSet)
        {
            var rate = request.ShippingRate.Value;
            if (rate is null) await editor.SetShippingAsync("shipping_rate", null, null, "shipping_rate.option", ct);
            else if (rate.ShippingMethodId is { } methodId) await editor.SetShippingAsync("shipping_rate.shipping_method_id", methodId, rate.Option, "shipping_rate.option", ct);
            else if (rate.ServiceCode is not null)
            {
                if (checkout.ShippingAddress?.CountryCode is { } country)
                {
                    if (Shipping.FlatRates.IsServiceCodeFor(rate.ServiceCode, editor.Cart.Items.Select(i => i.Product), country)) editor.SetFlatRate("shipping_rate.service_code", country);
                    else errors.Add("shipping_rate.service_code",
                        $"'{rate.ServiceCode}' is not the flat rate for this cart's items to {country}; POST /api/shipping/flat-rate with them quotes " +
                        $"'{Shipping.FlatRates.ServiceCode(editor.Cart.Items.Select(i => i.Product), country)}'.");
                }
                else errors.Add("shipping_rate.service_code", "A flat rate is priced by destination: set shipping_address.country_code first (or in the same request).");
            }
            else errors.Add("shipping_rate", "Send service_code (from POST /api/shipping/flat-rate) or shipping_method_id.");
        }
        SyncCustomer(checkout, editor);
    }

    /// <summary>PATCH /payment carries contact details and the billing address as flat fields.</summary>
    public static void ApplyPayment(CheckoutPaymentRequest r, Checkout checkout, CartEditor editor)
    {
        var errors = editor.Errors;
        if (r.SuccessUrl is not null) checkout.SuccessUrl = Url(errors, "success_url", r.SuccessUrl);
        if (r.CancelUrl is not null) checkout.CancelUrl = Url(errors, "cancel_url", r.CancelUrl);
        if (r.PaymentMethod is not null) checkout.PaymentMethod = r.PaymentMethod.Length <= 100 ? r.PaymentMethod : null;
        if (r.Email is not null) SetEmail(errors, checkout, "email", r.Email);
        if (r.FirstName is not null) checkout.FirstName = Name(errors, "first_name", r.FirstName);
        if (r.LastName is not null) checkout.LastName = Name(errors, "last_name", r.LastName);
        var hasAddress = new[] { r.Address1, r.Address2, r.City, r.Province, r.ProvinceCode, r.Country, r.CountryCode, r.Zip, r.Company, r.Phone, r.PhoneCode }.Any(v => v is not null);
        if (hasAddress)
        {
            // Fields sent replace the stored ones; fields left out keep them (a new phone number keeps the street).
            var b = checkout.BillingAddress;
            var billing = new CheckoutAddressRequest(r.FirstName ?? b?.FirstName ?? checkout.FirstName, r.LastName ?? b?.LastName ?? checkout.LastName, null,
                r.PhoneCode ?? b?.PhoneCode, r.Phone ?? b?.Phone, r.Company ?? b?.Company, r.Address1 ?? b?.Address1, r.Address2 ?? b?.Address2,
                r.City ?? b?.City, r.Province ?? b?.Province, r.ProvinceCode ?? b?.ProvinceCode, r.Country ?? b?.Country, r.CountryCode ?? b?.CountryCode, r.Zip ?? b?.Zip);
            checkout.BillingAddress = Address(errors, "billing_address", billing, checkout.BillingAddress);
            editor.Cart.BillingAddress = checkout.BillingAddress?.ToCartAddress();
            // One address for a simple shop: it is the shipping address too unless one was given before.
            if (checkout.ShippingAddress is null && checkout.BillingAddress is { } address)
            {
                checkout.ShippingAddress = address with { Id = Guid.NewGuid() };
                editor.Cart.ShippingAddress = editor.Cart.BillingAddress;
            }
        }
        SyncCustomer(checkout, editor);
    }

    /// <summary>The provider a checkout's payment_method names: a gateway or method code, any casing ("Stripe").</summary>
    public static IPaymentProvider? ResolveGateway(string? paymentMethod, PaymentGateways gateways)
    {
        if (paymentMethod is null) return null;
        var method = gateways.Methods.FirstOrDefault(m =>
            string.Equals(m.GatewayCode, paymentMethod.Trim(), StringComparison.OrdinalIgnoreCase) ||
            string.Equals(m.Code, paymentMethod.Trim(), StringComparison.OrdinalIgnoreCase));
        return gateways.Find(method?.GatewayCode);
    }

    /// <summary>Everything the seed requires before payment, each missing piece named.</summary>
    public static void CheckReadyToPay(Checkout checkout, Cart cart, IPaymentProvider? gateway, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(checkout.FirstName) && string.IsNullOrWhiteSpace(checkout.LastName))
            errors.Add("first_name", "The shopper's name is required (first_name, last_name).");
        if (string.IsNullOrWhiteSpace(checkout.Email)) errors.Add("email", "The shopper's email is required.");
        if (!IsComplete(checkout.ShippingAddress)) errors.Add("shipping_address", "A shipping address with address1, city and country_code is required.");
        else if (!HasName(checkout.ShippingAddress)) errors.Add("shipping_address.first_name", "The shipping address has no recipient name; send shipping_address.first_name or last_name.");
        if (!IsComplete(checkout.BillingAddress)) errors.Add("billing_address", "A billing address with address1, city and country_code is required.");
        else if (!HasName(checkout.BillingAddress)) errors.Add("billing_address.first_name", "The billing address has no name; send billing_address.first_name or last_name.");
        if (checkout.PaymentMethod is null) errors.Add("payment_method", "Choose a payment method (GET /api/checkout/payment-methods).");
        else if (gateway is null) errors.Add("payment_method", $"'{checkout.PaymentMethod}' is not a payment method this store offers.");
        if (cart.ShippingMethodId is null && cart.FlatRateCountry is null) errors.Add("shipping_rate", "Choose a shipping rate.");
        else if (cart.ShippingMethod is { } method && Shipping.ShippingDestinations.Of(cart) is { } destination && !Shipping.ShippingDestinations.ShipsTo(method, destination))
            errors.Add("shipping_rate", Shipping.ShippingDestinations.WhyNotTo(method, destination));
    }

    private static bool IsComplete(CheckoutAddress? a) =>
        a is not null && !string.IsNullOrWhiteSpace(a.Address1) && !string.IsNullOrWhiteSpace(a.City) && !string.IsNullOrWhiteSpace(a.CountryCode);

    // The checkout's own first_name/last_name are the shopper's; the address still has to name who receives it.
    private static bool HasName(CheckoutAddress? a) =>
        a is not null && (!string.IsNullOrWhiteSpace(a.FirstName) || !string.IsNullOrWhiteSpace(a.LastName));

    private static void SyncCustomer(Checkout checkout, CartEditor editor)
    {
        var name = string.Join(' ', new[] { checkout.FirstName, checkout.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var current = editor.Cart.Customer;
        editor.Cart.Customer = new CartCustomer(name.Length > 0 ? name : current?.Name, checkout.Email ?? current?.Email,
            current?.Phone ?? checkout.ShippingAddress?.Phone, current?.Language);
    }

    private static void SetPaymentMethod(FieldErrors errors, Checkout checkout, string? value, PaymentGateways gateways)
    {
        if (value is not null && ResolveGateway(value, gateways) is null)
        {
            errors.Add("payment_method", $"'{value}' is not offered; choose one of: {string.Join(", ", gateways.Methods.Select(m => m.Code))}.");
            return;
        }
        checkout.PaymentMethod = value;
    }

    private static void SetEmail(FieldErrors errors, Checkout checkout, string field, string? email)
    {
        if (email is null || errors.Email(field, email)) checkout.Email = email;
    }

    private static string? Name(FieldErrors errors, string field, string? value)
    {
        errors.Text(field, value, 200);
        return value;
    }

    private static string? Url(FieldErrors errors, string field, string? value)
    {
        errors.AbsoluteUrl(field, value);
        return value;
    }

    private static CheckoutAddress? Address(FieldErrors errors, string field, CheckoutAddressRequest? a, CheckoutAddress? existing)
    {
        if (a is null) return null;
        errors.AddressText($"{field}.first_name", AddressPart.Name, a.FirstName);
        errors.AddressText($"{field}.last_name", AddressPart.Name, a.LastName);
        errors.AddressText($"{field}.phone_code", AddressPart.PhoneCode, a.PhoneCode);
        errors.AddressText($"{field}.phone", AddressPart.Phone, a.Phone);
        errors.AddressText($"{field}.company", AddressPart.Company, a.Company);
        errors.AddressText($"{field}.address1", AddressPart.Line, a.Address1);
        errors.AddressText($"{field}.address2", AddressPart.Line, a.Address2);
        errors.AddressText($"{field}.city", AddressPart.City, a.City);
        errors.AddressText($"{field}.province", AddressPart.Region, a.Province);
        errors.AddressText($"{field}.province_code", AddressPart.RegionCode, a.ProvinceCode);
        errors.AddressText($"{field}.country", AddressPart.CountryName, a.Country);
        errors.AddressText($"{field}.zip", AddressPart.PostalCode, a.Zip);
        var country = errors.AddressCountry($"{field}.country_code", a.CountryCode);
        return new CheckoutAddress(existing?.Id ?? Guid.NewGuid(), a.FirstName, a.LastName, a.PhoneCode, a.Phone, a.Company,
            a.Address1, a.Address2, a.City, a.Province, a.ProvinceCode, a.Country, country, a.Zip);
    }
}
