namespace Kassa.Data;

/// <summary>
/// A row guarded by an optimistic concurrency token and stamped with its times.
/// <see cref="StampingInterceptor"/> keeps both up to date on every save.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
}
