using Kassa.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.CartRules;

internal sealed class CartRuleConfiguration : IEntityTypeConfiguration<CartRule>
{
    public void Configure(EntityTypeBuilder<CartRule> rule)
    {
        rule.ToTable("cart_rules");
        rule.Property(r => r.Kind).HasMaxLength(40);
        rule.Property(r => r.TargetKind).HasMaxLength(40);
        rule.Property(r => r.Conditions).HasJsonConversion().HasMaxLength(20_000);
        rule.Property(r => r.Result).HasJsonConversion().HasMaxLength(4_000);
        rule.Property(r => r.Version).IsConcurrencyToken();
        // Every cart read selects the enabled rules.
        rule.HasIndex(r => r.Enabled);
    }
}
