using Microsoft.Extensions.Options;

namespace Kassa.Hosting;

/// <summary>Settings that start but are probably not what a shop in production wants, said once at start-up outside Development.</summary>
public static partial class StartupWarnings
{
    public static void Log(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (environment.IsDevelopment()) return;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupWarnings).FullName!);
        if (string.IsNullOrEmpty(services.GetRequiredService<IOptions<KassaOptions>>().Value.AdminApiKey))
            NoAdminKey(logger, environment.EnvironmentName);
    }

    [LoggerMessage(EventId = 1, EventName = "NoAdminKey", Level = LogLevel.Warning,
        Message = "No admin key is set in the {Environment} environment: the admin API answers 401 to everyone, so nobody can manage the catalog or orders. " +
                  "Set Kassa__AdminApiKey to a long random secret (e.g. from `openssl rand -hex 32`).")]
    private static partial void NoAdminKey(ILogger logger, string environment);
}
