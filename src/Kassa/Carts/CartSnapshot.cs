namespace Kassa.Carts;

/// <summary>A cart and its lines as read (<see cref="CartSaving.Snapshot"/>): the values and versions a cart write compares with.</summary>
public sealed class CartSnapshot
{
    internal CartSnapshot(Cart cart, long version, object?[] values, List<(CartItem Item, long Version, object?[] Values)> items)
    {
        Cart = cart;
        Version = version;
        Values = values;
        Items = items;
    }

    internal Cart Cart { get; }
    internal long Version { get; }
    internal object?[] Values { get; }
    internal List<(CartItem Item, long Version, object?[] Values)> Items { get; }
}
