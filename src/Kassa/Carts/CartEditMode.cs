namespace Kassa.Carts;

/// <summary>How the cart a <see cref="CartEditor"/> changes is saved, and so which rows its lines and choices may point to.</summary>
public enum CartEditMode
{
    /// <summary>
    /// A new cart or a change of the cart alone: compared with its snapshot and saved with fixed statements; its lines and
    /// shipping choice point to the catalog rows other requests share (<see cref="Data.CatalogCache"/>).
    /// </summary>
    CartAlone,

    /// <summary>Work in a transaction that saves with SaveChanges (a checkout): every row the cart comes to point to is tracked too.</summary>
    Tracked,
}
