using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Discounts;

internal sealed class DiscountConfiguration : IEntityTypeConfiguration<Discount>
{
    public void Configure(EntityTypeBuilder<Discount> discount)
    {
        discount.ToTable("discounts");
        discount.Property(d => d.Code).HasMaxLength(100);
        discount.Property(d => d.NormalizedCode).HasMaxLength(100);
        discount.HasIndex(d => d.NormalizedCode).IsUnique();
        discount.Property(d => d.DiscountType).HasMaxLength(20);
        discount.Property(d => d.AppliesTo).HasMaxLength(20);
        discount.Property(d => d.Status).HasMaxLength(20);
        discount.Property(d => d.Currency).HasMaxLength(3);
        discount.Property(d => d.Prices).HasJsonConversion();
        discount.Property(d => d.Version).IsConcurrencyToken();
    }
}
