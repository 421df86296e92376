using System.Globalization;
using Kassa.CartRules;
using Kassa.Data;
using Kassa.Settings;
using Microsoft.EntityFrameworkCore;

namespace Kassa.AdminPages;

/// <summary>
/// Automatic cart rules, saved by the cart rules API's own create and update. Conditions are a few rows of field,
/// comparator and value, each value with a field per other currency of the store (<c>values</c>), as the result's.
/// </summary>
public static class AdminCartRules
{
    public static void MapAdminCartRules(this LazyEndpoints pages)
    {
        pages.Get("/cart-rules", List);
        pages.Get("/cart-rules/new", (HttpContext http, KassaDbContext db, CancellationToken ct) => Edit(null, http, db, ct));
        pages.Get("/cart-rules/{id:long}", (long id, HttpContext http, KassaDbContext db, CancellationToken ct) => Edit(id, http, db, ct));
        pages.Post("/cart-rules", (IFormCollection form, KassaDbContext db, CancellationToken ct) => Save(null, form, db, ct));
        pages.Post("/cart-rules/{id:long}", (long id, IFormCollection form, KassaDbContext db, CancellationToken ct) => Save(id, form, db, ct));
        pages.Deletes("/cart-rules", CartRulesApi.Crud.Delete, (id, http, db, ct, why, status) => Edit(id, http, db, ct, why, status));
    }

    private const string Section = "Cart rules";

    /// <summary>Empty condition rows the form offers beyond those the rule has.</summary>
    private const int SpareRows = 3;

