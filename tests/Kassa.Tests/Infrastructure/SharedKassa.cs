namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Kassa hosts shared by test classes that only read the demo catalog and the settings, and work on carts, checkouts
/// and orders they make themselves: a host's start costs more than most of these classes' tests. The classes of one
/// collection run one after another, so a test's before-and-after comparison (a row count, a snapshot) sees only its
/// own writes. A class that moves the clock, changes the settings or the catalog (stock included), counts rows
/// absolutely or configures Kassa differently keeps a host of its own (<c>IClassFixture&lt;KassaFactory&gt;</c>).
/// There are two, so that they run side by side.
/// </summary>
public static class SharedKassa
{
    /// <summary>Cart tests.</summary>
    public const string Carts = "Shared Kassa: carts";

    /// <summary>Checkout, HTTP surface and host tests.</summary>
    public const string Surface = "Shared Kassa: checkouts and the HTTP surface";
}

[CollectionDefinition(SharedKassa.Carts)]
public sealed class SharedCartsKassa : ICollectionFixture<KassaFactory>;

[CollectionDefinition(SharedKassa.Surface)]
public sealed class SharedSurfaceKassa : ICollectionFixture<KassaFactory>;
