using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Settings;

internal sealed class StoreSettingsConfiguration : IEntityTypeConfiguration<StoreSettings>
{
    public void Configure(EntityTypeBuilder<StoreSettings> settings)
    {
        settings.ToTable("store_settings");
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.PriceEntryMode).HasMaxLength(10);
        settings.Property(s => s.DefaultCurrency).HasMaxLength(3);
        settings.Property(s => s.CountryCode).HasMaxLength(2);
        settings.Property(s => s.AllowedCurrencies).HasJsonConversion();
        settings.Property(s => s.Languages).HasJsonConversion();
        settings.Property(s => s.CustomFields).HasJsonConversion().HasMaxLength(20_000);
        settings.Property(s => s.Version).IsConcurrencyToken();
    }
}
