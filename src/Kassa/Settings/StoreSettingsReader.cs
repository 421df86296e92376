using Kassa.Data;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Settings;

public static class StoreSettingsReader
{
    /// <summary>The settings row; start-up creates it, so it is always there.</summary>
    public static async Task<StoreSettings> GetStoreSettingsAsync(this KassaDbContext db, CancellationToken ct, bool track = false)
    {
        var query = track ? db.StoreSettings : db.StoreSettings.AsNoTracking();
        return await query.SingleOrDefaultAsync(s => s.Id == Settings.StoreSettings.SingletonId, ct)
            ?? throw new InvalidOperationException("The store settings row is missing; start-up should have created it.");
    }
}
