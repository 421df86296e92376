using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kassa.Webhooks;

/// <summary>
/// Makes one delivery attempt: a signed JSON POST with a bounded time and a bounded read of the answer. The
/// connection goes only to an address checked by <see cref="WebhookTargets"/> at that moment (the name is resolved
/// here, not by the handler), no proxy is used and redirects are not followed.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string SignatureHeader = "Kassa-Signature";
    public const string EventIdHeader = "Kassa-Event-Id";
    public const string EventHeader = "Kassa-Event";

    /// <summary>How much of a receiver's answer is kept for <see cref="WebhookDelivery.LastError"/>.</summary>
    public const int KeptAnswerBytes = 4096;

    private readonly HttpClient _client;
    private readonly IOptions<KassaOptions> _options;

    public WebhookSender(IOptions<KassaOptions> options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Kassa-Webhooks/1.0");
    }

    private WebhooksOptions Settings => _options.Value.Webhooks;

    /// <summary>The signature header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c>, one <c>v1</c> per secret.</summary>
    public static string Sign(IEnumerable<string> secrets, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes($"{t}.{body}");
        return $"t={t}," + string.Join(",", secrets.Select(s => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), signed))));
    }

    /// <summary>What an attempt came to: delivered (a 2xx), or why not, with the status when the receiver answered.</summary>
    public sealed record Outcome(bool Delivered, int? StatusCode, string? Error);

    public async Task<Outcome> SendAsync(string url, WebhookDelivery delivery, IEnumerable<string> secrets, DateTimeOffset now, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(0.1, Settings.TimeoutSeconds)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SignatureHeader, Sign(secrets, delivery.Body, now));
        request.Headers.Add(EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(EventHeader, $"{delivery.Target}.{delivery.Event}");
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new Outcome(true, status, null);
            var answer = await ReadBoundedAsync(response, timeout.Token);
            return new Outcome(false, status, $"HTTP {status}" + (answer.Length > 0 ? ": " + answer : ""));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(false, null, $"No answer within {Settings.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException e)
        {
            var refused = e.InnerException as RefusedTargetException ?? e.InnerException?.InnerException as RefusedTargetException;
            return new Outcome(false, null, refused?.Message ?? e.Message);
        }
        // Whatever else goes wrong with one receiver is that delivery's failed attempt, never the dispatcher's.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Outcome(false, null, e.Message);
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[KeptAnswerBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
                if (n == 0) break;
                read += n;
            }
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return "";
        }
    }

    /// <summary>Resolves the host, refuses it if any of its addresses is refused, and connects to the first that answers.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!Settings.AllowPrivateTargets)
        {
            foreach (var address in addresses)
            {
                if (WebhookTargets.WhyRefused(address) is { } why)
                    throw new RefusedTargetException(
                        $"Refused: {host} resolves to {why} ({address}); Kassa calls only public addresses unless Kassa__Webhooks__AllowPrivateTargets=true.");
            }
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    public void Dispose() => _client.Dispose();
}
