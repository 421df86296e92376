using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kassa.Data;

/// <summary>
/// Reads one entity type's columns from a hand-written query, using the EF model for everything that
/// matters (table, column names, value converters such as the JSON columns and UTC times), so the
/// hot read paths stay in step with the model without a second mapping to maintain.
/// </summary>
public sealed class EntityRows<T> where T : class, new()
{
    private readonly Column[] _columns;

    public EntityRows(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entity.GetTableName()!;
        _columns = entity.GetProperties().Select(ColumnOf).ToArray();
    }

    public string Table { get; }

    /// <summary>How many columns <see cref="Select"/> lists, so readers of a joined row know where the next entity starts.</summary>
    public int Width => _columns.Length;

    /// <summary>The select list for this entity under a table alias, in the order <see cref="Read"/> expects.</summary>
    public string Select(string alias) => string.Join(", ", _columns.Select(c => $"{alias}.\"{c.Name}\""));

    /// <summary>The entity whose columns start at <paramref name="first"/>; null when its key is NULL (an outer join found nothing).</summary>
    public T? Read(DbDataReader reader, int first)
    {
        if (reader.IsDBNull(first)) return null;
        var entity = new T();
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            if (reader.IsDBNull(first + i))
            {
                if (column.Nullable) column.Set(entity, null);
                continue;
            }
            var value = column.Read(reader, first + i);
            column.Set(entity, column.Converter is null ? value : column.Converter.ConvertFromProvider(value));
        }
        return entity;
    }

    private static Column ColumnOf(IProperty property)
    {
        if (property.PropertyInfo is not { } info)
            throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is a shadow property; EntityRows reads mapped properties only.");
        var converter = property.GetTypeMapping().Converter;
        var providerType = converter?.ProviderClrType ?? property.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        var read = (Func<DbDataReader, int, object>)ReadMethod.MakeGenericMethod(providerType)
            .CreateDelegate(typeof(Func<DbDataReader, int, object>));
        var nullable = !info.PropertyType.IsValueType || Nullable.GetUnderlyingType(info.PropertyType) is not null;
        return new Column(property.GetColumnName(), read, converter, Setter(info), nullable);
    }

    private static readonly MethodInfo ReadMethod = typeof(EntityRows<T>).GetMethod(nameof(ReadValue), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static object ReadValue<TValue>(DbDataReader reader, int ordinal) => reader.GetFieldValue<TValue>(ordinal)!;

    private static Action<T, object?> Setter(PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(object));
        var assign = Expression.Assign(Expression.Property(entity, property), Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<T, object?>>(assign, entity, value).Compile();
    }

    private sealed record Column(string Name, Func<DbDataReader, int, object> Read, ValueConverter? Converter, Action<T, object?> Set, bool Nullable);
}
