using System.Collections.Concurrent;
using System.Net;
using Kassa.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Kassa.Tests.Http;

/// <summary>Every request leaves one structured log entry with its method, path, status and duration.</summary>
[Collection(SharedKassa.Surface)]
public sealed class RequestLogTests(KassaFactory factory)
{
    [Fact]
    public async Task Each_request_is_logged_once_with_method_path_status_and_duration()
    {
        var capture = new CapturingProvider();
        var client = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging
                .AddProvider(capture)
                .AddFilter<CapturingProvider>("Kassa.Http.RequestLog", LogLevel.Information)))
            .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cart/not-a-cart")).StatusCode);

        var entries = capture.Entries.Where(e => e.Category == "Kassa.Http.RequestLog").ToList();
        Assert.Equal(2, entries.Count);
        var ok = entries[0].State;
        Assert.Equal("GET", ok["Method"]);
        Assert.Equal("/health/live", ok["Path"]);
        Assert.Equal(200, ok["StatusCode"]);
        Assert.IsType<double>(ok["ElapsedMilliseconds"]);
        Assert.Equal(404, entries[1].State["StatusCode"]);
        Assert.Matches(@"^GET /api/cart/not-a-cart answered 404 in \d+\.\d ms$", entries[1].Message);
        Assert.All(entries, e => Assert.Equal(LogLevel.Information, e.Level));
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, Dictionary<string, object?> State);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? pairs.ToDictionary(p => p.Key, p => p.Value)
                    : [];
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), fields));
            }
        }
    }
}
