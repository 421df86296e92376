using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kassa.Data;

/// <summary>
/// Reads one entity type's columns from a hand-written query, using the EF model for everything that
/// matters (table, column names, value converters such as the JSON columns and UTC times), so the
/// hot read paths stay in step with the model without a second mapping to maintain. The reader is
/// compiled once per entity type: typed reads and the converters inlined, no boxing per column.
/// </summary>
public sealed class EntityRows<T> where T : class, new()
{
    private readonly string[] _columns;
    private readonly Func<DbDataReader, int, T> _read;
    private readonly bool _int32Key;
    private readonly int _version;

    public EntityRows(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entity.GetTableName()!;
        var properties = entity.GetProperties().ToList();
        _columns = properties.Select(p => p.GetColumnName()).ToArray();
        _read = Compile(properties);
        // EF lists the key first, which Read relies on as well.
        _int32Key = properties[0].ClrType == typeof(int);
        _version = properties.FindIndex(p => p.Name == nameof(IVersioned.Version));
    }

    public string Table { get; }

    /// <summary>How many columns <see cref="Select"/> lists, so readers of a joined row know where the next entity starts.</summary>
    public int Width => _columns.Length;

    /// <summary>The select list for this entity under a table alias, in the order <see cref="Read"/> expects.</summary>
    public string Select(string alias) => string.Join(", ", _columns.Select(c => $"{alias}.\"{c}\""));

    /// <summary>The entity whose columns start at <paramref name="first"/>; null when its key is NULL (an outer join found nothing).</summary>
    public T? Read(DbDataReader reader, int first) => reader.IsDBNull(first) ? null : _read(reader, first);

    /// <summary>The key and version of the row whose columns start at <paramref name="first"/>, without building the entity.</summary>
    public (long Key, long Version) KeyAndVersion(DbDataReader reader, int first)
    {
        if (_version < 0) throw new InvalidOperationException($"{typeof(T).Name} has no version.");
        var key = _int32Key ? reader.GetInt32(first) : reader.GetInt64(first);
        return (key, reader.GetInt64(first + _version));
    }

    /// <summary>
    /// <c>(reader, first) => new T { P0 = reader.IsDBNull(first) ? null : convert(reader.GetX(first)), … }</c>: a NULL
    /// leaves a non-nullable property as the entity's constructor set it.
    /// </summary>
    private static Func<DbDataReader, int, T> Compile(IReadOnlyList<IProperty> properties)
    {
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var first = Expression.Parameter(typeof(int), "first");
        var entity = Expression.Variable(typeof(T), "entity");
        var body = new List<Expression> { Expression.Assign(entity, Expression.New(typeof(T))) };
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            if (property.PropertyInfo is not { } info)
                throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is a shadow property; EntityRows reads mapped properties only.");
            var ordinal = Expression.Add(first, Expression.Constant(i));
            var target = Expression.Property(entity, info);
            var read = Expression.Assign(target, Expression.Convert(ReadValue(reader, ordinal, property), info.PropertyType));
            // A NOT NULL column needs no IsDBNull, which on SQLite is one more native call per column.
            if (!property.IsNullable)
            {
                body.Add(read);
                continue;
            }
            var nullable = !info.PropertyType.IsValueType || Nullable.GetUnderlyingType(info.PropertyType) is not null;
            body.Add(Expression.IfThenElse(
                Expression.Call(reader, IsDBNull, ordinal),
                nullable ? Expression.Assign(target, Expression.Default(info.PropertyType)) : Expression.Empty(),
                read));
        }
        body.Add(entity);
        return Expression.Lambda<Func<DbDataReader, int, T>>(Expression.Block([entity], body), reader, first).Compile();
    }

    /// <summary>The column read as the provider's type, then through the property's value converter, if any.</summary>
    private static Expression ReadValue(ParameterExpression reader, Expression ordinal, IProperty property)
    {
        var converter = property.GetTypeMapping().Converter;
        var providerType = converter?.ProviderClrType ?? property.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        Expression value = TypedGetters.TryGetValue(providerType, out var getter)
            ? getter.IsStatic ? Expression.Call(getter, reader, ordinal) : Expression.Call(reader, getter, ordinal)
            : Expression.Call(reader, nameof(DbDataReader.GetFieldValue), [providerType], ordinal);
        if (converter is null) return value;
        var fromProvider = converter.ConvertFromProviderExpression;
        return Expression.Invoke(fromProvider, Expression.Convert(value, fromProvider.Parameters[0].Type));
    }

    private static readonly MethodInfo IsDBNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;

    private static readonly Dictionary<Type, MethodInfo> TypedGetters = new()
    {
        [typeof(long)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetInt64), [typeof(int)])!,
        [typeof(int)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetInt32), [typeof(int)])!,
        [typeof(string)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetString), [typeof(int)])!,
        [typeof(decimal)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetDecimal), [typeof(int)])!,
        [typeof(bool)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetBoolean), [typeof(int)])!,
        [typeof(double)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetDouble), [typeof(int)])!,
        [typeof(DateTime)] = typeof(StoredDates).GetMethod(nameof(StoredDates.Read))!,
        [typeof(Guid)] = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetGuid), [typeof(int)])!,
    };
}
