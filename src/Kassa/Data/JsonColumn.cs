using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Data;

/// <summary>
/// Stores a small value object (a list or a map that is always read with its row) as a JSON text
/// column, the same way on SQLite and PostgreSQL.
/// </summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class, new()
    {
        property.HasConversion(
            value => JsonSerializer.Serialize(value, Options),
            json => JsonSerializer.Deserialize<T>(json, Options) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!));
        property.IsRequired();
        return property;
    }

    /// <summary>
    /// Like <see cref="HasJsonConversion{T}"/> for an optional immutable record (an address, a customer): null is
    /// a NULL column. A record cannot change in place, so change detection compares with its own equality and
    /// keeps the instance as the snapshot, instead of serializing both sides on every save.
    /// </summary>
    public static PropertyBuilder<T?> HasNullableJsonConversion<T>(this PropertyBuilder<T?> property) where T : class, IEquatable<T>
    {
        property.HasConversion(
            value => value == null ? null : JsonSerializer.Serialize(value, Options),
            json => json == null ? null : JsonSerializer.Deserialize<T>(json, Options),
            new ValueComparer<T?>(
                (a, b) => EqualityComparer<T?>.Default.Equals(a, b),
                value => value == null ? 0 : value.GetHashCode(),
                value => value));
        property.IsRequired(false);
        return property;
    }
}
