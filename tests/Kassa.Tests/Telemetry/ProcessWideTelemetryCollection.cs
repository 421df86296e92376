namespace Kassa.Tests.Telemetry;

/// <summary>
/// Tests whose OpenTelemetry providers listen process-wide (a meter by its name, ASP.NET Core's and EF Core's sources)
/// run alone, after the parallel ones: another test host's requests would be counted and traced with theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    public const string Name = "Process-wide telemetry";
}
