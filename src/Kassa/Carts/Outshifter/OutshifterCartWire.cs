using Kassa.Http;

namespace Kassa.Carts.Outshifter;

public sealed record OutshifterCreateCartRequest(string? CustomerSessionId, string? Currency);

public sealed record OutshifterAddItemsRequest([property: RequiredField] List<OutshifterLineItemRequest?>? LineItems);

/// <param name="ProductId">The product; with <paramref name="VariantId"/>, the variant's parent.</param>
public sealed record OutshifterLineItemRequest([property: RequiredField] long? ProductId, long? VariantId, int? Quantity, OutshifterPriceDataRequest? PriceData);

/// <param name="Tax">The tax rate in percent ("12" = 12 %).</param>
public sealed record OutshifterPriceDataRequest(decimal? UnitPrice, decimal? Tax, string? Currency);

public sealed record OutshifterUpdateItemRequest([property: RequiredField] int? Qty);

public sealed record OutshifterCartResponse(
    Guid CartId,
    string? CustomerSessionId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    List<OutshifterLineItem> LineItems,
    string TotalAmount,
    string Currency);

public sealed record OutshifterAddItemsResponse(List<OutshifterLineItem> LineItems);

public sealed record OutshifterLineItem(
    Guid Id,
    long ProductId,
    string ProductTitle,
    List<string> ProductImage,
    long? VariantId,
    int Quantity,
    OutshifterPriceData PriceData);

/// <param name="UnitPrice">As entered in the store's mode, with the currency's minor units.</param>
/// <param name="Tax">The tax rate in percent.</param>
public sealed record OutshifterPriceData(string UnitPrice, string Tax, string Currency);

public sealed record OutshifterMessage(string Message);
