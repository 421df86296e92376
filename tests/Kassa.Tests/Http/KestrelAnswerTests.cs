using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Kassa.Tests.Http;

/// <summary>
/// What a client sees from a real Kestrel socket when the request itself is at fault. Kestrel finds some faults
/// while Kassa reads the body (broken chunked framing, a body over the limit, a body that stops arriving): those
/// are problem+json with a reason. Faults in the request line or headers Kestrel answers itself, before any of
/// Kassa runs, with an empty body; Kestrel offers no hook to shape those answers, and the last test pins that.
/// </summary>
[StartsFirst]
public sealed class KestrelAnswerTests(KestrelKassa kestrel) : IClassFixture<KestrelKassa>
{
    private readonly KassaFactory _factory = kestrel.Factory;

    private sealed record RawAnswer(int Status, Dictionary<string, string> Headers, string Body)
    {
        public JsonElement Problem()
        {
            Assert.Equal("application/problem+json", Headers.GetValueOrDefault("content-type"));
            var problem = JsonDocument.Parse(Body).RootElement;
            Assert.Equal(Status, problem.GetProperty("status").GetInt32());
            return problem;
        }
    }

    /// <summary>Sends bytes as they are and reads the answer until the server closes the connection.</summary>
    private async Task<RawAnswer> Send(string head, byte[]? body = null)
    {
        var address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            if (body is not null) await stream.WriteAsync(body, timeout.Token);
        }
        catch (IOException)
        {
            // The server answered and closed before taking the whole request; the answer is still there to read.
        }
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer (the server did not read the rest of the body).
        }
        return Parse(received.ToArray());
    }

    private static RawAnswer Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No HTTP answer: '{text}'");
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
        {
            var decoded = new StringBuilder();
            for (var at = 0; ;)
            {
                var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = Convert.ToInt32(body[at..lineEnd], 16);
                if (size == 0) break;
                decoded.Append(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            body = decoded.ToString();
        }
        return new RawAnswer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private const string Json = "Host: kassa.test\r\nContent-Type: application/json\r\nConnection: close\r\n";

    [Fact]
    public async Task A_body_Kestrel_refuses_while_Kassa_reads_it_is_a_problem_that_says_why()
    {
        var badChunk = await Send($"POST /api/cart HTTP/1.1\r\n{Json}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n");
        Assert.Equal(400, badChunk.Status);
        Assert.Contains("chunk", badChunk.Problem().GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var chunk = Encoding.ASCII.GetBytes($"{{\"customer_session_id\":\"{new string('a', 1_100_000)}\"}}");
        var tooLarge = await Send($"POST /api/cart HTTP/1.1\r\n{Json}Transfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n", [.. chunk, .. "\r\n0\r\n\r\n"u8]);
        Assert.Equal(413, tooLarge.Status);
        Assert.Contains("1048576 bytes", tooLarge.Problem().GetProperty("detail").GetString());

        // Content-Length promises 50 bytes, 2 arrive, then nothing.
        var stalled = await Send($"POST /api/cart HTTP/1.1\r\n{Json}Content-Length: 50\r\n\r\n{{}}");
        Assert.Equal(408, stalled.Status);
        Assert.Contains("too slowly", stalled.Problem().GetProperty("detail").GetString());

        await using var scope = _factory.Scope(out var db);
        Assert.Equal(0, db.Carts.Count());
    }

    [Fact]
    public async Task Answers_the_framework_gives_without_a_body_are_problems_through_a_real_socket()
    {
        var unknownPath = await Send("GET /no/such/path HTTP/1.1\r\nHost: kassa.test\r\nConnection: close\r\n\r\n");
        Assert.Equal(404, unknownPath.Status);
        unknownPath.Problem();

        var wrongMethod = await Send("DELETE /api/cart HTTP/1.1\r\nHost: kassa.test\r\nConnection: close\r\n\r\n");
        Assert.Equal(405, wrongMethod.Status);
        wrongMethod.Problem();

        var notJson = await Send("POST /api/cart HTTP/1.1\r\nHost: kassa.test\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        Assert.Equal(415, notJson.Status);
        Assert.Contains("Content-Type: application/json", notJson.Problem().GetProperty("detail").GetString());

        var noContentType = await Send("POST /api/cart HTTP/1.1\r\nHost: kassa.test\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        Assert.Equal(415, noContentType.Status);
        Assert.Contains("Content-Type: application/json", noContentType.Problem().GetProperty("detail").GetString());
    }

    public static TheoryData<string, string, int> RefusedBeforeKassa => new()
    {
        { "request line over 8 KB", $"GET /api/cart/{new string('a', 9000)} HTTP/1.1\r\nHost: kassa.test\r\n\r\n", 414 },
        { "headers over 32 KB", $"GET /health/live HTTP/1.1\r\nHost: kassa.test\r\nX-Big: {new string('a', 40_000)}\r\n\r\n", 431 },
        { "not a request line", "HELLO\r\n\r\n", 400 },
        { "a header without a colon", "GET /health/live HTTP/1.1\r\nHost: kassa.test\r\nBroken header\r\n\r\n", 400 },
        { "no Host", "GET /health/live HTTP/1.1\r\n\r\n", 400 },
        { "unknown transfer coding", "POST /api/cart HTTP/1.1\r\nHost: kassa.test\r\nTransfer-Encoding: gzip\r\n\r\n{}", 400 },
        { "HTTP/1.0 body without length", "POST /api/cart HTTP/1.0\r\nHost: kassa.test\r\nContent-Type: application/json\r\n\r\n{}", 400 },
        { "unknown HTTP version", "GET /health/live HTTP/9.9\r\nHost: kassa.test\r\n\r\n", 505 },
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeKassa))]
    public async Task Kestrel_answers_a_broken_request_line_or_headers_itself_with_an_empty_body(string what, string request, int status)
    {
        var answer = await Send(request);

        Assert.True(status == answer.Status, $"{what}: {answer.Status}");
        // Kestrel's own answer: no body and no problem, since none of Kassa's pipeline ran.
        Assert.Equal("0", answer.Headers.GetValueOrDefault("content-length"));
        Assert.Equal("", answer.Body);
        Assert.False(answer.Headers.ContainsKey("content-type"));
    }
}

/// <summary>One Kassa on a real Kestrel socket for <see cref="KestrelAnswerTests"/>, none of whose requests gets as far as a change.</summary>
public sealed class KestrelKassa : IAsyncLifetime
{
    public KassaFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        await Factory.InitializeAsync();
        // A body that stops arriving is given up after two seconds instead of Kestrel's default five.
        Factory.UseKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2)));
        Factory.StartServer();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
