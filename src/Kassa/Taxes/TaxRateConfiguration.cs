using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Taxes;

internal sealed class TaxRateConfiguration : IEntityTypeConfiguration<StoreTaxRate>
{
    public void Configure(EntityTypeBuilder<StoreTaxRate> rate)
    {
        rate.ToTable("tax_rates");
        rate.Property(r => r.CountryCode).HasMaxLength(2);
        rate.Property(r => r.TaxClass).HasMaxLength(20);
        rate.HasIndex(r => new { r.CountryCode, r.TaxClass }).IsUnique();
        rate.Property(r => r.Version).IsConcurrencyToken();
    }
}
