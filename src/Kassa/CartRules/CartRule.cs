using Kassa.Data;

namespace Kassa.CartRules;

/// <summary>
/// An automatic cart rule in Voog's shape: when every condition holds, the result changes the cart (or, for a minimum
/// order value, refuses checkout). Priced by <see cref="Pricing.CartRuleStage"/>; <see cref="CartRulePricing"/> translates.
/// </summary>
public sealed class CartRule : IVersioned, IEntity
{
    public long Id { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Rules run in this order (then by id); lower first.</summary>
    public int Position { get; set; } = 1;

    public string Kind { get; set; } = CartRuleKinds.ShippingCost;
    public string? TargetKind { get; set; }
    public long? TargetId { get; set; }
    public List<CartRuleCondition> Conditions { get; set; } = [];
    public CartRuleResult Result { get; set; } = new();

    /// <summary>UTC; the rule applies from this instant on.</summary>
    public DateTime? ValidFrom { get; set; }

    /// <summary>UTC; the rule still applies at exactly this instant.</summary>
    public DateTime? ValidTo { get; set; }

    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Enabled and inside its validity window at <paramref name="nowUtc"/> (the store clock).</summary>
    public bool IsActiveAt(DateTime nowUtc) =>
        Enabled && (ValidFrom is not { } from || nowUtc >= AsUtc(from)) && (ValidTo is not { } to || nowUtc <= AsUtc(to));

    // Stores without time zones hand back Unspecified kinds; they hold UTC by convention.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}

/// <summary>One condition, stored as validated. <see cref="Value"/> is canonical text: "10.0", "3", "EE", "EUR".</summary>
/// <param name="Values">Amount fields: the threshold in other currencies than the store's (as products' <c>prices</c>).</param>
public sealed record CartRuleCondition(string Field, string Comparator, string Value, string ValueType, Dictionary<string, decimal>? Values = null);

/// <summary>What the rule does; <see cref="Value"/> is canonical text, <see cref="Values"/> the amount in other currencies.</summary>
public sealed class CartRuleResult
{
    public string Field { get; set; } = "";
    public string Value { get; set; } = "";
    public string ValueType { get; set; } = CartRuleValueTypes.Decimal;
    public Dictionary<string, decimal>? Values { get; set; }
}

public static class CartRuleKinds
{
    /// <summary>Voog's: the shipping of a shipping method costs the result's amount.</summary>
    public const string ShippingCost = "shipping_cost";

    /// <summary>Kassa's: a discount on the items without a code (percentage, or an amount per currency).</summary>
    public const string ItemsDiscount = "items_discount";

    /// <summary>Kassa's: checkout is refused until the items reach the result's amount.</summary>
    public const string MinimumOrderValue = "minimum_order_value";

    public static readonly string[] All = [ShippingCost, ItemsDiscount, MinimumOrderValue];
}

public static class CartRuleFields
{
    public const string ItemsSubtotalAmount = "items_subtotal_amount";
    public const string ItemsTotalAmount = "items_total_amount";
    public const string ItemsQuantity = "items_quantity";
    public const string ShippingCountry = "shipping_country";
    public const string Currency = "currency";
    public const string ShippingSubtotalAmount = "shipping_subtotal_amount";
    public const string ItemsDiscountAmount = "items_discount_amount";

    public static readonly string[] Conditions = [ItemsSubtotalAmount, ItemsTotalAmount, ItemsQuantity, ShippingCountry, Currency];

    /// <summary>A field as a sentence names it, for messages: "items_quantity" → "items quantity".</summary>
    public static string Words(string field) => field.Replace('_', ' ');

    /// <summary>The fields a condition compares as money, with an amount per currency.</summary>
    public static bool IsAmount(string field) => field is ItemsSubtotalAmount or ItemsTotalAmount;
}

public static class CartRuleComparators
{
    public static readonly string[] All = [">", ">=", "<", "<=", "=="];
}

public static class CartRuleValueTypes
{
    public const string Decimal = "decimal";
    public const string Integer = "integer";
    public const string String = "string";
    public const string Percentage = "percentage";
}

public static class CartRuleTargetKinds
{
    public const string ShippingMethod = "shipping_method";
}
