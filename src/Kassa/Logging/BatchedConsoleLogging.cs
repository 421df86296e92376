using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Kassa.Logging;

public static class BatchedConsoleLogging
{
    /// <summary>
    /// Console logging as ASP.NET Core configures it (formatters, <c>Logging:Console</c> options and
    /// levels), written by <see cref="BatchedConsoleLoggerProvider"/> in place of the stock provider.
    /// </summary>
    public static ILoggingBuilder AddBatchedConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole();
        foreach (var stock in logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            logging.Services.Remove(stock);
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        return logging;
    }
}
