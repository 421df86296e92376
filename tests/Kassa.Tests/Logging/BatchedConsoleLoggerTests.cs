using Kassa.Logging;
using Kassa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kassa.Tests.Logging;

/// <summary>
/// The batched console provider writes what the stock console provider writes (same formatters and
/// options), in order, to stdout or stderr by the configured threshold, and loses nothing on dispose.
/// </summary>
[Collection(SharedKassa.Surface)]
public sealed class BatchedConsoleLoggerTests(KassaFactory factory)
{
    [Fact]
    public void Lines_are_formatted_by_the_configured_formatter_and_written_in_order()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        using (var provider = Provider(new ConsoleLoggerOptions(), output, error))
        {
            var logger = provider.CreateLogger("Kassa.Test");
            for (var i = 0; i < 1200; i++) logger.LogInformation("line {Number}", i);
        }

        var text = output.ToString();
        Assert.StartsWith("info: Kassa.Test[0]" + Environment.NewLine + "      line 0" + Environment.NewLine, text);
        var numbers = text.Split(Environment.NewLine).Where(l => l.StartsWith("      line ", StringComparison.Ordinal))
            .Select(l => int.Parse(l["      line ".Length..])).ToList();
        Assert.Equal(Enumerable.Range(0, 1200), numbers);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Levels_at_the_threshold_go_to_standard_error_and_the_json_formatter_is_honoured()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = new ConsoleLoggerOptions { FormatterName = ConsoleFormatterNames.Json, LogToStandardErrorThreshold = LogLevel.Error };
        using (var provider = Provider(options, output, error))
        {
            var logger = provider.CreateLogger("Kassa.Test");
            logger.LogWarning("careful");
            logger.LogError(new InvalidOperationException("broken"), "failed {Thing}", "save");
        }

        Assert.Contains("\"LogLevel\":\"Warning\"", output.ToString());
        Assert.DoesNotContain("failed", output.ToString());
        Assert.Contains("\"Message\":\"failed save\"", error.ToString());
        Assert.Contains("broken", error.ToString());
    }

    [Fact]
    public async Task An_error_or_a_full_batch_is_written_without_waiting_for_the_interval()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = new ConsoleLoggerOptions { LogToStandardErrorThreshold = LogLevel.Error };
        var writer = Writer(output, error, interval: Timeout.InfiniteTimeSpan);
        using var provider = Provider(options, writer);
        var logger = provider.CreateLogger("Kassa.Test");

        // With no interval, only a wake-up makes the writer write; an information line asks for none.
        logger.LogInformation("waits");
        Assert.Equal(0, writer.WakeUps);
        Assert.Equal("", Read(output));

        logger.LogError("now");
        Assert.Contains("now", await ReadUntilAsync(error, "now"));
        Assert.Contains("waits", Read(output));

        for (var i = 0; i < BatchedConsoleWriter.BatchSize; i++) logger.LogInformation("batch {Number}", i);
        Assert.Contains($"batch {BatchedConsoleWriter.BatchSize - 1}", await ReadUntilAsync(output, $"batch {BatchedConsoleWriter.BatchSize - 1}"));
    }

    [Fact]
    public void A_full_queue_drops_lines_when_the_options_say_so()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = new ConsoleLoggerOptions { MaxQueueLength = 3, QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite };
        using (var provider = Provider(options, output, error, interval: Timeout.InfiniteTimeSpan))
        {
            var logger = provider.CreateLogger("Kassa.Test");
            for (var i = 0; i < 5; i++) logger.LogInformation("line {Number}", i);
        }

        Assert.Equal(["line 0", "line 1", "line 2"], output.ToString().Split(Environment.NewLine).Where(l => l.Contains("line")).Select(l => l.Trim()));
    }

    [Fact]
    public void Lines_keep_their_order_across_standard_output_and_error()
    {
        var both = new StringWriter();
        var options = new ConsoleLoggerOptions { LogToStandardErrorThreshold = LogLevel.Error };
        using (var provider = Provider(options, both, both, interval: Timeout.InfiniteTimeSpan))
        {
            var logger = provider.CreateLogger("Kassa.Test");
            logger.LogInformation("one");
            logger.LogError("two");
            logger.LogInformation("three");
            logger.LogError("four");
        }

        Assert.Equal(["one", "two", "three", "four"], both.ToString().Split(Environment.NewLine).Select(l => l.Trim())
            .Where(l => l is "one" or "two" or "three" or "four"));
    }

    [Fact]
    public void Dropped_lines_are_counted_on_standard_error()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = new ConsoleLoggerOptions { MaxQueueLength = 2, QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite };
        using (var provider = Provider(options, output, error, interval: Timeout.InfiniteTimeSpan))
        {
            var logger = provider.CreateLogger("Kassa.Test");
            for (var i = 0; i < 5; i++) logger.LogInformation("line {Number}", i);
        }

        Assert.StartsWith("3 message(s) dropped because of queue size limit.", error.ToString());
    }

    [Fact]
    public void A_line_logged_after_dispose_is_written_at_once_and_does_not_throw()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = new ConsoleLoggerOptions { LogToStandardErrorThreshold = LogLevel.Error };
        var provider = Provider(options, output, error);
        var logger = provider.CreateLogger("Kassa.Test");
        provider.Dispose();

        logger.LogInformation("late info");
        logger.LogError("late error");
        for (var i = 0; i < BatchedConsoleWriter.BatchSize; i++) logger.LogInformation("late {Number}", i);

        Assert.Contains("late info", output.ToString());
        Assert.Contains($"late {BatchedConsoleWriter.BatchSize - 1}", output.ToString());
        Assert.Contains("late error", error.ToString());
    }

    private static async Task<string> ReadUntilAsync(StringWriter writer, string expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Read(writer).Contains(expected) && waited.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(5);
        return Read(writer);
    }

    [Fact]
    public void Kassa_logs_to_the_console_through_the_batched_provider_only()
    {
        var providers = factory.Services.GetServices<ILoggerProvider>().ToList();
        Assert.Contains(providers, p => p is BatchedConsoleLoggerProvider);
        Assert.DoesNotContain(providers, p => p is ConsoleLoggerProvider);
    }

    private static string Read(StringWriter writer)
    {
        lock (writer) return writer.ToString();
    }

    private static BatchedConsoleLoggerProvider Provider(ConsoleLoggerOptions options, StringWriter output, StringWriter error, TimeSpan? interval = null) =>
        Provider(options, Writer(output, error, interval));

    private static BatchedConsoleLoggerProvider Provider(ConsoleLoggerOptions options, BatchedConsoleWriter writer)
    {
        var services = new ServiceCollection().AddLogging(l => l.AddConsole().AddJsonConsole()).BuildServiceProvider();
        var formatters = services.GetServices<ConsoleFormatter>();
        return new BatchedConsoleLoggerProvider(new FixedOptions(options), formatters, writer);
    }

    private static BatchedConsoleWriter Writer(StringWriter output, StringWriter error, TimeSpan? interval = null) =>
        new(() => new LockedWriter(output), () => new LockedWriter(error), interval);

    /// <summary>Writes under the writer's own lock, so the test can read it while the batch thread writes.</summary>
    private sealed class LockedWriter(StringWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (inner) inner.Write(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (inner) inner.Write(buffer);
        }
    }

    private sealed class FixedOptions(ConsoleLoggerOptions value) : IOptionsMonitor<ConsoleLoggerOptions>
    {
        public ConsoleLoggerOptions CurrentValue => value;

        public ConsoleLoggerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
    }
}
