using System.Diagnostics;

namespace Kassa.Http;

/// <summary>
/// One structured log entry per request (method, path, status, duration), at Information under the
/// category <c>Kassa.Http.RequestLog</c>. ASP.NET Core's HTTP logging middleware did the same in several
/// lines and at several times the cost per request (docs/benchmarks.md).
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Kassa.Http.RequestLog");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Completed(_logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void Completed(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);
}