    private static string Day(DateTime? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A condition row's amounts in the store's other currencies (<c>conditions[i].values</c>).</summary>
    private static CurrencyAmounts ConditionValues(int row, StoreSettings settings) => new($"conditions[{row}].values", CurrencyAmounts.Others(settings));

    private static CurrencyAmounts ResultValues(StoreSettings settings) => new("result.values", CurrencyAmounts.Others(settings));

    private static async Task<IResult> List(HttpContext http, KassaDbContext db, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var rules = await db.CartRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        return AdminUi.Page<TablePage>(new()
        {
            ["Title"] = "Cart rules", ["Section"] = Section, ["Notice"] = AdminUi.Notice(http.Request),
            ["Headers"] = new[] { "Rule", "When", "Result", "Position", "Valid", "Enabled" },
            ["Rows"] = rules.Select(r => new TableRow($"/admin/cart-rules/{r.Id}",
            [
                AdminWords.Of(r.Kind) + (r.TargetId is { } target ? $" (shipping method {target})" : ""),
                r.Conditions.Count == 0 ? "always" : string.Join(" and ", r.Conditions.Select(c => $"{c.Field} {c.Comparator} {c.Value}")),
                $"{AdminWords.Of(r.Result.Field)}: " + (r.Result.ValueType == CartRuleValueTypes.Percentage
                    ? AdminWords.Percent(decimal.Parse(r.Result.Value, CultureInfo.InvariantCulture))
                    : AdminWords.Money(decimal.Parse(r.Result.Value, CultureInfo.InvariantCulture), settings.DefaultCurrency)),
                r.Position.ToString(CultureInfo.InvariantCulture),
                $"{(r.ValidFrom is null ? "always" : Day(r.ValidFrom))} – {(r.ValidTo is null ? "no end" : Day(r.ValidTo))}",
                r.Enabled ? "yes" : "no",
            ])).ToList(),
            ["NewHref"] = "/admin/cart-rules/new", ["NewText"] = "New cart rule",
        });
    }

    private static async Task<AdminForm> Form(long? id, KassaDbContext db, FormErrors? errors, Dictionary<string, string?>? values, CancellationToken ct)
    {
        var settings = await db.GetStoreSettingsAsync(ct);
        var rule = id is { } rid ? await db.CartRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rid, ct) : null;
        var methods = await db.ShippingMethods.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        var rows = (rule?.Conditions.Count ?? 0) + SpareRows;
        List<FormField> fields =
        [
            new("kind", "Kind", "select",
                "Shipping cost: the shipping costs the result's amount. Items discount: taken off the items without a code. Minimum order value: checkout waits until the items reach the amount.",
                [(CartRuleKinds.ShippingCost, "Shipping cost"), (CartRuleKinds.ItemsDiscount, "Items discount"), (CartRuleKinds.MinimumOrderValue, "Minimum order value")]),
            new("target_id", "Shipping method", "select", "Shipping cost rules only: the method whose shipping it prices.",
                [("", "(every shipping method)"), .. methods.Select(m => (m.Id.ToString(CultureInfo.InvariantCulture), m.Name))]),
            new("enabled", "Enabled", "checkbox"),
            new("position", "Position", "integer", "Rules run from the lowest position up; leave empty on a new rule to put it last."),
            new("valid_from", "Valid from", "date"),
            new("valid_to", "Valid until", "date", "The last day included."),
        ];
        for (var i = 0; i < rows; i++)
        {
            fields.Add(new($"conditions[{i}].field", $"Condition {i + 1}: field", "select", i == 0 ? "Every condition must hold; leave a row's field empty to not use it." : null,
                [("", "(none)"), .. CartRuleFields.Conditions.Select(f => (f, AdminWords.Of(f)))]));
            fields.Add(new($"conditions[{i}].comparator", $"Condition {i + 1}: comparator", "select", Choices: [.. CartRuleComparators.All.Select(c => (c, c))]));
            fields.Add(new($"conditions[{i}].value", $"Condition {i + 1}: value",
                Hint: i == 0 ? $"An amount in {settings.DefaultCurrency}, a number of units, or a two-letter country or three-letter currency code." : null));
            fields.AddRange(ConditionValues(i, settings).Fields($"Condition {i + 1}: value",
                hint: i == 0 ? c => $"For an amount: the amount in {c}; left empty, the rule never applies to a cart in {c} (amounts are never converted)." : null));
        }
        fields.Add(new("result.field", "Result: field", "select", "What the rule sets: the shipping's cost, the items' discount, or the minimum the items must reach.",
            [.. new[] { CartRuleFields.ShippingSubtotalAmount, CartRuleFields.ItemsDiscountAmount, CartRuleFields.ItemsSubtotalAmount, CartRuleFields.ItemsTotalAmount }
                .Select(f => (f, AdminWords.Of(f)))]));
        fields.Add(new("result.value", "Result: value", "amount", $"An amount in {settings.DefaultCurrency} or, for a percentage, a percent.", Required: true));
        fields.AddRange(ResultValues(settings).Fields("Result: value",
            hint: c => $"For an amount: the amount in {c}; left empty, the rule never applies to a cart in {c}. A percentage needs none."));
        fields.Add(new("result.value_type", "Result: value is", "select", Choices: [(CartRuleValueTypes.Decimal, "An amount"), (CartRuleValueTypes.Percentage, "A percentage")]));

        if (values is null && rule is null)
            values = new() { ["kind"] = CartRuleKinds.ShippingCost, ["enabled"] = "true", ["result.field"] = CartRuleFields.ShippingSubtotalAmount, ["result.value_type"] = CartRuleValueTypes.Decimal };
        else if (values is null)
        {
            values = new()
            {
                ["kind"] = rule!.Kind, ["target_id"] = rule.TargetId?.ToString(CultureInfo.InvariantCulture), ["enabled"] = rule.Enabled ? "true" : null,
                ["position"] = rule.Position.ToString(CultureInfo.InvariantCulture), ["valid_from"] = Day(rule.ValidFrom), ["valid_to"] = Day(rule.ValidTo),
                ["result.field"] = rule.Result.Field, ["result.value"] = rule.Result.Value, ["result.value_type"] = rule.Result.ValueType,
            };
            for (var i = 0; i < rule.Conditions.Count; i++)
            {
                values[$"conditions[{i}].field"] = rule.Conditions[i].Field;
                values[$"conditions[{i}].comparator"] = rule.Conditions[i].Comparator;
                values[$"conditions[{i}].value"] = rule.Conditions[i].Value;
                ConditionValues(i, settings).Fill(values, rule.Conditions[i].Values);
            }
            ResultValues(settings).Fill(values, rule.Result.Values);
        }
        return new AdminForm
        {
            Title = rule is null ? "New cart rule" : $"Cart rule {rule.Id}: {AdminWords.Of(rule.Kind).ToLowerInvariant()}",
            Action = rule is null ? "/admin/cart-rules" : $"/admin/cart-rules/{rule.Id}",
            Fields = fields, Values = values, Errors = errors ?? new(),
        };
    }

