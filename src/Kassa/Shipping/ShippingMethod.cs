using Kassa.Data;

namespace Kassa.Shipping;

public sealed class ShippingMethod : IVersioned, IEntity
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>In the store currency, as entered (net or gross per price_entry_mode).</summary>
    public decimal Amount { get; set; }

    /// <summary>Explicit amounts in other currencies; a cart in a currency not here cannot choose the method.</summary>
    public Dictionary<string, decimal> Prices { get; set; } = [];

    /// <summary>Percent.</summary>
    public decimal TaxRate { get; set; }

    /// <summary>Choices within the method (e.g. parcel machine, courier), each with its own amount.</summary>
    public List<ShippingOption> Options { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>ISO 3166 alpha-2 codes served; empty means every country.</summary>
    public List<string> Countries { get; set; } = [];

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <param name="Prices">The option's amounts in other currencies, as the method's <see cref="ShippingMethod.Prices"/>.</param>
public sealed record ShippingOption(string Name, decimal Amount, Dictionary<string, decimal>? Prices = null);
