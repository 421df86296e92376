using System.Globalization;
using System.Text.RegularExpressions;
using Kassa.Validation;

namespace Kassa.AdminPages;

/// <summary>One input of an admin form. <see cref="Name"/> is the API's field name, so the API's errors land on it.</summary>
/// <param name="Kind">text, amount, integer, textarea, select, checkbox, date.</param>
public sealed record FormField(string Name, string Label, string Kind = "text", string? Hint = null,
    IReadOnlyList<(string Value, string Text)>? Choices = null, bool Required = false);

/// <summary>An edit form: its fields, what they hold now (as typed, or as stored) and the problems found in it.</summary>
public sealed class AdminForm
{
    public required string Title { get; init; }
    public required string Action { get; init; }
    public required IReadOnlyList<FormField> Fields { get; init; }
    public Dictionary<string, string?> Values { get; init; } = new(StringComparer.Ordinal);
    public FormErrors Errors { get; init; } = new();
    public string Submit { get; init; } = "Save";

    /// <summary>Links shown under the form (e.g. a product's variants).</summary>
    public IReadOnlyList<(string Text, string Href)> Links { get; init; } = [];

    public string? Value(string name) => Values.GetValueOrDefault(name);

    /// <summary>The values as posted, so a refused form shows what the owner typed.</summary>
    public static Dictionary<string, string?> Posted(IFormCollection form) =>
        form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(k => k, k => (string?)form[k].ToString(), StringComparer.Ordinal);
}

/// <summary>
/// Problems by form field, in words for a shop owner. The API's <see cref="FieldErrors"/> keys (<c>tax_rate</c>,
/// <c>options[1].amount</c>) are mapped to the form's fields and their wording to the fields' labels.
/// </summary>
public sealed partial class FormErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<string> this[string field] => _errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>Problems that belong to no field of the form.</summary>
    public List<string> General { get; } = [];

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    /// <summary>Takes the API's refusal: each error next to the form field it names, the rest (and the detail) above the form.</summary>
    public void Take(DomainException refusal, IReadOnlyList<FormField> fields, Func<string, string>? fieldOf = null)
    {
        if (refusal.Errors is not { Count: > 0 } errors)
        {
            General.Add(refusal.Message);
            return;
        }
        foreach (var (key, messages) in errors)
        {
            var name = (fieldOf ?? (k => k))(key);
            var field = fields.FirstOrDefault(f => f.Name == name) ?? fields.FirstOrDefault(f => f.Name == Stem(key));
            foreach (var message in messages)
            {
                if (field is null) General.Add(message);
                else Add(field.Name, Say(key, message, field, fields));
            }
        }
    }

    /// <summary>"options[1].amount" → "options": the field a list's entry was typed into.</summary>
    private static string Stem(string key) => Index().Replace(key, "").Split('.')[0];

    /// <summary>The API's message with field names turned into labels, and a list entry named by its line.</summary>
    private static string Say(string key, string message, FormField field, IReadOnlyList<FormField> fields)
    {
        var text = message.StartsWith(key + " ", StringComparison.Ordinal) ? field.Label + message[key.Length..] : message;
        // Another field the message names in quotes ("set it with 'price'") is named by its label too.
        foreach (var other in fields) text = text.Replace($"'{other.Name}'", $"'{other.Label}'", StringComparison.Ordinal);
        if (text.Length > 0) text = char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
        var line = Index().Match(key);
        return line.Success && field.Kind == "textarea" ? $"Line {int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) + 1}: {text}" : text;
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();
}

/// <summary>Reads what a form posted: text as typed, amounts and counts as the shop owner writes them.</summary>
public sealed class FormReader(IFormCollection form, FormErrors errors)
{
    /// <summary>The trimmed text, or null when empty.</summary>
    public string? Text(string name) => form[name].ToString().Trim() is { Length: > 0 } t ? t : null;

    public bool Checked(string name) => form[name].Count > 0 && form[name].ToString() is "on" or "true";

    /// <summary>An amount such as 19.90 or 19,90; null when empty. Not a number: the field says so.</summary>
    public decimal? Amount(string name, string example = "19.90")
    {
        if (Text(name) is not { } text) return null;
        if (decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(name, $"'{text}' is not a number; write it like {example}.");
        return null;
    }

    public int? Integer(string name)
    {
        if (Text(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(name, $"'{text}' is not a whole number.");
        return null;
    }

    public DateTime? Date(string name)
    {
        if (Text(name) is not { } text) return null;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)) return value;
        errors.Add(name, $"'{text}' is not a date; write it like 2026-12-31.");
        return null;
    }

    /// <summary>A list typed as "EE, LV LT": codes separated by commas or spaces.</summary>
    public List<string> Words(string name) =>
        [.. (Text(name) ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Lines of "name: amount" (or "name amount"); a line that has no amount is kept with none.</summary>
    public List<(string Name, decimal? Amount)> NamedAmounts(string name)
    {
        var result = new List<(string, decimal?)>();
        var lines = (Text(name) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var cut = Math.Max(lines[i].LastIndexOf(':'), lines[i].LastIndexOf(' '));
            // "Courier: 4.90" and "Courier 4.90" both name "Courier".
            var label = cut > 0 ? lines[i][..cut].Trim().TrimEnd(':').TrimEnd() : lines[i];
            var amountText = cut > 0 ? lines[i][(cut + 1)..].Trim() : "";
            if (decimal.TryParse(amountText.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                result.Add((label, amount));
            else
            {
                errors.Add(name, $"Line {i + 1}: write a name, a colon and an amount, like 'Courier: 4.90'.");
                result.Add((lines[i], null));
            }
        }
        return result;
    }
}