    private static async Task<IResult> Edit(long? id, HttpContext http, KassaDbContext db, CancellationToken ct, string? refusal = null, int status = StatusCodes.Status200OK)
    {
        if (id is { } rid && !await db.CartRules.AnyAsync(r => r.Id == rid, ct)) return TypedResults.NotFound();
        return AdminUi.Page<FormPage>(new()
        {
            ["Form"] = await Form(id, db, null, null, ct), ["Section"] = Section, ["Notice"] = AdminUi.Notice(http.Request), ["Refusal"] = refusal,
            ["ChildContent"] = id is null ? null : AdminDelete.Button($"/admin/cart-rules/{id}/delete", "Delete this rule"),
        }, status);
    }

    private static async Task<IResult> Save(long? id, IFormCollection posted, KassaDbContext db, CancellationToken ct)
    {
        var existing = id is { } rid ? await db.CartRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rid, ct) : null;
        if (id is not null && existing is null) return TypedResults.NotFound();
        var settings = await db.GetStoreSettingsAsync(ct);
        var errors = new FormErrors();
        var read = new FormReader(posted, errors);

        // The API numbers the conditions sent; rows left empty are not sent, so its conditions[k] is the form's row rowOf[k].
        var conditions = new List<CartRuleConditionWire>();
        var rowOf = new List<int>();
        for (var i = 0; posted.ContainsKey($"conditions[{i}].field") || posted.ContainsKey($"conditions[{i}].value"); i++)
        {
            var field = read.Text($"conditions[{i}].field");
            var value = read.Text($"conditions[{i}].value");
            // Amounts in currencies the form has no field for are kept while the row's field stays the same.
            var amounts = ConditionValues(i, settings).Read(read,
                existing?.Conditions.ElementAtOrDefault(i) is { } before && before.Field == field ? before.Values : null);
            if (field is null && value is null && amounts.Count == 0) continue;
            conditions.Add(new(field, read.Text($"conditions[{i}].comparator"), field is not null && CartRuleFields.IsAmount(field) ? value?.Replace(',', '.') : value, null,
                amounts.Count > 0 ? amounts : null));
            rowOf.Add(i);
        }
        var resultField = read.Text("result.field");
        var resultType = read.Text("result.value_type") ?? CartRuleValueTypes.Decimal;
        var resultValues = ResultValues(settings).Read(read,
            existing?.Result is { } r && r.Field == resultField && r.ValueType == resultType ? r.Values : null);
        var result = new CartRuleResultWire(resultField, read.Text("result.value")?.Replace(',', '.'), resultType, resultValues.Count > 0 ? resultValues : null);

        var targetId = read.Text("target_id") is { } targetText && long.TryParse(targetText, CultureInfo.InvariantCulture, out var target) ? target : (long?)null;
        var position = read.Integer("position");
        // The last day a rule is valid is kept to its end, as a discount code's.
        var validTo = read.Date("valid_to") is { } to ? to.AddDays(1).AddMilliseconds(-1) : (DateTime?)null;
        var request = new CartRuleRequest(
            read.Checked("enabled"), position is { } p ? p : default(Http.Optional<int>), read.Text("kind") ?? "",
            targetId is null ? (string?)null : CartRuleTargetKinds.ShippingMethod, targetId, conditions, result, read.Date("valid_from"), validTo);

        return await AdminCatalog.SaveAsync(errors, posted, "/admin/cart-rules", id,
            async () => id is { } existingId
                ? (await CartRulesApi.Crud.Update(existingId, request, db, ct)).Value!.Id
                : (await CartRulesApi.Crud.Create(request, db, ct)).Value!.Id,
            (e, v) => Form(id, db, e, v, ct), Section, db, FieldOf);

        string FieldOf(string key)
        {
            if (key == "target_kind") return "target_id";
            if (key.StartsWith("conditions[", StringComparison.Ordinal) && key.IndexOf(']') is var end and > 11
                && int.TryParse(key[11..end], CultureInfo.InvariantCulture, out var k) && k < rowOf.Count)
            {
                var row = $"conditions[{rowOf[k]}]{key[(end + 1)..]}";
                return ConditionValues(rowOf[k], settings).FieldOf(row) ?? row;
            }
            return ResultValues(settings).FieldOf(key) ?? key;
        }
    }
}
