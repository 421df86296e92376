namespace Kassa.Carts;

/// <summary>
/// A client's statement of an item's price (Outshifter price_data): unit price as entered in the
/// store's mode, tax rate in percent, currency. Honoured with the admin key; from anyone else it must
/// match the catalog.
/// </summary>
public sealed record PriceData(decimal? UnitPrice, decimal? Tax, string? Currency);
