using Kassa.Carts;
namespace Kassa.Data;

/// <summary>A cart and its lines as read (<see cref="CartSaving.Snapshot"/>): the values and versions a cart write compares with.</summary>
internal sealed record CartSnapshot(Cart Cart, long Version, object?[] Values, List<(CartItem Item, long Version, object?[] Values)> Items);
