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
    /// <param name="fieldOf">
    /// The form field of an API key when it is not the key itself. An index in the name is the line of a field typed one
    /// entry a line (<c>options.prices.NOK[2]</c>: the third line of <c>options.prices.NOK</c>).
    /// </param>
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
            var field = fields.FirstOrDefault(f => f.Name == name)
                ?? fields.FirstOrDefault(f => f.Name == Index().Replace(name, ""))
                ?? fields.FirstOrDefault(f => f.Name == Stem(name));
            foreach (var message in messages)
            {
                if (field is null) General.Add(message);
                else Add(field.Name, Say(key, name, message, field, fields));
            }
        }
    }

    /// <summary>"options[1].amount" → "options": the field a list's entry was typed into.</summary>
    private static string Stem(string key) => Index().Replace(key, "").Split('.')[0];

    /// <summary>The API's message with field names turned into labels, and a list entry named by its line.</summary>
    private static string Say(string key, string name, string message, FormField field, IReadOnlyList<FormField> fields)
    {
        // A message about a whole map shown at one of its fields ("prices are …" at prices.USD) keeps its own words.
        var text = message.StartsWith(key + " ", StringComparison.Ordinal) && !field.Name.StartsWith(key + ".", StringComparison.Ordinal)
            ? field.Label + message[key.Length..]
            : message;
        // Another field the message names in quotes ("set it with 'price'") is named by its label too.
        foreach (var other in fields) text = text.Replace($"'{other.Name}'", $"'{other.Label}'", StringComparison.Ordinal);
        if (text.Length > 0) text = char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
        var line = Index().Match(name);
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

/// <summary>
/// Amounts in other currencies than an amount's own (a product's or shipping method's <c>prices</c>, a fixed discount's,
/// a cart rule's <c>values</c>): one optional field per currency, named with the API's own key (<c>prices.NOK</c>,
/// <c>result.values.NOK</c>) so its problems land there. Saving sends the whole map: an empty field removes that
/// currency's amount, and a stored amount in a currency the form has no field for (one the store no longer sells in) is kept.
/// </summary>
/// <param name="Prefix">The API's name of the map: <c>prices</c>, <c>conditions[0].values</c>.</param>
/// <param name="Currencies">One field each, in the store's order.</param>
/// <param name="Suffix">What the API's key has after the currency (<c>.flat_rate</c> of <c>shipping.prices.NOK.flat_rate</c>).</param>
public sealed record CurrencyAmounts(string Prefix, IReadOnlyList<string> Currencies, string Suffix = "")
{
    /// <summary>The store's currencies but <paramref name="own"/> (the amount's own currency; the store's by default).</summary>
    public static IReadOnlyList<string> Others(Settings.StoreSettings settings, string? own = null) =>
        [.. new[] { settings.DefaultCurrency }.Concat(settings.AllowedCurrencies).Distinct().Where(c => c != (own ?? settings.DefaultCurrency))];

    public string NameOf(string currency) => $"{Prefix}.{currency}{Suffix}";

    /// <param name="label">What one is called: "Price" makes "Price (NOK)".</param>
    /// <param name="hint">The hint of a field, told its currency; null for none.</param>
    public IEnumerable<FormField> Fields(string label, string kind = "amount", Func<string, string>? hint = null) =>
        Currencies.Select(c => new FormField(NameOf(c), $"{label} ({c})", kind, hint?.Invoke(c)));

    /// <summary>Puts the stored amounts into the form's values, as the owner would type them.</summary>
    public void Fill(Dictionary<string, string?> values, IReadOnlyDictionary<string, decimal>? stored)
    {
        foreach (var currency in Currencies)
            if (stored is not null && stored.TryGetValue(currency, out var amount)) values[NameOf(currency)] = AdminCatalog.Amount(amount);
    }

    /// <summary>The map to send: each field's amount, and the stored ones of currencies without a field.</summary>
    public Dictionary<string, decimal> Read(FormReader read, IReadOnlyDictionary<string, decimal>? stored)
    {
        var amounts = Kept(stored);
        foreach (var currency in Currencies)
            if (read.Amount(NameOf(currency)) is { } amount) amounts[currency] = amount;
        return amounts;
    }

    /// <summary>The stored amounts in currencies the form has no field for, which a save keeps.</summary>
    public Dictionary<string, T> Kept<T>(IReadOnlyDictionary<string, T>? stored) =>
        (stored ?? new Dictionary<string, T>()).Where(kv => !Currencies.Contains(kv.Key)).ToDictionary();

    /// <summary>A problem with the whole map (<c>prices</c>: "a percentage is the same in every currency") is shown at its first field.</summary>
    public string? FieldOf(string key) => key == Prefix && Currencies.Count > 0 ? NameOf(Currencies[0]) : null;
}
