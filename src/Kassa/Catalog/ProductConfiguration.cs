using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Catalog;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        product.ToTable("products");
        product.Property(p => p.Name).HasMaxLength(500);
        product.Property(p => p.Sku).HasMaxLength(200);
        product.Property(p => p.Description).HasMaxLength(20_000);
        product.Property(p => p.Status).HasMaxLength(20);
        product.Property(p => p.Prices).HasJsonConversion();
        product.Property(p => p.VariantAttributes).HasJsonConversion().HasMaxLength(20_000);
        product.Property(p => p.NameTranslations).HasJsonConversion().HasMaxLength(20_000);
        product.Property(p => p.FlatShippingRates).HasJsonConversion().HasMaxLength(20_000);
        product.Property(p => p.FlatShippingPrices).HasJsonConversion().HasMaxLength(20_000);
        product.Property(p => p.TaxClass).HasMaxLength(20).HasDefaultValue(Pricing.TaxClasses.Standard);
        product.Property(p => p.Version).IsConcurrencyToken();
        product.HasOne<Product>().WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Restrict);
        product.HasIndex(p => p.Sku);
        product.Ignore(p => p.IsVariant);
    }
}
