using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kassa.Data;

/// <summary>
/// The write side of <see cref="EntityRows{T}"/>: INSERT, UPDATE and DELETE statements for one versioned
/// entity type, built once from the EF model (table, column names, type mappings with their value
/// converters), so a hot write path can skip EF's unit of work without a second mapping to maintain.
/// UPDATE and DELETE check the row's version when it is a concurrency token, as SaveChanges does.
/// </summary>
public sealed class EntityWrites<T> where T : class, IVersioned, IEntity
{
    private readonly Column[] _columns;
    private readonly Column _key;
    private readonly RelationalTypeMapping? _versionMapping;

    public EntityWrites(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var version = entity.FindProperty(nameof(IVersioned.Version))!;
        _key = ColumnOf(key, "@key");
        _columns = entity.GetProperties().Where(p => p != key).Select((p, i) => ColumnOf(p, $"@p{i}")).ToArray();
        _versionMapping = version.IsConcurrencyToken ? (RelationalTypeMapping)version.GetTypeMapping() : null;

        var names = string.Join(", ", _columns.Select(c => $"\"{c.Name}\""));
        var values = string.Join(", ", _columns.Select(c => c.Parameter));
        var keyed = $"\"{_key.Name}\" = @key" + (_versionMapping is null ? "" : $" AND \"{version.GetColumnName()}\" = @original");
        InsertSql = $"INSERT INTO \"{table}\" ({names}) VALUES ({values}) RETURNING \"{_key.Name}\"";
        UpdateSql = $"UPDATE \"{table}\" SET {string.Join(", ", _columns.Select(c => $"\"{c.Name}\" = {c.Parameter}"))} WHERE {keyed}";
        DeleteSql = $"DELETE FROM \"{table}\" WHERE {keyed}";
    }

    /// <summary>Inserts every column but the generated key; the statement returns the new key.</summary>
    public string InsertSql { get; }

    /// <summary>Writes every column of the row whose key is <c>@key</c> (and version <c>@original</c> when it is a concurrency token).</summary>
    public string UpdateSql { get; }

    /// <summary>Deletes the row whose key is <c>@key</c> (and version <c>@original</c> when it is a concurrency token).</summary>
    public string DeleteSql { get; }

    /// <summary>
    /// Adds the entity's columns (<see cref="InsertSql"/>, <see cref="UpdateSql"/>) to <paramref name="target"/>, a command's
    /// or a batch command's parameters; <paramref name="factory"/> is a command of the same connection that creates them.
    /// </summary>
    public void BindColumns(DbCommand factory, DbParameterCollection target, T entity)
    {
        foreach (var column in _columns) target.Add(column.Bind(factory, entity));
    }

    /// <summary>
    /// The entity's column values as EF's change tracking would snapshot them (each property's value comparer), for
    /// <see cref="Changed"/>: a write that saves without EF finds out what it changed, without attaching the entity.
    /// </summary>
    public object?[] Snapshot(T entity)
    {
        var values = new object?[_columns.Length];
        for (var i = 0; i < _columns.Length; i++) values[i] = _columns[i].Comparer.Snapshot(_columns[i].Get(entity));
        return values;
    }

    /// <summary>Whether any column of <paramref name="entity"/> differs from its <see cref="Snapshot"/>, compared as EF compares it.</summary>
    public bool Changed(T entity, object?[] snapshot)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_columns[i].Comparer.Equals(snapshot[i], _columns[i].Get(entity))) return true;
        }
        return false;
    }

    /// <summary>Adds the key and the version the row must still have (<see cref="UpdateSql"/>, <see cref="DeleteSql"/>).</summary>
    public void BindKey(DbCommand factory, DbParameterCollection target, T entity, long originalVersion)
    {
        target.Add(_key.Bind(factory, entity));
        if (_versionMapping is not null) target.Add(_versionMapping.CreateParameter(factory, "@original", originalVersion));
    }

    private static Column ColumnOf(IProperty property, string parameter)
    {
        if (property.PropertyInfo is not { } info)
            throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is a shadow property; EntityWrites writes mapped properties only.");
        return new Column(property.GetColumnName(), parameter, (RelationalTypeMapping)property.GetTypeMapping(), Getter(info), property.IsNullable,
            property.GetValueComparer());
    }

    private static Func<T, object?> Getter(PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(T));
        var read = Expression.Convert(Expression.Property(entity, property), typeof(object));
        return Expression.Lambda<Func<T, object?>>(read, entity).Compile();
    }

    // Parameter names carry their prefix: Microsoft.Data.Sqlite looks a bare name up under each prefix in turn, and each
    // lookup scans the statement's parameter names (a few percent of a cart write).
    private sealed record Column(string Name, string Parameter, RelationalTypeMapping Mapping, Func<T, object?> Get, bool Nullable, ValueComparer Comparer)
    {
        // The type mapping converts to the provider's value (JSON text, UTC time) the way SaveChanges does.
        public DbParameter Bind(DbCommand command, T entity) => Mapping.CreateParameter(command, Parameter, Get(entity), Nullable);
    }
}
