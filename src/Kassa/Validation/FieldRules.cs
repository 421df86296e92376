using Kassa.Data;
using Kassa.Pricing;

namespace Kassa.Validation;

/// <summary>The checks every feature applies to the same kinds of field, worded the same way.</summary>
public static class FieldRules
{
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static void Text(this FieldErrors errors, string field, string? value, int maxLength, bool required = false)
    {
        if (value is null || value.Trim().Length == 0)
        {
            if (required) errors.Add(field, $"{field} is required and must not be blank.");
            return;
        }
        if (!errors.Check(value.Length <= maxLength, field, $"{field} must be at most {maxLength} characters.")) return;
        errors.Check(IsStorableText(value), field, $"{field} must be valid Unicode text without NUL (\\u0000) characters.");
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000, and neither database can hold a lone UTF-16 surrogate
    /// (JSON allows both as escapes), so such text is refused up front rather than failing the save.
    /// </summary>
    public static bool IsStorableText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Checks that a value object kept in a JSON text column fits the column's declared length once
    /// serialized the way the column stores it (non-ASCII text is escaped, so it can grow sixfold).
    /// </summary>
    public static void FitsJsonColumn<TEntity>(this FieldErrors errors, KassaDbContext db, string property, string field, object value)
    {
        var column = db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property);
        if (column?.GetMaxLength() is not { } max || column.GetValueConverter()?.ConvertToProvider(value) is not string stored) return;
        errors.Check(stored.Length <= max, field,
            $"{field} is too large to store: {stored.Length} characters as JSON, at most {max}. Use fewer or shorter entries.");
    }

    public static void Amount(this FieldErrors errors, string field, decimal value, string currency)
    {
        if (!errors.Check(value >= 0, field, $"{field} must not be negative.")) return;
        if (!errors.Check(value <= MaxAmount, field, $"{field} must be at most {MaxAmount}.")) return;
        errors.Check(Money.FitsMinorUnits(value, currency), field,
            $"{field} has more decimals than {currency} allows ({Currencies.MinorUnits(currency)}).");
    }

    public static void TaxRate(this FieldErrors errors, string field, decimal value)
    {
        if (!errors.Check(value is >= 0 and <= 100, field, $"{field} is a percentage and must be from 0 to 100.")) return;
        errors.Check(decimal.Round(value, 4) == value, field, $"{field} may have at most 4 decimals.");
    }

    /// <summary>Validates an ISO 4217 code; returns it upper-cased, or null when invalid.</summary>
    public static string? Currency(this FieldErrors errors, string field, string? value)
    {
        var normalized = Currencies.Normalize(value);
        if (normalized is null) errors.Add(field, $"'{value}' is not an ISO 4217 currency code (e.g. EUR, USD, JPY).");
        return normalized;
    }

    /// <summary>Validates an ISO 3166 alpha-2 code; returns it upper-cased, or null when invalid.</summary>
    public static string? CountryCode(this FieldErrors errors, string field, string? value)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: 2 } && trimmed.All(char.IsAsciiLetter)) return trimmed.ToUpperInvariant();
        errors.Add(field, $"'{value}' is not a two-letter ISO 3166 country code (e.g. EE, NO).");
        return null;
    }

    /// <summary>Like <see cref="CountryCode"/>, and the code must be one ISO 3166 assigns (XX is not a country).</summary>
    public static string? AssignedCountryCode(this FieldErrors errors, string field, string? value)
    {
        var code = errors.CountryCode(field, value);
        if (code is not null && !CountryCodes.IsAssigned(code))
        {
            errors.Add(field, $"'{value}' is not an assigned ISO 3166 country code (e.g. EE, FI, NO).");
            return null;
        }
        return code;
    }

    public static void LanguageCode(this FieldErrors errors, string field, string? value) =>
        errors.Check(value is { Length: >= 2 and <= 10 } && value.All(c => char.IsAsciiLetter(c) || c == '-'), field,
            $"'{value}' is not a language code (e.g. en, et, pt-BR).");

    /// <summary>An e-mail address (at most 254 characters, RFC 5321); true when the value is one.</summary>
    public static bool Email(this FieldErrors errors, string field, string value)
    {
        if (value.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(value, out _)) return true;
        errors.Add(field, $"'{value}' is not an email address.");
        return false;
    }

    public static void AbsoluteUrl(this FieldErrors errors, string field, string? value)
    {
        if (value is null) return;
        errors.Check(value.Length <= 2000 && IsStorableText(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
            field, $"{field} must be an absolute http or https URL.");
    }

    public static void OneOf(this FieldErrors errors, string field, string? value, string[] allowed) =>
        errors.Check(value is not null && allowed.Contains(value), field, $"{field} must be one of: {string.Join(", ", allowed)}.");
}
