using System.Collections.Concurrent;
using System.Data.Common;

namespace Kassa.Data;

/// <summary>
/// Catalog rows that cart reads share (a GET, a change of the cart alone): a product, a shipping method or the store
/// settings read at the version it had before is the instance built then, instead of one built again from its columns
/// (their JSON columns above all: a tenth of a cart GET). The version decides, so a changed row is read anew, and
/// since rows are only reused, never guessed, a reader on an older snapshot still gets the row as its snapshot has it.
/// One per app, so per database. The instances are shared by concurrent requests: they are never changed (a cart
/// write of the cart alone points its lines and its shipping choice to them and saves the cart's rows only; a tracked
/// cart write that attached and changed one fails in <c>CartSaving</c>), and a column changed without a new version
/// (the store's order counter, a discount's redemptions) is not to be read from them.
/// Work that holds the cart locked (creating a checkout, placing an order: it counts stock) reads rows of its own, and
/// so does any read inside a transaction, which could see a version that is never committed.
/// </summary>
public sealed class CatalogCache
{
    /// <summary>Rows kept at most; past that the cache starts over, so a huge catalog costs no more than before.</summary>
    public const int MaxRows = 10_000;

    private readonly ConcurrentDictionary<(Type, long), IVersioned> _rows = new();
    private int _count;

    /// <summary>The row as <paramref name="shared"/> shares it; without one (a read that must not share), a row of its own.</summary>
    public static T? Read<T>(CatalogCache? shared, EntityRows<T> rows, DbDataReader reader, int first) where T : class, IVersioned, new() =>
        shared is null ? rows.Read(reader, first) : shared.Read(rows, reader, first);

    /// <summary>Like <see cref="EntityRows{T}.Read"/>, but the instance is shared (see the class summary).</summary>
    public T? Read<T>(EntityRows<T> rows, DbDataReader reader, int first) where T : class, IVersioned, new()
    {
        if (reader.IsDBNull(first)) return null;
        var (key, version) = rows.KeyAndVersion(reader, first);
        var slot = (typeof(T), key);
        if (_rows.TryGetValue(slot, out var shared))
        {
            if (shared.Version == version) return (T)shared;
            var newer = rows.Read(reader, first)!;
            // A reader on an older snapshot does not put its older row back.
            if (version > shared.Version) _rows.TryUpdate(slot, newer, shared);
            return newer;
        }
        var row = rows.Read(reader, first)!;
        if (_rows.TryAdd(slot, row) && Interlocked.Increment(ref _count) > MaxRows)
        {
            _rows.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        return row;
    }
}
