using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Enterprises.Models;

/// <summary>Where an enterprise's registration stands (ENT-4, ENT-5).</summary>
public enum RegistrationStatus
{
    /// <summary>暂存: saved, not yet submitted.</summary>
    Draft = 0,
    /// <summary>待审核: submitted, waiting for the direct reviewer.</summary>
    PendingReview = 1,
    /// <summary>退回: returned with a reason; the enterprise edits and resubmits.</summary>
    Returned = 2,
    /// <summary>审核通过: the enterprise may report.</summary>
    Approved = 3,
}

/// <summary>
/// A monitored enterprise (监测企业): registered by its own account (ENT-1), one account per enterprise.
/// Money is in 千元 as the forms ask; the size is computed from the figures and the industry (ENT-3).
/// </summary>
public class Enterprise : IVersioned, IRegionBound
{
    public long Id { get; set; }
    /// <summary>The account (用户ID) that registered and reports for this enterprise.</summary>
    public string UserId { get; set; } = "";
    /// <summary>企业名称, unique in the whole database.</summary>
    public string Name { get; set; } = "";
    /// <summary>统一社会信用代码 (18 characters, check digit verified), unique in the whole database.</summary>
    public string? CreditCode { get; set; }
    /// <summary>法人代表</summary>
    public string? LegalRepresentative { get; set; }
    /// <summary>所属行业: the GB/T 4754-2017 code chosen (a 小类 in a complete registration).</summary>
    public string? IndustryCode { get; set; }
    /// <summary>所在地区: the county code (6 digits).</summary>
    public string RegionCode { get; set; } = "";
    /// <summary>注册类型</summary>
    public string? RegistrationType { get; set; }
    /// <summary>控股类型: 私人控股 / 港澳台商控股 / 外商控股 / 其他.</summary>
    public string? HoldingType { get; set; }
    /// <summary>上年末营业收入 (千元)</summary>
    public decimal? Revenue { get; set; }
    /// <summary>上年末从业人数 (人)</summary>
    public int? Employees { get; set; }
    /// <summary>上年末资产总计 (千元)</summary>
    public decimal? Assets { get; set; }
    /// <summary>企业规模: computed on every save, never typed; null when it cannot be worked out yet.</summary>
    public EnterpriseSize? Size { get; set; }
    /// <summary>是否上市</summary>
    public bool Listed { get; set; }
    /// <summary>股票代码 (when listed)</summary>
    public string? StockCode { get; set; }
    /// <summary>通讯地址</summary>
    public string? Address { get; set; }
    /// <summary>邮政编码 (6 digits)</summary>
    public string? Postcode { get; set; }
    /// <summary>开业时间</summary>
    public DateOnly? OpenedOn { get; set; }
    /// <summary>企业网址 (http:// or https://)</summary>
    public string? Website { get; set; }
    /// <summary>联系人</summary>
    public string? ContactName { get; set; }
    /// <summary>电话: landline as 区号-号码.</summary>
    public string? Phone { get; set; }
    /// <summary>传真</summary>
    public string? Fax { get; set; }
    /// <summary>手机</summary>
    public string? Mobile { get; set; }
    /// <summary>电子邮箱</summary>
    public string? Email { get; set; }
    /// <summary>主营业务/主要产品</summary>
    public string? MainBusiness { get; set; }

    public RegistrationStatus Status { get; set; }
    /// <summary>The reason given with the last 退回 (≤ 150 characters), shown to the enterprise.</summary>
    public string? ReturnReason { get; set; }
    /// <summary>直接授权审核员: the administrator who reviews this enterprise's registration and reports.</summary>
    public long? ReviewerId { get; set; }
    /// <summary>禁用: a disabled enterprise cannot sign in to report (ENT-7).</summary>
    public bool Disabled { get; set; }
    /// <summary>冻结: a key-field change is pending, so the current report is frozen (ENT-6); the reports module reads it.</summary>
    public bool ReportFrozen { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public int Version { get; set; }

    public User? User { get; set; }
    public Administrator? Reviewer { get; set; }
}

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> b)
    {
        b.HasIndex(e => e.UserId).IsUnique();
        b.HasIndex(e => e.Name).IsUnique();
        b.HasIndex(e => e.CreditCode).IsUnique();
        b.HasIndex(e => e.RegionCode);
        b.HasIndex(e => e.ReviewerId);
        b.HasIndex(e => new { e.Status, e.RegionCode });
        b.Property(e => e.UserId).HasMaxLength(64);
        b.Property(e => e.Name).HasMaxLength(100);
        b.Property(e => e.CreditCode).HasMaxLength(18).IsUnicode(false);
        b.Property(e => e.LegalRepresentative).HasMaxLength(50);
        b.Property(e => e.IndustryCode).HasMaxLength(4).IsUnicode(false);
        b.Property(e => e.RegionCode).HasMaxLength(6).IsUnicode(false);
        b.Property(e => e.RegistrationType).HasMaxLength(50);
        b.Property(e => e.HoldingType).HasMaxLength(20);
        b.Property(e => e.Revenue).HasPrecision(18, 2);
        b.Property(e => e.Assets).HasPrecision(18, 2);
        b.Property(e => e.StockCode).HasMaxLength(20);
        b.Property(e => e.Address).HasMaxLength(200);
        b.Property(e => e.Postcode).HasMaxLength(6).IsUnicode(false);
        b.Property(e => e.Website).HasMaxLength(200);
        b.Property(e => e.ContactName).HasMaxLength(50);
        b.Property(e => e.Phone).HasMaxLength(30);
        b.Property(e => e.Fax).HasMaxLength(30);
        b.Property(e => e.Mobile).HasMaxLength(20);
        b.Property(e => e.Email).HasMaxLength(100);
        b.Property(e => e.MainBusiness).HasMaxLength(500);
        b.Property(e => e.ReturnReason).HasMaxLength(150);
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.Reviewer).WithMany().HasForeignKey(e => e.ReviewerId).OnDelete(DeleteBehavior.SetNull);
    }
}
