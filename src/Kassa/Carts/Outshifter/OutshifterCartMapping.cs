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
        return LineItem(item.Uuid, product.Id, product.ParentId, product.Name, product.ImageUrl, item.Quantity, quoted.UnitPrice, quoted.Line.TaxRate, currency);
    }

    /// <summary>A line as Outshifter shows it: a variant under its parent product's id.</summary>
    public static OutshifterLineItem LineItem(
        Guid id, long productId, long? parentId, string name, string? imageUrl, int quantity, decimal unitPrice, decimal taxRate, string currency) =>
        new(id, parentId ?? productId, name, imageUrl is { } image ? [image] : [], parentId is null ? null : productId, quantity,
            new OutshifterPriceData(Money.ToMinorUnits(unitPrice, currency), Rate(taxRate), currency));

    /// <summary>A tax rate as Outshifter writes it: "12", "12.5".</summary>
    public static string Rate(decimal rate) => rate.ToString("0.####", CultureInfo.InvariantCulture);
}
