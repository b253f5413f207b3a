using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Enterprises.Models;

/// <summary>Where a change of an approved enterprise's information stands (ENT-6).</summary>
public enum ChangeStatus
{
    /// <summary>已生效: applied (at once for ordinary fields; after the check for key fields).</summary>
    Applied = 0,
    /// <summary>待自动审核: a key-field change waiting for the automatic check; the report is frozen.</summary>
    PendingCheck = 1,
    /// <summary>待人工审核: the automatic check failed; the direct reviewer decides.</summary>
    PendingReview = 2,
    /// <summary>已驳回: refused by the reviewer; the old values stay.</summary>
    Rejected = 3,
}

/// <summary>
/// A change record (企业信息变更, queried in QRY-3): one save of an approved enterprise's information,
/// with the before/after value of every field it touched, who made it and when. Never deleted.
/// </summary>
public class EnterpriseChange : IVersioned
{
    public long Id { get; set; }
    public long EnterpriseId { get; set; }
    /// <summary>True when name, credit code or industry changed: the change is checked before it applies.</summary>
    public bool IsKeyChange { get; set; }
    public ChangeStatus Status { get; set; }
    public string ChangedByUserId { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>When the change was applied or refused.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>The reviewer's user id, or null when the automatic check decided.</summary>
    public string? DecidedByUserId { get; set; }
    /// <summary>Why the automatic check failed, or the reviewer's reason for refusing.</summary>
    public string? Reason { get; set; }
    public int Version { get; set; }

    public Enterprise? Enterprise { get; set; }
    public List<EnterpriseFieldChange> Fields { get; set; } = [];
}

/// <summary>One field of a change record: its stable name (the property name, e.g. "Name") and the values as text.</summary>
public class EnterpriseFieldChange
{
    public long Id { get; set; }
    public long ChangeId { get; set; }
    public string Field { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}

internal sealed class EnterpriseChangeConfiguration : IEntityTypeConfiguration<EnterpriseChange>
{
    public void Configure(EntityTypeBuilder<EnterpriseChange> b)
    {
        b.HasIndex(c => new { c.EnterpriseId, c.ChangedAt });
        b.HasIndex(c => c.Status);
        b.Property(c => c.ChangedByUserId).HasMaxLength(64);
        b.Property(c => c.DecidedByUserId).HasMaxLength(64);
        b.Property(c => c.Reason).HasMaxLength(500);
        b.HasOne(c => c.Enterprise).WithMany().HasForeignKey(c => c.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Fields).WithOne().HasForeignKey(f => f.ChangeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EnterpriseFieldChangeConfiguration : IEntityTypeConfiguration<EnterpriseFieldChange>
{
    public void Configure(EntityTypeBuilder<EnterpriseFieldChange> b)
    {
        b.Property(f => f.Field).HasMaxLength(40).IsUnicode(false);
        b.Property(f => f.Before).HasMaxLength(500);
        b.Property(f => f.After).HasMaxLength(500);
    }
}
