using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Checkouts;

internal sealed class CheckoutConfiguration : IEntityTypeConfiguration<Checkout>
{
    public void Configure(EntityTypeBuilder<Checkout> checkout)
    {
        checkout.ToTable("checkouts");
        checkout.HasIndex(c => c.Uuid).IsUnique();
        checkout.HasIndex(c => c.CartId);
        checkout.HasIndex(c => c.UpdatedAt);
        checkout.Property(c => c.Status).HasMaxLength(20);
        checkout.Property(c => c.PaymentMethod).HasMaxLength(100);
        checkout.Property(c => c.Email).HasMaxLength(254);
        checkout.Property(c => c.FirstName).HasMaxLength(200);
        checkout.Property(c => c.LastName).HasMaxLength(200);
        checkout.Property(c => c.ShippingAddress).HasNullableJsonConversion();
        checkout.Property(c => c.BillingAddress).HasNullableJsonConversion();
        checkout.Property(c => c.Version).IsConcurrencyToken();
        checkout.HasOne(c => c.Cart).WithMany().HasForeignKey(c => c.CartId).OnDelete(DeleteBehavior.Cascade);
        checkout.HasQueryFilter(c => c.DeletedAt == null);
    }
}
