using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Idempotency;

/// <summary>The Idempotency-Key of a request and what it has already produced.</summary>
public sealed record IdempotencyKey(string Scope, string Key, string RequestHash)
{
    public const string Header = "Idempotency-Key";

    /// <summary>The request's key, or null when it sent none.</summary>
    public static IdempotencyKey? From(HttpRequest request, string scope, object? body)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.ToString().Trim();
        if (key.Length is 0 or > 255)
            throw new DomainException(StatusCodes.Status400BadRequest, "Bad Request",
                $"{Header} must be 1 to 255 characters.");
        var options = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var fingerprint = $"{request.Method} {request.Path}\n{JsonSerializer.Serialize(body, options)}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));
        return new IdempotencyKey(scope, key, hash);
    }

    /// <summary>
    /// The stored answer when this key was used before with the same request; 422 when with another.
    /// Call inside the transaction that will store the answer.
    /// </summary>
    public async Task<IResult?> ReplayAsync(KassaDbContext db, CancellationToken ct)
    {
        // Requests with one key take turns until the first commits: a concurrent duplicate then sees
        // the stored answer (or a 422 for another request) instead of racing it into the unique
        // index. Held to the end of the caller's transaction. SQLite transactions are serialized anyway.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({Scope + "\n" + Key}, 0))", ct);
        var record = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == Scope && r.Key == Key, ct);
        if (record is null) return null;
        if (record.RequestHash != RequestHash)
            throw new ValidationFailedException(
                new Dictionary<string, string[]> { [Header] = ["This key was already used with a different request; use a new key for a new request."] },
                "The Idempotency-Key was used before with a different request.");
        return Results.Content(record.ResponseBody, "application/json", Encoding.UTF8, record.StatusCode);
    }

    /// <summary>Stores the answer; saved with the caller's transaction.</summary>
    public void Record(KassaDbContext db, int statusCode, object response, JsonSerializerOptions json, DateTime now) =>
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = Scope,
            Key = Key,
            RequestHash = RequestHash,
            StatusCode = statusCode,
            ResponseBody = JsonSerializer.Serialize(response, json),
            CreatedAt = now,
        });
}
