using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Shipping;

internal sealed class ShippingMethodConfiguration : IEntityTypeConfiguration<ShippingMethod>
{
    public void Configure(EntityTypeBuilder<ShippingMethod> method)
    {
        method.ToTable("shipping_methods");
        method.Property(m => m.Name).HasMaxLength(500);
        method.Property(m => m.Prices).HasJsonConversion();
        method.Property(m => m.Options).HasJsonConversion().HasMaxLength(20_000);
        method.Property(m => m.Countries).HasJsonConversion().HasMaxLength(20_000);
        method.Property(m => m.Version).IsConcurrencyToken();
    }
}
