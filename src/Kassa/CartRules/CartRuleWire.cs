using System.Text.Json.Serialization;
using Kassa.Http;

namespace Kassa.CartRules;

/// <summary>Create (POST) or partial update (PUT) of a cart rule; absent fields are left alone.</summary>
public sealed record CartRuleRequest(
    Optional<bool> Enabled,
    Optional<int> Position,
    Optional<string> Kind,
    Optional<string?> TargetKind,
    Optional<long?> TargetId,
    Optional<List<CartRuleConditionWire>?> Conditions,
    Optional<CartRuleResultWire?> Result,
    Optional<DateTime?> ValidFrom,
    Optional<DateTime?> ValidTo);

/// <param name="Value">A decimal ("10.0"), a whole number ("3") or a code ("EE", "EUR"), as a string or a number.</param>
/// <param name="Values">Amount fields only: the threshold in currencies other than the store's, as products' <c>prices</c>.</param>
public sealed record CartRuleConditionWire(
    string? Field,
    string? Comparator,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Value,
    string? ValueType,
    Dictionary<string, decimal>? Values = null);

/// <param name="Values">Amounts only: the amount in currencies other than the store's, as products' <c>prices</c>.</param>
public sealed record CartRuleResultWire(
    string? Field,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Value,
    string? ValueType,
    Dictionary<string, decimal>? Values = null);

/// <summary>A cart rule as Voog's cart_rules API shows it, with Kassa's <c>values</c> per currency on amounts.</summary>
public sealed record CartRuleResponse(
    long Id,
    bool Enabled,
    int Position,
    string Kind,
    long? TargetId,
    string? TargetKind,
    List<CartRuleConditionResponse> Conditions,
    CartRuleResultResponse Result,
    DateTime? ValidFrom,
    DateTime? ValidTo,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <param name="Values">Amounts by currency other than the store's; null for a field that is not an amount.</param>
public sealed record CartRuleConditionResponse(string Value, string Comparator, string Field, string ValueType, Dictionary<string, string>? Values);

/// <param name="Values">Amounts by currency other than the store's; null for a percentage.</param>
public sealed record CartRuleResultResponse(string Value, string Field, string ValueType, Dictionary<string, string>? Values);
