namespace Kassa.Idempotency;

/// <summary>
/// The first answer to a request sent with an Idempotency-Key, stored in the same transaction as
/// what the request created, so a retry gets that answer instead of a second order.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>The operation, e.g. "voog-checkout"; a key is unique within its scope.</summary>
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the method, path and body; the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public int StatusCode { get; set; }
    public string ResponseBody { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
