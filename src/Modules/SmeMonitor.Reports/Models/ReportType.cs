using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Reports.Models;

/// <summary>
/// A report type (报表类型, e.g. 中小企业经济指标月报), defined as data by the <c>report-types</c> recipe step.
/// Its indicators and rules live in immutable <see cref="ReportTypeVersion"/>s; <see cref="CurrentVersionId"/> is the
/// one new reports are filled with.
/// </summary>
public class ReportType : IVersioned
{
    public long Id { get; set; }
    /// <summary>Stable name that recipes and code refer to, e.g. "monthly".</summary>
    public string Name { get; set; } = "";
    /// <summary>Title (zh-CN) of the current version, kept here for lists.</summary>
    public string Title { get; set; } = "";
    /// <summary>The version new reports are filled with (no foreign key: the two tables would refer to each other).</summary>
    public long? CurrentVersionId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// One immutable version of a report type's definition (报表定义版本): the whole <see cref="Services.ReportDefinition"/>
/// as JSON. A report keeps the version it was first saved with, so later rule edits never change how it was checked.
/// </summary>
public class ReportTypeVersion
{
    public long Id { get; set; }
    public long ReportTypeId { get; set; }
    /// <summary>1, 2, … per report type.</summary>
    public int Number { get; set; }
    /// <summary>The definition, normalized (see <see cref="Services.ReportDefinition.ToJson"/>).</summary>
    public string Json { get; set; } = "";
    /// <summary>SHA-256 of <see cref="Json"/>: re-applying identical content creates no version.</summary>
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ReportTypeConfiguration : IEntityTypeConfiguration<ReportType>
{
    public void Configure(EntityTypeBuilder<ReportType> b)
    {
        b.ToTable("ReportTypes");
        b.HasIndex(t => t.Name).IsUnique();
        b.Property(t => t.Name).HasMaxLength(64).IsUnicode(false);
        b.Property(t => t.Title).HasMaxLength(100);
        b.Property(t => t.UpdatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}

internal sealed class ReportTypeVersionConfiguration : IEntityTypeConfiguration<ReportTypeVersion>
{
    public void Configure(EntityTypeBuilder<ReportTypeVersion> b)
    {
        b.ToTable("ReportTypeVersions");
        b.HasIndex(v => new { v.ReportTypeId, v.Number }).IsUnique();
        b.Property(v => v.Sha256).HasMaxLength(64).IsUnicode(false);
        b.Property(v => v.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasOne<ReportType>().WithMany().HasForeignKey(v => v.ReportTypeId).OnDelete(DeleteBehavior.Cascade);
    }
}
