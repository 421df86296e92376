using Kassa.Data;

namespace Kassa.Settings;

/// <summary>The store's one settings row.</summary>
public sealed class StoreSettings : IVersioned
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string PriceEntryMode { get; set; } = PriceEntryModes.Net;
    public string DefaultCurrency { get; set; } = "EUR";

    /// <summary>Currencies carts may use; always contains <see cref="DefaultCurrency"/>.</summary>
    public List<string> AllowedCurrencies { get; set; } = ["EUR"];

    /// <summary>Percent, for products without a rate of their own.</summary>
    public decimal DefaultTaxRate { get; set; }

    /// <summary>The store's own country (ISO 3166 alpha-2), whose rates a cart pays before it has a destination; null when not set.</summary>
    public string? CountryCode { get; set; }

    /// <summary>
    /// Gross entry only: false (default) keeps the shopper's price the gross shown for the store's own country wherever the
    /// parcel goes (the destination's tax is taken out of it); true keeps the net and puts the destination's tax on it.
    /// </summary>
    public bool GrossPricesFollowDestination { get; set; }

    /// <summary>Language codes; the first is the default language.</summary>
    public List<string> Languages { get; set; } = ["en"];

    public List<CustomFieldDefinition> CustomFields { get; set; } = [];

    /// <summary>The last order number handed out on SQLite; orders are numbered #1, #2, … per store (PostgreSQL uses the order_numbers sequence).</summary>
    public long LastOrderNumber { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class PriceEntryModes
{
    public const string Net = "net";
    public const string Gross = "gross";
    public static readonly string[] All = [Net, Gross];

    public static Pricing.PriceEntryMode ToPricing(string mode) => mode == Gross ? Pricing.PriceEntryMode.Gross : Pricing.PriceEntryMode.Net;
}

public sealed record CustomFieldDefinition(string Key, string Label, string Kind, bool Required);

public static class CustomFieldKinds
{
    public static readonly string[] All = ["date", "time", "checkbox", "text"];
}
