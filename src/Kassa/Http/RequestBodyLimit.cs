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
            http.Request.Body = new LimitedStream(http.Request.Body, _limit, http.Features);
        return next(http);
    }

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the {limit} bytes Kassa accepts.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// Why reading a body without Content-Length failed (over the limit, or chunked framing Kestrel refused). Minimal
    /// APIs answer such a failure with its status and no body; the problem written for it then gives this reason
    /// (<see cref="ProblemExceptionHandler.Describe"/>).
    /// </summary>
    private sealed class ReadRefused(BadHttpRequestException error) : IBadRequestExceptionFeature
    {
        public Exception Error => error;
    }

    private sealed class LimitedStream(Stream inner, long limit, IFeatureCollection features) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return Count(inner.Read(buffer, offset, count));
            }
            catch (BadHttpRequestException refused)
            {
                features.Set<IBadRequestExceptionFeature>(new ReadRefused(refused));
                throw;
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await inner.ReadAsync(buffer, cancellationToken));
            }
            catch (BadHttpRequestException refused)
            {
                features.Set<IBadRequestExceptionFeature>(new ReadRefused(refused));
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
