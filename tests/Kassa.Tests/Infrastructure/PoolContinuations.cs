using System.Reflection;
using Xunit.Sdk;

[assembly: Kassa.Tests.Infrastructure.PoolContinuations]

namespace Kassa.Tests.Infrastructure;

/// <summary>
/// Runs the continuations of a test's awaits on the thread pool. xUnit 2 wraps the synchronisation context it finds when a
/// test starts, and with none (its default, conservative parallel algorithm) it posts every continuation to a thread
/// started for it alone: thousands of threads created and ended in a run, about a tenth of the suite's CPU
/// (docs/benchmarks.md). A plain <see cref="SynchronizationContext"/> posts to the thread pool, and an await treats it
/// as no context at all.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PoolContinuationsAttribute : BeforeAfterTestAttribute
{
    private static readonly SynchronizationContext ThreadPool = new();

    public override void Before(MethodInfo methodUnderTest)
    {
        if (SynchronizationContext.Current is null) SynchronizationContext.SetSynchronizationContext(ThreadPool);
    }

    public override void After(MethodInfo methodUnderTest)
    {
        if (SynchronizationContext.Current == ThreadPool) SynchronizationContext.SetSynchronizationContext(null);
    }
}
