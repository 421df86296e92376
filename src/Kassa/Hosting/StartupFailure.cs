using System.Reflection;
using Microsoft.AspNetCore.Connections;

namespace Kassa.Hosting;

/// <summary>
/// How a failed start ends when Kassa is its own process: the sentence of a <see cref="StartupProblem"/> (or of an
/// address Kestrel cannot listen on) on standard error and exit code 1, with no stack trace. A failure that is no
/// setting's fault is a defect and keeps its stack trace. Hosted by another program (the tests' WebApplicationFactory),
/// Kassa leaves every exception to that host.
/// </summary>
public static class StartupFailure
{
    public static bool OwnsProcess => Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    /// <summary>The sentence for a failure at start-up, or null when it is not a setting's or the database's fault.</summary>
    public static string? Explain(Exception e) => e switch
    {
        StartupProblem problem => problem.Message,
        IOException { InnerException: AddressInUseException } bind =>
            $"{bind.Message.TrimEnd('.')}; stop what listens there or give Kassa another address, e.g. ASPNETCORE_URLS=http://127.0.0.1:5081 (or --urls).",
        FormatException url when url.TargetSite?.DeclaringType == typeof(BindingAddress) =>
            $"{url.Message.TrimEnd('.')}: Kassa listens on the addresses in ASPNETCORE_URLS (or --urls), written like http://127.0.0.1:5080 or http://0.0.0.0:8080, ';' between several.",
        _ => null,
    };

    /// <summary>
    /// Runs the reading of the settings. Code that reads configuration states what is wrong in an
    /// <see cref="InvalidOperationException"/> (the configuration binder, option checks), so each one becomes a <see cref="StartupProblem"/>.
    /// </summary>
    public static T Configuring<T>(Func<T> configure)
    {
        try
        {
            return configure();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupProblem(e.Message, e);
        }
    }
}
