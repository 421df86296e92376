using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kassa.Data;
using Kassa.Http;
using Microsoft.EntityFrameworkCore;
using Kassa.Validation;

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
    /// Claims the key before the work starts, in its own short transaction. Returns the stored answer
    /// when the same request was done before; throws 422 when the key was used with another request,
    /// and 409 while a request with the key is still in progress (a concurrent duplicate).
    /// </summary>
    public async Task<IResult?> ClaimAsync(KassaDbContext db, DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var record = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Scope == Scope && r.Key == Key, ct);
            if (record is null)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    Scope = Scope, Key = Key, RequestHash = RequestHash, StatusCode = InProgress, CreatedAt = now,
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                    return null;
                }
                catch (DbUpdateException)
                {
                    // Another request claimed the key between our read and our insert: read its claim.
                    continue;
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            if (record.RequestHash != RequestHash)
                throw new ValidationFailedException(
                    new Dictionary<string, string[]> { [Header] = ["This key was already used with a different request; use a new key for a new request."] },
                    "The Idempotency-Key was used before with a different request.");
            if (record.StatusCode != InProgress)
                return Results.Content(record.ResponseBody, "application/json", Encoding.UTF8, record.StatusCode);

            // A claim whose request died without giving it back must not block the key forever.
            var abandoned = now - AbandonedAfter;
            var taken = await db.IdempotencyRecords
                    .Where(r => r.Id == record.Id && r.StatusCode == InProgress && r.CreatedAt < abandoned)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, now), ct);
            if (taken == 1) return null;
            break;
        }
        throw new ConflictException("A request with this Idempotency-Key is still in progress; retry in a moment to get its answer.");
    }

    /// <summary>
    /// Stores the answer: in the caller's transaction when there is one, so it commits with what the request created;
    /// after a payment start, in a write of its own (the order committed before the provider was asked).
    /// </summary>
    public async Task CompleteAsync(KassaDbContext db, int statusCode, object response, JsonSerializerOptions json, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(response, json);
        await db.IdempotencyRecords.Where(r => r.Scope == Scope && r.Key == Key)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ResponseBody, body), ct);
    }

    /// <summary>Runs the work once per key: claim it, do the work, and give the claim back if the work fails.</summary>
    public static async Task<IResult> RunOnceAsync(IdempotencyKey? key, KassaDbContext db, DateTime now, Func<Task<IResult>> work, CancellationToken ct)
    {
        if (key is null) return await work();
        if (await key.ClaimAsync(db, now, ct) is { } replay) return replay;
        try
        {
            return await work();
        }
        catch
        {
            db.ChangeTracker.Clear();
            await db.IdempotencyRecords.Where(r => r.Scope == key.Scope && r.Key == key.Key && r.StatusCode == InProgress)
                    .ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The status code of a claimed key whose request has not finished.</summary>
    private const int InProgress = 0;

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);
}
