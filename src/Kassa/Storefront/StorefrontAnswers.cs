using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Kassa.Storefront;

/// <summary>
/// Answers the storefront's anonymous reads as cacheable JSON: a strong <c>ETag</c> (a hash of the bytes, so every
/// instance on one database gives the same tag for the same answer), <c>If-None-Match</c> → 304, and
/// <c>Cache-Control: public, max-age</c> (<see cref="StorefrontOptions.MaxAgeSeconds"/>). The bytes and their tag are
/// kept per view and reused while the fingerprint (the version of every row the answer shows) is the same, so a
/// repeated read costs its query and no mapping, serializing or hashing. The rows are still read on every request:
/// a change is seen at once, here and on every other instance.
/// </summary>
public sealed class StorefrontAnswers(
    IOptions<KassaOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, Http.StorefrontOrigins origins)
{
    /// <summary>Answers kept at most, and their bytes; past either the cache starts over, so no query string can grow it without bound.</summary>
    public const int MaxEntries = 1_000;
    public const long MaxBytes = 32 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);
    private readonly string _cacheControl = $"public, max-age={options.Value.Storefront.MaxAgeSeconds}";
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private long _bytes;

    /// <param name="key">The view: what besides the rows decides the answer (path, paging, language, currency).</param>
    /// <param name="fingerprint">The versions of the rows the answer shows.</param>
    /// <param name="build">The answer, built only when the kept one is for other versions.</param>
    public IResult Json<T>(HttpContext http, string key, long[] fingerprint, Func<T> build)
    {
        if (!_answers.TryGetValue(key, out var answer) || !answer.Fingerprint.AsSpan().SequenceEqual(fingerprint))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(build(), _json);
            answer = new Answer(fingerprint, body, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\""));
            Keep(key, answer);
        }

        var headers = http.Response.Headers;
        headers.ETag = answer.Tag.ToString();
        headers.CacheControl = _cacheControl;
        // The answer is the same for every origin, but its CORS headers are not: a shared cache must keep them apart.
        // For an origin it answers, the CORS middleware says so itself.
        if (http.Request.Headers.Origin is not [{ } origin] || !origins.Allows(origin)) headers.Vary = HeaderNames.Origin;
        return NoneMatch(http.Request, answer.Tag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(answer.Body, "application/json; charset=utf-8");
    }

    /// <summary>Keeps the newest answer of a view; the byte count is kept roughly (racing writers may miscount a little).</summary>
    private void Keep(string key, Answer answer)
    {
        if (_answers.Count >= MaxEntries || Interlocked.Add(ref _bytes, answer.Body.Length) > MaxBytes)
        {
            _answers.Clear();
            Interlocked.Exchange(ref _bytes, answer.Body.Length);
        }
        _answers.AddOrUpdate(key, answer, (_, replaced) =>
        {
            Interlocked.Add(ref _bytes, -replaced.Body.Length);
            return answer;
        });
    }

    /// <summary>RFC 9110 13.1.2: <c>*</c> or any listed tag, compared weakly.</summary>
    private static bool NoneMatch(HttpRequest request, EntityTagHeaderValue tag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags)) return false;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
    }

    private sealed record Answer(long[] Fingerprint, byte[] Body, EntityTagHeaderValue Tag);
}
