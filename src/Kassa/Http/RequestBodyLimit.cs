using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Kassa.Http;

/// <summary>
/// Refuses bodies over the configured size with 413, whether or not the server (Kestrel, the test
/// host) enforces a limit itself and whether or not the client sent Content-Length.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<KassaOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > _limit) throw TooLarge(_limit);

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = _limit;
        if (http.Request.ContentLength is null && http.Request.Body.CanRead)
            http.Request.Body = new LimitedStream(http.Request.Body, _limit);
        return next(http);
    }

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the {limit} bytes Kassa accepts.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw TooLarge(limit);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
