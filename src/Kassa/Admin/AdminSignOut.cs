using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kassa.AdminPages;

/// <summary>A signed-out admin session: every instance on the database refuses its cookie until it would have expired.</summary>
public sealed class AdminSignOut
{
    /// <summary>The session's random id, as its cookie holds it.</summary>
    public string Id { get; set; } = "";

    /// <summary>When the session would have expired; after that the row is deleted.</summary>
    public DateTime Until { get; set; }
}

internal sealed class AdminSignOutConfiguration : IEntityTypeConfiguration<AdminSignOut>
{
    public void Configure(EntityTypeBuilder<AdminSignOut> signOut)
    {
        signOut.ToTable("admin_sign_outs");
        signOut.Property(s => s.Id).HasMaxLength(32);
        signOut.HasIndex(s => s.Until);
    }
}
