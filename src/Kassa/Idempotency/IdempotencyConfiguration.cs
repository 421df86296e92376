using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Idempotency;

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("idempotency_records");
        record.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
        record.Property(r => r.Scope).HasMaxLength(50);
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ResponseBody).HasMaxLength(1_000_000);
        record.HasIndex(r => r.CreatedAt);
    }
}
