using System.Globalization;
using Kassa.Pricing;

namespace Kassa.Carts.Outshifter;

public static class OutshifterCartMapping
{
    public static OutshifterCartResponse ToOutshifter(this CartQuote quote)
    {
        var cart = quote.Cart;
        return new OutshifterCartResponse(
            cart.Uuid,
            cart.CustomerSessionId,
            cart.CreatedAt,
            cart.UpdatedAt,
            quote.Items.Select(i => i.ToOutshifter(cart.Currency)).ToList(),
            Money.ToMinorUnits(quote.Priced.TotalAmount, cart.Currency),
            cart.Currency);
    }

    public static OutshifterLineItem ToOutshifter(this QuotedItem quoted, string currency)
    {
        var (item, product) = (quoted.Item, quoted.Item.Product);
        return new OutshifterLineItem(
            item.Uuid,
            product.ParentId ?? product.Id,
            product.Name,
            product.ImageUrl is { } image ? [image] : [],
            product.ParentId is null ? null : product.Id,
            item.Quantity,
            new OutshifterPriceData(Money.ToMinorUnits(quoted.UnitPrice, currency), Rate(quoted.Line.TaxRate), currency));
    }

    /// <summary>A tax rate as Outshifter writes it: "12", "12.5".</summary>
    public static string Rate(decimal rate) => rate.ToString("0.####", CultureInfo.InvariantCulture);
}
