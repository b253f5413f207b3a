using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Reports.Models;

/// <summary>
/// Where a report stands (REP-9). 未填报 has no row: a report exists from its first save.
/// </summary>
public enum ReportStatus
{
    /// <summary>编辑: saved, not submitted (also after a withdrawal).</summary>
    Draft = 1,
    /// <summary>冻结: a key-field change of the enterprise is pending; the current-period report cannot be saved or submitted.</summary>
    Frozen = 2,
    /// <summary>解除冻结: the change was decided; the enterprise goes on filling.</summary>
    Unfrozen = 3,
    /// <summary>审核中: submitted, in the review workflow (<see cref="Report.ReviewLevel"/> says at which level).</summary>
    InReview = 4,
    /// <summary>退回: returned by a reviewer with <see cref="Report.ReturnReason"/>.</summary>
    Returned = 5,
    /// <summary>审核通过</summary>
    Approved = 6,
}

/// <summary>填报方式</summary>
public enum FillMode
{
    /// <summary>在线填报</summary>
    Online = 1,
    /// <summary>上报导入 (an Excel file)</summary>
    Import = 2,
}

/// <summary>The four typed columns of an indicator (REP-2); 累计同比增长 is computed from the cumulatives and never stored.</summary>
public enum ValueColumn
{
    /// <summary>本年本月</summary>
    Month = 1,
    /// <summary>本年1-本月</summary>
    Cumulative = 2,
    /// <summary>上年本月</summary>
    LastYearMonth = 3,
    /// <summary>上年1-本月</summary>
    LastYearCumulative = 4,
}

/// <summary>
/// One enterprise's report of one type for one month (企业月报). The enterprise's region, industry and size are copied
/// at each save, so that queries aggregate by them without a join and keep the values the report was made with.
/// </summary>
public class Report : IVersioned, IRegionBound
{
    public long Id { get; set; }
    public long EnterpriseId { get; set; }
    public long ReportTypeId { get; set; }
    /// <summary>The definition version the report was first saved with; its checks stay those of that version.</summary>
    public long ReportTypeVersionId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public ReportStatus Status { get; set; }
    /// <summary>填报人</summary>
    public string FillerName { get; set; } = "";
    /// <summary>The enterprise's county code at the last save.</summary>
    public string RegionCode { get; set; } = "";
    /// <summary>The enterprise's GB/T 4754 小类 at the last save.</summary>
    public string? IndustryCode { get; set; }
    public EnterpriseSize? Size { get; set; }
    /// <summary>退回原因 of the last return (≤ 150 characters).</summary>
    public string? ReturnReason { get; set; }
    /// <summary>The level of the administrator the report waits for while 审核中; null otherwise.</summary>
    public AdminLevel? ReviewLevel { get; set; }
    /// <summary>系统筛查 at the last submit: null before any screening; shown to reviewers and to the enterprise (撤销).</summary>
    public bool? ScreeningPassed { get; set; }
    /// <summary>The screening's messages as a JSON array of strings (what did not pass); null before any screening.</summary>
    public string? ScreeningMessages { get; set; }
    public FillMode FillMode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last save (填报日期).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int Version { get; set; }

    public List<ReportValue> Values { get; set; } = [];
    public List<ReportProduct> Products { get; set; } = [];
    public List<ReportWarningConfirmation> Confirmations { get; set; } = [];
    public List<ReportTransition> Transitions { get; set; } = [];
}

/// <summary>One typed number: report × indicator × column, decimal(18,2).</summary>
public class ReportValue
{
    public long ReportId { get; set; }
    public string IndicatorCode { get; set; } = "";
    public ValueColumn Column { get; set; }
    public decimal Value { get; set; }
}

/// <summary>One row of 主要产品产销存 (REP-7). All but the code are required; quantities are positive.</summary>
public class ReportProduct
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    /// <summary>Position in the form, from 1.</summary>
    public int Row { get; set; }
    /// <summary>产品名称</summary>
    public string Name { get; set; } = "";
    /// <summary>产品代码 (optional)</summary>
    public string? Code { get; set; }
    /// <summary>计量单位</summary>
    public string Unit { get; set; } = "";
    /// <summary>生产量</summary>
    public decimal Production { get; set; }
    /// <summary>销售量</summary>
    public decimal Sales { get; set; }
    /// <summary>期末库存量</summary>
    public decimal ClosingStock { get; set; }
}

