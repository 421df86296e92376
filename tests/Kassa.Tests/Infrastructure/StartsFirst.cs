using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Kassa.Tests.Infrastructure.LongestFirst", "Kassa.Tests")]

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Marks a test class that takes seconds on its own (child processes, real timeouts, thousands of writes), so that
/// <see cref="LongestFirst"/> starts it with the first ones rather than last, where it would end the run alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartsFirstAttribute : Attribute;

/// <summary>
/// Starts the shared-host collections (<see cref="SharedKassa"/>, many classes one after another) and the classes
/// marked <see cref="StartsFirstAttribute"/> before the rest. The suite's four test threads are busy throughout, so
/// what runs last decides how long the run takes: it should be many short classes, not one long one.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Rank(c)).ToList();

    private static int Rank(ITestCollection collection)
    {
        if (collection.DisplayName is SharedKassa.Carts or SharedKassa.Surface) return 0;
        // A class without a [Collection] is a collection of its own, named after it.
        const string own = "Test collection for ";
        var name = collection.DisplayName.StartsWith(own, StringComparison.Ordinal) ? collection.DisplayName[own.Length..] : null;
        var type = name is null ? null : typeof(LongestFirst).Assembly.GetType(name);
        return type?.IsDefined(typeof(StartsFirstAttribute), inherit: false) == true ? 1 : 2;
    }
}
