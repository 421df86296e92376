using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kassa.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Telemetry;

/// <summary>
/// Kassa's console lines as they are written (the shipped console provider, formatters and options, into a string
/// instead of standard output): each carries a UTC timestamp and its request's trace and span ids, and the JSON
/// formatter is one setting away.
/// </summary>
public sealed partial class ConsoleLineTests
{
    [Fact]
    public async Task Every_line_is_one_line_with_a_utc_timestamp_and_the_trace_and_span_of_its_request()
    {
        var lines = await LinesOf(new ConsoleKassa());

        // The wrong key makes two lines (the failure and the request); the cart and the health probe one each.
        Assert.Equal(4, lines.Count);
        var stamped = lines.Select(l => SimpleLine().Match(l)).ToList();
        Assert.All(stamped, (m, i) => Assert.True(m.Success, $"not a stamped line with trace and span ids: {lines[i]}"));
        var traces = stamped.Select(m => m.Groups["trace"].Value).ToList();
        // Lines of one request share its trace; the three requests have three.
        Assert.Equal(3, traces.Distinct().Count());
        var failure = stamped.Single(m => m.Groups["rest"].Value.Contains("Admin authentication failed"));
        Assert.StartsWith("warn: Kassa.Http.AdminKey[3001]", failure.Groups["rest"].Value);
        Assert.Equal(2, traces.Count(t => t == failure.Groups["trace"].Value));
    }

    [Fact]
    public async Task The_json_formatter_is_chosen_by_configuration_and_keeps_the_timestamp_and_trace()
    {
        var kassa = new ConsoleKassa();
        kassa.With("Logging:Console:FormatterName", "json");
        var lines = await LinesOf(kassa);

        Assert.Equal(4, lines.Count);
        foreach (var line in lines)
        {
            var entry = JsonDocument.Parse(line).RootElement;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", entry.GetProperty("Timestamp").GetString());
            var activity = entry.GetProperty("Scopes").EnumerateArray().First(s => s.TryGetProperty("TraceId", out _));
            Assert.Matches("^[0-9a-f]{32}$", activity.GetProperty("TraceId").GetString());
            Assert.Matches("^[0-9a-f]{16}$", activity.GetProperty("SpanId").GetString());
        }
    }

    /// <summary>The problem's trace_id is the one the log lines of its request carry, so an error a client reports can be found.</summary>
    [Fact]
    public async Task A_problems_trace_id_finds_the_lines_of_its_request()
    {
        var kassa = new ConsoleKassa();
        await kassa.InitializeAsync();
        try
        {
            var wrong = kassa.Anonymous();
            wrong.DefaultRequestHeaders.Add("X-API-TOKEN", "wrong");
            var problem = await (await wrong.GetAsync(OrderPath)).ExpectProblem(HttpStatusCode.Unauthorized);

            var trace = problem.GetProperty("trace_id").GetString()!.Split('-')[1];
            Assert.Equal(2, kassa.Lines().Count(l => l.Contains($"TraceId:{trace}")));
        }
        finally
        {
            await ((IAsyncLifetime)kassa).DisposeAsync();
        }
    }

    /// <summary>The lines of a health probe, a new cart and a wrong admin key, after start-up (whose lines belong to no request).</summary>
    private static async Task<List<string>> LinesOf(ConsoleKassa kassa)
    {
        await kassa.InitializeAsync();
        try
        {
            // Lines are written in order, but later: the start-up's may still be on their way. What follows the mark is the requests'.
            kassa.Anonymous();
            kassa.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kassa.Tests").LogInformation(Mark);
            Assert.Equal(HttpStatusCode.OK, (await kassa.Anonymous().GetAsync("/health/live")).StatusCode);
            await kassa.Anonymous().OutshifterCart();
            var wrong = kassa.Anonymous();
            wrong.DefaultRequestHeaders.Add("X-API-TOKEN", "wrong");
            await (await wrong.GetAsync(OrderPath)).ExpectProblem(HttpStatusCode.Unauthorized);
            return kassa.Lines().SkipWhile(l => !l.Contains(Mark)).Skip(1).ToList();
        }
        finally
        {
            await ((IAsyncLifetime)kassa).DisposeAsync();
        }
    }

    private const string Mark = "the requests follow";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?<rest>(info|warn): Kassa\.\S+\[\d+\] => SpanId:[0-9a-f]{16}, TraceId:(?<trace>[0-9a-f]{32}) => .*)$")]
    private static partial Regex SimpleLine();

    /// <summary>Kassa whose console lines from Kassa's own categories go into a string.</summary>
    private sealed class ConsoleKassa : KassaFactory
    {
        private readonly StringBuilder _text = new();
        private BatchedConsoleLoggerProvider? _console;

        /// <summary>The lines written so far (all of them: the console is drained first).</summary>
        public List<string> Lines()
        {
            _console?.Dispose();
            lock (_text) return _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging
                .AddFilter<BatchedConsoleLoggerProvider>(null, LogLevel.None)
                .AddFilter<BatchedConsoleLoggerProvider>("Kassa", LogLevel.Information));
            builder.ConfigureServices(services =>
            {
                foreach (var stdout in services.Where(d => d.ImplementationType == typeof(BatchedConsoleLoggerProvider)).ToList())
                    services.Remove(stdout);
                services.AddSingleton<ILoggerProvider>(sp =>
                {
                    var writer = new LockedWriter(_text);
                    _console = new BatchedConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
                        sp.GetServices<ConsoleFormatter>(), new BatchedConsoleWriter(() => writer, () => writer));
                    return _console;
                });
            });
        }
    }

    private sealed class LockedWriter(StringBuilder text) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (text) text.Append(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (text) text.Append(buffer);
        }
    }
}
