using Kassa.Carts;
using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Ordering;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasIndex(o => o.Uuid).IsUnique();
        order.HasIndex(o => o.Number).IsUnique();
        order.HasIndex(o => o.LiveCartId).IsUnique();
        order.HasIndex(o => o.CartId);
        order.Property(o => o.Status).HasMaxLength(20);
        order.Property(o => o.PaymentStatus).HasMaxLength(20);
        order.Property(o => o.ShippingStatus).HasMaxLength(20);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.GatewayCode).HasMaxLength(50);
        order.Property(o => o.PaymentMethod).HasMaxLength(100);
        order.Property(o => o.CustomerEmail).HasMaxLength(254);
        order.Property(o => o.PaymentReference).HasMaxLength(255);
        order.Property(o => o.ReservedStock).HasJsonConversion();
        order.Property(o => o.Snapshot).HasMaxLength(1_000_000);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.HasOne<Cart>().WithMany().HasForeignKey(o => o.CartId).OnDelete(DeleteBehavior.Restrict);
        order.Ignore(o => o.Code);
    }
}
