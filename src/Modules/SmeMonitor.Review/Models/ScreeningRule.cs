using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Review.Models;

/// <summary>
/// 筛查规则: an administrator-defined check run at submit beside the report type's rules (REV-2). The expression is a
/// rule over the same globals as report rules (v, enterprise, period, lastMonth, lastYear — the last two null when
/// the earlier report is not approved) and must hold; when it does not, <see cref="Message"/> is a screening message.
/// Example: 营业收入同比变化超过300%.
/// </summary>
public class ScreeningRule : IVersioned
{
    public long Id { get; set; }
    /// <summary>Stable name (recipes upsert by it).</summary>
    public string Name { get; set; } = "";
    public string Expression { get; set; } = "";
    public string Message { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class ScreeningRuleConfiguration : IEntityTypeConfiguration<ScreeningRule>
{
    public const int MaxName = 64, MaxExpression = 2000, MaxMessage = 200;

    public void Configure(EntityTypeBuilder<ScreeningRule> b)
    {
        b.ToTable("ScreeningRules");
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.Name).HasMaxLength(MaxName);
        b.Property(r => r.Expression).HasMaxLength(MaxExpression);
        b.Property(r => r.Message).HasMaxLength(MaxMessage);
        b.Property(r => r.UpdatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
    }
}
