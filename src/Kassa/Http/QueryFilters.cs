using System.Globalization;
using System.Linq.Expressions;
using Kassa.Validation;

namespace Kassa.Http;

/// <summary>
/// Voog-style list filters: <c>q.&lt;object&gt;.&lt;attribute&gt;.$eq|$not_eq|$gt|$lt|$cont=value</c>.
/// Each list declares which attributes it exposes; anything else is a 400 that says what is allowed.
/// </summary>
public sealed class QueryFilters<T>(string objectName)
{
    private static readonly string[] Operators = ["$eq", "$not_eq", "$gt", "$lt", "$cont"];
    private readonly Dictionary<string, LambdaExpression> _attributes = new(StringComparer.Ordinal);

    public QueryFilters<T> Add<TProperty>(string attribute, Expression<Func<T, TProperty>> selector)
    {
        _attributes[attribute] = selector;
        return this;
    }

    public string ObjectName => objectName;

    /// <summary>The attributes this list filters on, with their types (for the OpenAPI document).</summary>
    public IEnumerable<(string Name, Type Type)> Attributes => _attributes.Select(a => (a.Key, a.Value.ReturnType));

    /// <summary>The operators an attribute of this type takes: <c>$cont</c> on text, <c>$gt</c>/<c>$lt</c> on numbers and dates.</summary>
    public static IEnumerable<string> OperatorsFor(Type type)
    {
        var core = Nullable.GetUnderlyingType(type) ?? type;
        return Operators.Where(op => op switch
        {
            "$cont" => type == typeof(string),
            "$gt" or "$lt" => core != typeof(string) && core != typeof(bool),
            _ => true,
        });
    }

    public IQueryable<T> Apply(IQueryable<T> query, HttpRequest request)
    {
        var errors = new FieldErrors();
        foreach (var (key, values) in request.Query)
        {
            if (!key.StartsWith("q.", StringComparison.Ordinal)) continue;
            if (values.Count != 1)
            {
                // "a,b" joined would be read as one value (1&2 becoming "1,2"); say so instead.
                errors.Add(key, $"{key} is given {values.Count} times; give each filter once.");
                continue;
            }
            if (!FieldRules.IsStorableText(values[0] ?? ""))
            {
                // PostgreSQL cannot compare text holding NUL; no stored value has one.
                errors.Add(key, $"{key} must be text without NUL (%00) characters.");
                continue;
            }
            var predicate = Build(key, values[0] ?? "", errors);
            if (predicate is not null) query = query.Where(predicate);
        }
        errors.ThrowIfAnyAsBadQuery();
        return query;
    }

    private Expression<Func<T, bool>>? Build(string key, string raw, FieldErrors errors)
    {
        var parts = key.Split('.');
        if (parts.Length != 4)
        {
            errors.Add(key, $"Filters look like q.{objectName}.<attribute>.<operator>=value.");
            return null;
        }
        var (obj, attribute, op) = (parts[1], parts[2], parts[3]);
        if (obj != objectName)
        {
            errors.Add(key, $"This list filters on '{objectName}' attributes, not '{obj}'.");
            return null;
        }
        if (!_attributes.TryGetValue(attribute, out var selector))
        {
            errors.Add(key, $"'{attribute}' cannot be filtered on; use one of: {string.Join(", ", _attributes.Keys)}.");
            return null;
        }
        if (Array.IndexOf(Operators, op) < 0)
        {
            errors.Add(key, $"Unknown operator '{op}'; use one of: {string.Join(", ", Operators)}.");
            return null;
        }

        var property = selector.Body;
        var type = property.Type;
        var core = Nullable.GetUnderlyingType(type) ?? type;
        var isNullable = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

        if (!OperatorsFor(type).Contains(op))
        {
            errors.Add(key, op == "$cont"
                ? $"$cont works on text attributes; '{attribute}' is not text."
                : $"{op} works on numbers and dates; '{attribute}' is not one.");
            return null;
        }

        if (op == "$cont")
        {
            var needle = Captured(raw.ToLowerInvariant(), typeof(string));
            var lower = Expression.Call(property, nameof(string.ToLower), Type.EmptyTypes);
            var contains = Expression.Call(lower, nameof(string.Contains), Type.EmptyTypes, needle);
            var notNull = Expression.NotEqual(property, Expression.Constant(null, typeof(string)));
            return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(notNull, contains), selector.Parameters);
        }

        Expression constant;
        if (raw == "null" && isNullable && op is "$eq" or "$not_eq")
        {
            constant = Expression.Constant(null, type);
        }
        else if (TryParse(raw, core, out var value))
        {
            constant = Captured(value, type);
        }
        else
        {
            errors.Add(key, $"'{raw}' is not a valid value for '{attribute}' ({Describe(core)}).");
            return null;
        }

        Expression body = op switch
        {
            "$eq" => Expression.Equal(property, constant),
            "$not_eq" => Expression.NotEqual(property, constant),
            "$gt" => Expression.GreaterThan(property, constant),
            _ => Expression.LessThan(property, constant),
        };
        return Expression.Lambda<Func<T, bool>>(body, selector.Parameters);
    }

    // A member access on a closure, so the database sees a parameter and reuses its query plan.
    private static Expression Captured(object value, Type type)
    {
        // Holder<> is nested in the generic QueryFilters<T>, so its definition takes T as well.
        var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(typeof(T), type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private static bool TryParse(string raw, Type type, out object value)
    {
        var invariant = CultureInfo.InvariantCulture;
        value = raw;
        if (type == typeof(string)) return true;
        if (type == typeof(long) && long.TryParse(raw, NumberStyles.AllowLeadingSign, invariant, out var l)) { value = l; return true; }
        if (type == typeof(int) && int.TryParse(raw, NumberStyles.AllowLeadingSign, invariant, out var i)) { value = i; return true; }
        if (type == typeof(decimal) && decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, invariant, out var d)) { value = d; return true; }
        if (type == typeof(bool) && bool.TryParse(raw, out var b)) { value = b; return true; }
        if (type == typeof(DateTime) && DateTime.TryParse(raw, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            value = DateTime.SpecifyKind(t, DateTimeKind.Utc);
            return true;
        }
        if (type == typeof(Guid) && Guid.TryParse(raw, out var g)) { value = g; return true; }
        return false;
    }

    private static string Describe(Type type) =>
        type == typeof(DateTime) ? "an ISO 8601 date or time" : type == typeof(Guid) ? "a UUID" : JsonTypeNames.Describe(type);
}
