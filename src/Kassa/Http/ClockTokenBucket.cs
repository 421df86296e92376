using System.Threading.RateLimiting;

namespace Kassa.Http;

/// <summary>
/// A token bucket that reads its time from a <see cref="TimeProvider"/>: it holds up to <c>limit</c> permits and
/// gains them back evenly, <c>limit</c> per <c>window</c>, worked out when asked rather than by a timer. The stock
/// limiters replenish on a wall-clock timer, which no test clock can move.
/// </summary>
public sealed class ClockTokenBucket(int limit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly double _perSecond = limit / window.TotalSeconds;
    private double _tokens = limit;
    private long _stamp = clock.GetTimestamp();
    private long _fullSince = clock.GetTimestamp();

    /// <summary>How long the bucket has been full, so the partitioned limiter can drop it (a new one starts full too).</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= limit ? clock.GetElapsedTime(_fullSince) : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Lease.Granted;
            }
            return new Lease(TimeSpan.FromSeconds((permitCount - _tokens) / _perSecond));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Adds what the time since the last look has earned.</summary>
    private void Refill()
    {
        var now = clock.GetTimestamp();
        var wasFull = _tokens >= limit;
        _tokens = Math.Min(limit, _tokens + clock.GetElapsedTime(_stamp, now).TotalSeconds * _perSecond);
        _stamp = now;
        if (!wasFull && _tokens >= limit) _fullSince = now;
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
