using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kassa.Tests.Hosting;

public sealed class StartupWarningsTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task Startup_warns_when_no_admin_key_is_set_outside_development()
    {
        (string Environment, string? Key, bool Warns)[] cases =
        [
            ("Production", "", true),
            ("Staging", null, true),
            ("Development", "", false),
            ("Production", KassaFactory.AdminKey, false),
        ];
        foreach (var (environment, key, warns) in cases)
        {
            var capture = new CapturingProvider();
            await using (var host = factory.WithWebHostBuilder(builder => builder
                             .UseEnvironment(environment)
                             .UseSetting("Kassa:AdminApiKey", key)
                             .ConfigureLogging(logging => logging.AddProvider(capture))))
            {
                _ = host.Services; // builds and starts the host
            }
            var warnings = capture.Messages.Where(m => m.Contains("admin key", StringComparison.OrdinalIgnoreCase)).ToList();
            if (!warns)
            {
                Assert.True(warnings.Count == 0, $"{environment}, key '{key}': {string.Join(" | ", warnings)}");
                continue;
            }
            var warning = Assert.Single(warnings);
            Assert.Contains($"No admin key is set in the {environment} environment", warning);
            Assert.Contains("Kassa__AdminApiKey", warning);
        }
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Warning) messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
