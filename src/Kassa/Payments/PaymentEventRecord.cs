using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.Payments;

/// <summary>A webhook already acted on; its (gateway, event id) is unique, so a replay changes nothing.</summary>
public sealed class PaymentEventRecord
{
    public long Id { get; set; }
    public string GatewayCode { get; set; } = "";
    public string EventId { get; set; } = "";
    public Guid OrderUuid { get; set; }
    public string Outcome { get; set; } = "";

    /// <summary>What the event did: "applied", or why it was ignored.</summary>
    public string Result { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
}

internal sealed class PaymentEventRecordConfiguration : IEntityTypeConfiguration<PaymentEventRecord>
{
    public void Configure(EntityTypeBuilder<PaymentEventRecord> record)
    {
        record.ToTable("payment_events");
        record.HasIndex(r => new { r.GatewayCode, r.EventId }).IsUnique();
        record.Property(r => r.GatewayCode).HasMaxLength(50);
        record.Property(r => r.EventId).HasMaxLength(255);
        record.Property(r => r.Outcome).HasMaxLength(20);
        record.Property(r => r.Result).HasMaxLength(500);
    }
}
