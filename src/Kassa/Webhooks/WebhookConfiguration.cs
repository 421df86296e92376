using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Webhooks;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> webhook)
    {
        webhook.ToTable("webhooks");
        webhook.HasIndex(w => new { w.Target, w.Event });
        webhook.Property(w => w.Target).HasMaxLength(50);
        webhook.Property(w => w.Event).HasMaxLength(50);
        webhook.Property(w => w.Url).HasMaxLength(2000);
        webhook.Property(w => w.Description).HasMaxLength(1000);
        webhook.Property(w => w.Secret).HasMaxLength(100);
        webhook.Property(w => w.PreviousSecret).HasMaxLength(100);
        webhook.Property(w => w.Version).IsConcurrencyToken();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        // The dispatcher's scan (due, pending) and its per-object order check (earlier pending of the same webhook and object).
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.WebhookId, d.TargetId, d.Status });
        delivery.HasIndex(d => new { d.WebhookId, d.Id });
        delivery.Property(d => d.Target).HasMaxLength(50);
        delivery.Property(d => d.Event).HasMaxLength(50);
        delivery.Property(d => d.Status).HasMaxLength(20);
        delivery.Property(d => d.Body).HasMaxLength(1_000_000);
        delivery.Property(d => d.LastError).HasMaxLength(4200);
        delivery.Property(d => d.Version).IsConcurrencyToken();
        delivery.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
