using System.Globalization;
using System.Text.Json;
using Kassa.Http;
using Kassa.Settings;
using Kassa.Validation;

namespace Kassa.Carts;

/// <summary>
/// Checks shopper-entered custom field values against the store's definitions (the cart's
/// custom_field_metadata) and stores them in one canonical form per kind.
/// </summary>
public static class CustomFieldValues
{
    public const int MaxTextLength = 2000;

    /// <summary>Validates every value; returns the canonical values to store (null removes a value).</summary>
    public static Dictionary<string, object?> Normalize(
        IReadOnlyDictionary<string, JsonElement> values, IReadOnlyList<CustomFieldDefinition> definitions, FieldErrors errors)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var field = $"custom_field_values.{key}";
            var definition = definitions.FirstOrDefault(d => d.Key == key);
            if (definition is null)
            {
                errors.Add(field, definitions.Count == 0
                    ? "The store defines no custom fields."
                    : $"Unknown custom field; the store defines: {string.Join(", ", definitions.Select(d => d.Key))}.");
                continue;
            }
            if (value.ValueKind == JsonValueKind.Null)
            {
                result[key] = null;
                continue;
            }
            var canonical = Canonical(definition.Kind, value);
            if (canonical is null) errors.Add(field, Expected(definition.Kind));
            else result[key] = canonical;
        }
        return result;
    }

    /// <summary>The store's required custom fields that the cart has not filled; the one rule for edits and checkout.</summary>
    public static IEnumerable<Settings.CustomFieldDefinition> MissingRequired(Cart cart) =>
        cart.Store.CustomFields.Where(f => f.Required && !IsFilled(cart.CustomFieldValues, f.Key));

    public static bool IsFilled(IReadOnlyDictionary<string, object?> values, string key) =>
        values.TryGetValue(key, out var value) && value switch
        {
            null => false,
            JsonElement { ValueKind: JsonValueKind.Null } => false,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!.Trim().Length > 0,
            string s => s.Trim().Length > 0,
            _ => true,
        };

    private static object? Canonical(string kind, JsonElement value) => kind switch
    {
        "date" when value.ValueKind == JsonValueKind.String &&
                    DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "time" when value.ValueKind == JsonValueKind.String &&
                    TimeOnly.TryParseExact(value.GetString(), ["HH:mm:ss", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        "checkbox" when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
        "text" when value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= MaxTextLength } text && FieldRules.IsStorableText(text) => text,
        _ => null,
    };

    private static string Expected(string kind) => kind switch
    {
        "date" => "Expected a date as \"YYYY-MM-DD\".",
        "time" => "Expected a time as \"HH:MM:SS\" or \"HH:MM\".",
        "checkbox" => "Expected true or false.",
        _ => $"Expected text of at most {MaxTextLength} characters, without NUL (\\u0000) characters.",
    };
}
