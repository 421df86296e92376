using System.Globalization;
using Kassa.Data;
using Kassa.Pricing;
using Kassa.Settings;
using Kassa.Validation;
using Microsoft.EntityFrameworkCore;

namespace Kassa.CartRules;

public static class CartRuleMapping
{
    /// <summary>A rule holds at most this many conditions (all must hold).</summary>
    public const int MaxConditions = 20;

    public static CartRuleResponse ToResponse(this CartRule r, StoreSettings _) => r.ToResponse();

    public static CartRuleResponse ToResponse(this CartRule r) => new(
        r.Id, r.Enabled, r.Position, r.Kind, r.TargetId, r.TargetKind,
        r.Conditions.Select(c => new CartRuleConditionResponse(c.Value, c.Comparator, c.Field, c.ValueType,
            CartRuleFields.IsAmount(c.Field) ? Show(c.Values) : null)).ToList(),
        new CartRuleResultResponse(r.Result.Value, r.Result.Field, r.Result.ValueType,
            r.Result.ValueType == CartRuleValueTypes.Decimal ? Show(r.Result.Values) : null),
        r.ValidFrom, r.ValidTo, r.CreatedAt, r.UpdatedAt);

    private static Dictionary<string, string> Show(Dictionary<string, decimal>? values) =>
        (values ?? []).ToDictionary(v => v.Key, v => Money.ToVoog(v.Value), StringComparer.Ordinal);

    /// <summary>
    /// Checks the rule as it will be after the request (the kind, target, conditions and result must fit together, so a
    /// change of one is checked against the others as stored) and applies it. Every problem is a 422 naming its part;
    /// nothing is changed unless all is well.
    /// </summary>
    public static async Task ApplyAsync(this CartRuleRequest request, CartRule rule, bool isNew, KassaDbContext db, StoreSettings settings, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var store = settings.DefaultCurrency;

        if (isNew && !request.Kind.IsSet) errors.Add("kind", $"kind is required: one of {string.Join(", ", CartRuleKinds.All)}.");
        if (request.Kind.IsSet) errors.OneOf("kind", request.Kind.Value, CartRuleKinds.All);
        var kind = request.Kind.Or(rule.Kind);

        if (request.Position is { IsSet: true, Value: var position })
            errors.Check(position is >= 0 and <= 1_000_000, "position", "position must be from 0 to 1000000.");

        var targetKind = request.TargetKind.IsSet ? request.TargetKind.Value : rule.TargetKind;
        var targetId = request.TargetId.IsSet ? request.TargetId.Value : rule.TargetId;
        var targetChecked = CheckTarget(errors, kind, targetKind, targetId);

        var conditions = request.Conditions.IsSet ? request.Conditions.Value : rule.Conditions.Select(ToWire).ToList();
        if (isNew && !request.Conditions.IsSet) errors.Add("conditions", "conditions is required: a list (empty for a rule that always applies).");
        var storedConditions = new List<CartRuleCondition>();
        if (conditions is null)
        {
            errors.Add("conditions", "conditions must be a list; send [] for a rule that always applies.");
        }
        else if (errors.Check(conditions.Count <= MaxConditions, "conditions", $"A rule has at most {MaxConditions} conditions."))
        {
            for (var i = 0; i < conditions.Count; i++)
                if (Condition(errors, $"conditions[{i}]", conditions[i], store) is { } stored) storedConditions.Add(stored);
        }

        errors.FitsJsonColumn<CartRule>(db, nameof(CartRule.Conditions), "conditions", storedConditions);

        if (isNew && !request.Result.IsSet) errors.Add("result", "result is required.");
        var result = request.Result.IsSet ? request.Result.Value : ToWire(rule.Result);
        var storedResult = isNew && !request.Result.IsSet ? null : Result(errors, kind, result, store);
        if (storedResult is not null) errors.FitsJsonColumn<CartRule>(db, nameof(CartRule.Result), "result", storedResult);

        var from = AsUtc(request.ValidFrom.IsSet ? request.ValidFrom.Value : rule.ValidFrom);
        var to = AsUtc(request.ValidTo.IsSet ? request.ValidTo.Value : rule.ValidTo);
        if (from is { } f && to is { } t) errors.Check(f <= t, "valid_to", "valid_to must not be before valid_from.");

        if (targetChecked && targetKind == CartRuleTargetKinds.ShippingMethod && targetId is { } id &&
            (request.TargetId.IsSet || request.TargetKind.IsSet || isNew) && !await db.ShippingMethods.AnyAsync(m => m.Id == id, ct))
            errors.Add("target_id", $"Shipping method {id} does not exist.");

        errors.ThrowIfAny();

        rule.Kind = kind;
        if (request.Enabled.IsSet) rule.Enabled = request.Enabled.Value;
        if (request.Position.IsSet) rule.Position = request.Position.Value;
        else if (isNew) rule.Position = (await db.Set<CartRule>().MaxAsync(r => (int?)r.Position, ct) ?? 0) + 1;
        rule.TargetKind = targetKind;
        rule.TargetId = targetId;
        rule.Conditions = storedConditions;
        rule.Result = storedResult!;
        rule.ValidFrom = from;
        rule.ValidTo = to;
    }

