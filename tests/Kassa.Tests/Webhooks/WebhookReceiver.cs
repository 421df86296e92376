using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kassa.Tests.Webhooks;

/// <summary>
/// A shop's webhook receiver in the test process (Kestrel on 127.0.0.1): it records every request and answers as
/// <see cref="Answer"/> says (a status, or a delay past Kassa's timeout). It can be stopped (down) and started again
/// on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>One request as it arrived.</summary>
    public sealed record Received(int Sequence, string Path, string EventId, string Signature, string Body, int Answered)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public long TargetId => Json.GetProperty("target_id").GetInt64();
        public string Event => Json.GetProperty("event").GetString()!;
    }

    /// <summary>What to answer: a status, with a delay before it (a delay past Kassa's timeout is a request that times out).</summary>
    public readonly record struct Reply(int Status, TimeSpan Delay = default);

    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private int _sequence;
    private WebApplication? _app;

    /// <summary>Decides the answer to a request from its path, event id and how many times this event id came before.</summary>
    public Func<string, string, int, Reply> Answer { get; set; } = (_, _, _) => new Reply(200);

    public int Port { get; private set; }

    /// <summary>The most requests of one event id (per path) that were in progress at the same moment.</summary>
    public int MostAtOnce { get; private set; }

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<Received> All => _received.OrderBy(r => r.Sequence).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAsync(0);
        return receiver;
    }

    /// <summary>Starts listening (again): on <paramref name="port"/>, or the port it had.</summary>
    public async Task StartAsync(int? port = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port ?? Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        Port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Stops listening: a connection is refused until <see cref="StartAsync(int?)"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var eventId = http.Request.Headers["Kassa-Event-Id"].ToString();
        var path = http.Request.Path.Value ?? "";
        var key = path + " " + eventId;
        var before = _received.Count(r => r.Path == path && r.EventId == eventId);
        var reply = Answer(path, eventId, before);
        var atOnce = _inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
        lock (_inFlight) MostAtOnce = Math.Max(MostAtOnce, atOnce);
        _received.Enqueue(new Received(Interlocked.Increment(ref _sequence), path, eventId, http.Request.Headers["Kassa-Signature"].ToString(), body, reply.Status));
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            http.Response.StatusCode = reply.Status;
            await http.Response.WriteAsync(reply.Status == 200 ? "ok" : $"receiver says {reply.Status}");
        }
        finally
        {
            _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Waits (real time, with a deadline) until <paramref name="done"/> holds, moving Kassa's clock by <paramref name="step"/> each round.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, IEnumerable<Microsoft.Extensions.Time.Testing.FakeTimeProvider> clocks, TimeSpan? step = null,
        TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (!await done())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The webhook deliveries did not finish in time.");
            if (step is { } by) foreach (var clock in clocks) clock.Advance(by);
            await Task.Delay(50);
        }
    }
}
