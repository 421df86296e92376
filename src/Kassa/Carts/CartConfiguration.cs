using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Carts;

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> cart)
    {
        cart.ToTable("carts");
        cart.HasIndex(c => c.Uuid).IsUnique();
        cart.Property(c => c.Status).HasMaxLength(20);
        cart.Property(c => c.Currency).HasMaxLength(3);
        cart.Property(c => c.CustomerSessionId).HasMaxLength(200);
        cart.Property(c => c.Customer).HasNullableJsonConversion();
        cart.Property(c => c.BillingAddress).HasNullableJsonConversion();
        cart.Property(c => c.ShippingAddress).HasNullableJsonConversion();
        cart.Property(c => c.CustomFieldValues).HasJsonConversion().HasMaxLength(20_000);
        cart.Property(c => c.Note).HasMaxLength(5000);
        cart.Property(c => c.ShippingMethodOption).HasMaxLength(200);
        cart.Property(c => c.FlatRateCountry).HasMaxLength(2);
        cart.Property(c => c.GatewayCode).HasMaxLength(50);
        cart.Property(c => c.PaymentMethod).HasMaxLength(100);
        cart.Property(c => c.Version).IsConcurrencyToken();
        cart.HasOne(c => c.Discount).WithMany().HasForeignKey(c => c.DiscountId).OnDelete(DeleteBehavior.SetNull);
        cart.HasOne(c => c.ShippingMethod).WithMany().HasForeignKey(c => c.ShippingMethodId).OnDelete(DeleteBehavior.SetNull);
        cart.HasOne(c => c.Store).WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Restrict);
        cart.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CartId).OnDelete(DeleteBehavior.Cascade);
        cart.HasQueryFilter(c => c.DeletedAt == null);
        // No index on UpdatedAt: it changes with every write, so the index entry moved on every cart change (a page
        // more per SQLite commit, ~10 % of a cart write; on PostgreSQL it rules out HOT updates). The retention
        // sweep, the one reader that filtered on it, scans the table in batches instead (RetentionSweep).
        cart.Ignore(c => c.IsClosed);
        cart.Ignore(c => c.TaxRates);
    }
}

internal sealed class CartItemConfiguration : IEntityTypeConfiguration<CartItem>
{
    public void Configure(EntityTypeBuilder<CartItem> item)
    {
        item.ToTable("cart_items");
        item.HasIndex(i => i.Uuid).IsUnique();
        item.Property(i => i.Note).HasMaxLength(2000);
        // Removing a product from the catalog removes it from the carts that hold it.
        item.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