    /// <returns>True when a shipping method target is to be looked up.</returns>
    private static bool CheckTarget(FieldErrors errors, string kind, string? targetKind, long? targetId)
    {
        if (kind != CartRuleKinds.ShippingCost)
        {
            errors.Check(targetKind is null, "target_kind", $"A {kind} rule has no target; send target_kind null.");
            errors.Check(targetId is null, "target_id", $"A {kind} rule has no target; send target_id null.");
            return false;
        }
        if (targetKind is null)
        {
            errors.Check(targetId is null, "target_kind", "target_id needs target_kind 'shipping_method'.");
            return false;
        }
        if (!errors.Check(targetKind == CartRuleTargetKinds.ShippingMethod, "target_kind",
                "A shipping_cost rule targets 'shipping_method' (or nothing: then every shipping)."))
            return false;
        return errors.Check(targetId is > 0, "target_id", "target_id is required with target_kind 'shipping_method': the id of a shipping method.");
    }

    private static CartRuleCondition? Condition(FieldErrors errors, string at, CartRuleConditionWire? condition, string store)
    {
        if (condition is null)
        {
            errors.Add(at, $"{at} must be an object with field, comparator, value and value_type.");
            return null;
        }
        var fieldOk = errors.Check(condition.Field is not null && CartRuleFields.Conditions.Contains(condition.Field), $"{at}.field",
            $"'{condition.Field}' is not a condition field; use one of: {string.Join(", ", CartRuleFields.Conditions)}.");
        var comparatorOk = errors.Check(condition.Comparator is not null && CartRuleComparators.All.Contains(condition.Comparator), $"{at}.comparator",
            $"'{condition.Comparator}' is not a comparator; use one of: {string.Join(" ", CartRuleComparators.All)}.");
        if (!fieldOk) return null;

        var field = condition.Field!;
        var valueType = field switch
        {
            CartRuleFields.ItemsQuantity => CartRuleValueTypes.Integer,
            CartRuleFields.ShippingCountry or CartRuleFields.Currency => CartRuleValueTypes.String,
            _ => CartRuleValueTypes.Decimal,
        };
        if (condition.ValueType is not null && condition.ValueType != valueType)
        {
            errors.Add($"{at}.value_type", $"The {CartRuleFields.Words(field)} is compared as {valueType}, not '{condition.ValueType}'.");
            return null;
        }
        if (valueType == CartRuleValueTypes.String && comparatorOk)
            comparatorOk = errors.Check(condition.Comparator == "==", $"{at}.comparator", $"The {CartRuleFields.Words(field)} is a code and is compared with == only.");
        if (!CartRuleFields.IsAmount(field) && condition.Values is not null)
            errors.Add($"{at}.values", $"values (amounts per currency) is for amount fields only, not the {CartRuleFields.Words(field)}.");

        string? value = null;
        Dictionary<string, decimal>? values = null;
        switch (field)
        {
            case CartRuleFields.ItemsQuantity:
                if (errors.Check(long.TryParse(condition.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 1_000_000_000,
                        $"{at}.value", $"The {CartRuleFields.Words(field)} is compared with a whole number from 0 to 1000000000, not '{condition.Value}'."))
                    value = count.ToString(CultureInfo.InvariantCulture);
                break;
            case CartRuleFields.ShippingCountry:
                value = errors.CountryCode($"{at}.value", condition.Value);
                break;
            case CartRuleFields.Currency:
                value = errors.Currency($"{at}.value", condition.Value);
                break;
            default:
                (value, values) = Amount(errors, $"{at}", condition.Value, condition.Values, store, mustBePositive: false);
                break;
        }
        return value is null || !comparatorOk ? null : new CartRuleCondition(field, condition.Comparator!, value, valueType, values);
    }

    private static CartRuleResult? Result(FieldErrors errors, string kind, CartRuleResultWire? result, string store)
    {
        if (result is null)
        {
            errors.Add("result", "result must be an object with field, value and value_type.");
            return null;
        }
        string[] fields = kind switch
        {
            CartRuleKinds.ShippingCost => [CartRuleFields.ShippingSubtotalAmount],
            CartRuleKinds.ItemsDiscount => [CartRuleFields.ItemsDiscountAmount],
            CartRuleKinds.MinimumOrderValue => [CartRuleFields.ItemsSubtotalAmount, CartRuleFields.ItemsTotalAmount],
            _ => [],
        };
        if (fields.Length == 0) return null; // the kind itself is already reported
        if (!errors.Check(result.Field is not null && fields.Contains(result.Field), "result.field",
                $"A {kind} rule's result.field is {string.Join(" or ", fields)}, not '{result.Field}'."))
            return null;

        string[] valueTypes = kind == CartRuleKinds.ItemsDiscount
            ? [CartRuleValueTypes.Percentage, CartRuleValueTypes.Decimal]
            : [CartRuleValueTypes.Decimal];
        var valueType = result.ValueType ?? CartRuleValueTypes.Decimal;
        if (!errors.Check(valueTypes.Contains(valueType), "result.value_type",
                $"A {kind} rule's result.value_type is {string.Join(" or ", valueTypes)}, not '{result.ValueType}'."))
            return null;

        if (valueType == CartRuleValueTypes.Percentage)
        {
            if (result.Values is not null) errors.Add("result.values", "A percentage is the same in every currency; send no values.");
            var ok = decimal.TryParse(result.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) &&
                     percent is > 0 and <= 100 && decimal.Round(percent, 4) == percent;
            if (!errors.Check(ok, "result.value", $"A percentage is from 0 (exclusive) to 100 with at most 4 decimals, not '{result.Value}'.")) return null;
            return new CartRuleResult { Field = result.Field!, Value = Money.ToVoog(percent), ValueType = valueType };
        }

        // A shipping cost of 0 is free shipping; a discount or a minimum of 0 would do nothing.
        var (value, values) = Amount(errors, "result", result.Value, result.Values, store, mustBePositive: kind != CartRuleKinds.ShippingCost);
        return value is null ? null : new CartRuleResult { Field = result.Field!, Value = value, ValueType = valueType, Values = values };
    }

    /// <summary>An amount in the store currency and, optionally, in others (as a product's price and prices).</summary>
    private static (string? Value, Dictionary<string, decimal>? Values) Amount(
        FieldErrors errors, string at, string? raw, Dictionary<string, decimal>? given, string store, bool mustBePositive)
    {
        string? value = null;
        if (decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Amount($"{at}.value", amount, store);
            if (mustBePositive) errors.Check(amount > 0, $"{at}.value", $"{at}.value must be more than 0.");
            value = Money.ToVoog(amount);
        }
        else
        {
            errors.Add($"{at}.value", $"{at}.value is an amount in {store} such as \"10.0\", not '{raw}'.");
        }

        if (given is null) return (value, null);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (code, other) in given)
        {
            var field = $"{at}.values.{code}";
            if (errors.Currency(field, code) is not { } normalized) continue;
            errors.Check(normalized != store, field, $"{normalized} is the store currency; set it with {at}.value.");
            errors.Amount(field, other, normalized);
            if (mustBePositive) errors.Check(other > 0, field, $"{field} must be more than 0.");
            values[normalized] = other;
        }
        return (value, values);
    }

    private static CartRuleConditionWire ToWire(CartRuleCondition c) => new(c.Field, c.Comparator, c.Value, c.ValueType, c.Values);

    private static CartRuleResultWire ToWire(CartRuleResult r) => new(r.Field, r.Value, r.ValueType, r.Values);

    /// <summary>A time with an offset is converted to UTC; one without is read as UTC, as discounts do.</summary>
    private static DateTime? AsUtc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
        { } v => v.ToUniversalTime(),
    };
}
