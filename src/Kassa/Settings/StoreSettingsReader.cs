using Kassa.Data;

namespace Kassa.Settings;

public static class StoreSettingsReader
{
    /// <summary>The settings row; start-up creates it, so it is always there.</summary>
    public static async Task<StoreSettings> GetStoreSettingsAsync(this KassaDbContext db, CancellationToken ct, bool track = false)
    {
        return await db.FindRowAsync<StoreSettings, int>(Settings.StoreSettings.SingletonId, ct, track) ?? throw Missing();
    }

    internal static InvalidOperationException Missing() => new("The store settings row is missing; start-up should have created it.");
}
