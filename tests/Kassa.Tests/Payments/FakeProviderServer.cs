using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kassa.Tests.Payments;

/// <summary>One request the fake provider received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as JSON (Klarna sends JSON).</summary>
    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The body as a form (Stripe sends <c>application/x-www-form-urlencoded</c>).</summary>
    public Dictionary<string, string> Form() =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
}

/// <param name="Status">HTTP status to answer.</param>
/// <param name="Json">The JSON body, or null for none.</param>
public sealed record FakeResponse(int Status, string? Json);

/// <summary>
/// A real HTTP server on 127.0.0.1 with a free port, standing in for a payment provider's API: it
/// records every request and answers with whatever the test's handler returns.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeProviderServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>, no trailing slash.</summary>
    public string BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request; swap it to change the fake's behaviour mid-test.</summary>
    public Func<RecordedRequest, FakeResponse> Handler { get; set; } = _ => new FakeResponse(404, """{"error":"no handler"}""");

    /// <summary>When set, the fake records a request and then answers only once this task is done, like a provider that takes its time.</summary>
    public Task? AnswerAfter { get; set; }

    private TaskCompletionSource _nextRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done when the next request arrives (is recorded); ask for it before making the call that sends it.</summary>
    public Task NextRequest() => Volatile.Read(ref _nextRequest).Task;

    public IReadOnlyList<RecordedRequest> To(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public static async Task<FakeProviderServer> StartAsync(Func<RecordedRequest, FakeResponse>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeProviderServer? server = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(http.Request.Method, http.Request.Path.Value ?? "", headers, body);
            server!.Requests.Enqueue(request);
            Interlocked.Exchange(ref server._nextRequest, new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            if (server.AnswerAfter is { } answerAfter) await answerAfter;
            var response = server.Handler(request);
            http.Response.StatusCode = response.Status;
            if (response.Json is not null)
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(response.Json);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeProviderServer(app, address.TrimEnd('/'));
        if (handler is not null) server.Handler = handler;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
