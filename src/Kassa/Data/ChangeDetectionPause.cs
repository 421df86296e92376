using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Kassa.Data;

/// <summary>
/// Turns the change tracker's automatic change detection off until disposed, for work that reads the
/// tracker after changes were detected once (or that needs no detection: keys never change).
/// </summary>
public readonly struct ChangeDetectionPause : IDisposable
{
    private readonly ChangeTracker _tracker;
    private readonly bool _auto;

    private ChangeDetectionPause(ChangeTracker tracker)
    {
        _tracker = tracker;
        _auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
    }

    public static ChangeDetectionPause Of(ChangeTracker tracker) => new(tracker);

    public void Dispose() => _tracker.AutoDetectChangesEnabled = _auto;
}
