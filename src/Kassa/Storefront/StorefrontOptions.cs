namespace Kassa.Storefront;

/// <summary><c>Kassa:Storefront</c>: how the public catalog and store facts may be cached.</summary>
public sealed class StorefrontOptions
{
    public const int MaxMaxAgeSeconds = 86_400;

    /// <summary>
    /// <c>Cache-Control: public, max-age</c> of <c>/api/products</c> and <c>/api/store</c>: how long a browser or a
    /// shared cache may show an answer without asking again. Short, since prices and availability change; a client
    /// that asks again with <c>If-None-Match</c> gets a 304 while nothing changed.
    /// </summary>
    public int MaxAgeSeconds { get; set; } = 60;

    /// <summary>Stops start-up with one sentence when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxAgeSeconds is < 0 or > MaxMaxAgeSeconds)
            throw new InvalidOperationException(
                $"Kassa:Storefront:MaxAgeSeconds (Kassa__Storefront__MaxAgeSeconds) is {MaxAgeSeconds}; use 0 to {MaxMaxAgeSeconds} seconds (default 60).");
    }
}
