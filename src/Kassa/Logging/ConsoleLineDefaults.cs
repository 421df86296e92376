using Microsoft.Extensions.Logging.Console;

namespace Kassa.Logging;

/// <summary>
/// What every console line carries unless <c>Logging:Console:FormatterOptions</c> says otherwise: a UTC timestamp to the
/// millisecond, and the scopes, among them the trace and span ids of the request (or of the background job) it belongs
/// to. The simple formatter writes each entry on one line. A value set in the configuration always wins; these only
/// fill what it leaves unset.
/// </summary>
public static class ConsoleLineDefaults
{
    private const string Section = "Logging:Console:FormatterOptions";

    public static ILoggingBuilder AddConsoleLineDefaults(this ILoggingBuilder logging)
    {
        // ASP.NET Core's default adds the parent span id too; the trace and the span are what a line is searched by.
        logging.Configure(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        logging.Services.AddOptions<SimpleConsoleFormatterOptions>().Configure<IConfiguration>((simple, configuration) =>
        {
            var set = configuration.GetSection(Section);
            Fill(simple, set, timestampFormat: "yyyy-MM-ddTHH:mm:ss.fffZ ");
            if (set[nameof(SimpleConsoleFormatterOptions.SingleLine)] is null) simple.SingleLine = true;
        });
        logging.Services.AddOptions<JsonConsoleFormatterOptions>().Configure<IConfiguration>((json, configuration) =>
            Fill(json, configuration.GetSection(Section), timestampFormat: "yyyy-MM-ddTHH:mm:ss.fffZ"));
        // The systemd formatter's options; journald stamps each line itself.
        logging.Services.AddOptions<ConsoleFormatterOptions>().Configure<IConfiguration>((systemd, configuration) =>
        {
            if (configuration.GetSection(Section)[nameof(ConsoleFormatterOptions.IncludeScopes)] is null) systemd.IncludeScopes = true;
        });
        return logging;
    }

    private static void Fill(ConsoleFormatterOptions options, IConfigurationSection set, string timestampFormat)
    {
        if (set[nameof(ConsoleFormatterOptions.TimestampFormat)] is null) options.TimestampFormat = timestampFormat;
        if (set[nameof(ConsoleFormatterOptions.UseUtcTimestamp)] is null) options.UseUtcTimestamp = true;
        if (set[nameof(ConsoleFormatterOptions.IncludeScopes)] is null) options.IncludeScopes = true;
    }
}
