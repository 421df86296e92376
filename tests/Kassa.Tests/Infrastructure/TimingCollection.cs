namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Tests that measure latency run alone, after the parallel ones: other test classes sharing the two cores would
/// measure the machine, not Kassa.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
