namespace Kassa.Carts.Voog;

/// <summary>Applies a Voog POST/PUT body to a cart through the shared <see cref="CartEditor"/>.</summary>
public static class VoogCartChanges
{
    public static async Task ApplyAsync(this VoogCartRequest request, CartEditor editor, CancellationToken ct)
    {
        var cart = editor.Cart;
        // Currency first: items, discount and shipping are checked in the cart's final currency, and the lines
        // once the item list is final.
        if (request.Currency.IsSet && request.Currency.Value is { } currency) editor.SetCurrency("currency", currency);
        if (request.Items.IsSet)
        {
            var items = request.Items.Value ?? [];
            await editor.ReplaceItemsAsync(items.Select(i => (i?.ProductId, i?.Quantity, i?.Note)).ToList(), ct);
        }
        editor.CheckLinesInCurrency();
        if (request.DiscountCode.IsSet) await editor.SetDiscountCodeAsync("discount_code", request.DiscountCode.Value, ct);
        if (request.ShippingMethodId.IsSet || request.ShippingMethodOption.IsSet)
        {
            var methodId = request.ShippingMethodId.Or(cart.ShippingMethodId);
            var option = request.ShippingMethodOption.IsSet ? request.ShippingMethodOption.Value
                : request.ShippingMethodId.IsSet && methodId != cart.ShippingMethodId ? null : cart.ShippingMethodOption;
            await editor.SetShippingAsync("shipping_method_id", methodId, option, "shipping_method_option", ct);
        }
        if (request.Customer.IsSet) editor.SetCustomer("customer", request.Customer.Value?.ApplyTo(cart.Customer?.ToWire()).ToCustomer());
        if (request.BillingAddress.IsSet)
            cart.BillingAddress = editor.CheckAddress("billing_address", request.BillingAddress.Value?.ApplyTo(cart.BillingAddress?.ToWire()).ToAddress());
        if (request.ShippingAddress.IsSet)
            cart.ShippingAddress = editor.CheckAddress("shipping_address", request.ShippingAddress.Value?.ApplyTo(cart.ShippingAddress?.ToWire()).ToAddress());
        if (request.Note.IsSet) editor.SetNote("note", request.Note.Value);
        if (request.GatewayCode.IsSet || request.PaymentMethod.IsSet)
            editor.SetPayment("gateway_code", request.GatewayCode.Or(cart.GatewayCode), "payment_method", request.PaymentMethod.Or(cart.PaymentMethod));
        if (request.ReturnUrl.IsSet) editor.SetReturnUrl("return_url", request.ReturnUrl.Value);
        if (request.TermsAgreement.IsSet) cart.TermsAgreement = request.TermsAgreement.Value;
        if (request.CustomFieldValues.IsSet) editor.SetCustomFieldValues(request.CustomFieldValues.Value);
        if (request.IsInitial.Or(false) != true) editor.CheckComplete();
        editor.ThrowIfInvalid();
    }
}
