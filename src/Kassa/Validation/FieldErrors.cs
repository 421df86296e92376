namespace Kassa.Validation;

/// <summary>Collects validation errors by field so one response names every problem at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Adds the message when the condition is false; returns the condition.</summary>
    public bool Check(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return condition;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationFailedException(ToDictionary());
    }

    public void ThrowIfAnyAsBadQuery()
    {
        if (Any) throw new BadQueryException(ToDictionary());
    }
}