/// <summary>A balance-check warning the enterprise confirmed, with its explanation (shown to reviewers).</summary>
public class ReportWarningConfirmation
{
    public long ReportId { get; set; }
    public string RuleId { get; set; } = "";
    public string Explanation { get; set; } = "";
    public DateTimeOffset ConfirmedAt { get; set; }
}

/// <summary>One status change of a report (REP-9): who, when, from, to, why. From is null for 未填报.</summary>
public class ReportTransition
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    public ReportStatus? From { get; set; }
    public ReportStatus To { get; set; }
    /// <summary>The acting user; null when the platform itself did it.</summary>
    public string? UserId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("Reports");
        b.HasIndex(r => new { r.EnterpriseId, r.ReportTypeId, r.Year, r.Month }).IsUnique();
        // Aggregation by period and region (a prefix range), industry or size.
        b.HasIndex(r => new { r.Year, r.Month, r.RegionCode });
        b.HasIndex(r => new { r.Year, r.Month, r.IndustryCode });
        b.HasIndex(r => new { r.Year, r.Month, r.Size });
        b.HasIndex(r => new { r.Status, r.RegionCode });
        // The review queue: reports 审核中 at one level inside a region prefix.
        b.HasIndex(r => new { r.Status, r.ReviewLevel, r.RegionCode });
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        b.Property(r => r.FillMode).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        b.Property(r => r.ReviewLevel).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        b.Property(r => r.FillerName).HasMaxLength(50);
        b.Property(r => r.RegionCode).HasMaxLength(6).IsUnicode(false);
        b.Property(r => r.IndustryCode).HasMaxLength(4).IsUnicode(false);
        b.Property(r => r.ReturnReason).HasMaxLength(150);
        b.Property(r => r.ScreeningMessages).HasMaxLength(8000);
        b.Property(r => r.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(r => r.UpdatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(r => r.SubmittedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(r => r.ApprovedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasOne<Enterprises.Models.Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReportType>().WithMany().HasForeignKey(r => r.ReportTypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReportTypeVersion>().WithMany().HasForeignKey(r => r.ReportTypeVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Values).WithOne().HasForeignKey(v => v.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Products).WithOne().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Confirmations).WithOne().HasForeignKey(c => c.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Transitions).WithOne().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportValueConfiguration : IEntityTypeConfiguration<ReportValue>
{
    public void Configure(EntityTypeBuilder<ReportValue> b)
    {
        b.ToTable("ReportValues");
        b.HasKey(v => new { v.ReportId, v.IndicatorCode, v.Column });
        b.Property(v => v.IndicatorCode).HasMaxLength(32).IsUnicode(false);
        b.Property(v => v.Column).HasConversion<byte>();
        b.Property(v => v.Value).HasPrecision(18, 2);
        b.HasIndex(v => v.IndicatorCode);
    }
}

internal sealed class ReportProductConfiguration : IEntityTypeConfiguration<ReportProduct>
{
    public void Configure(EntityTypeBuilder<ReportProduct> b)
    {
        b.ToTable("ReportProducts");
        b.HasIndex(p => new { p.ReportId, p.Row }).IsUnique();
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Code).HasMaxLength(50);
        b.Property(p => p.Unit).HasMaxLength(20);
        b.Property(p => p.Production).HasPrecision(18, 2);
        b.Property(p => p.Sales).HasPrecision(18, 2);
        b.Property(p => p.ClosingStock).HasPrecision(18, 2);
    }
}

internal sealed class ReportWarningConfirmationConfiguration : IEntityTypeConfiguration<ReportWarningConfirmation>
{
    public void Configure(EntityTypeBuilder<ReportWarningConfirmation> b)
    {
        b.ToTable("ReportWarningConfirmations");
        b.HasKey(c => new { c.ReportId, c.RuleId });
        b.Property(c => c.RuleId).HasMaxLength(64).IsUnicode(false);
        b.Property(c => c.Explanation).HasMaxLength(500);
        b.Property(c => c.ConfirmedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}

internal sealed class ReportTransitionConfiguration : IEntityTypeConfiguration<ReportTransition>
{
    public void Configure(EntityTypeBuilder<ReportTransition> b)
    {
        b.ToTable("ReportTransitions");
        b.HasIndex(t => t.ReportId);
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        b.Property(t => t.UserId).HasMaxLength(64);
        b.Property(t => t.Reason).HasMaxLength(500);
        b.Property(t => t.At).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}
