using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmeMonitor.Directory.Models;

/// <summary>An entry of a coded hierarchy (regions, industries): codes nest by prefix, level 1 is the top.</summary>
public interface ITreeEntry
{
    string Code { get; }
    string Name { get; }
    /// <summary>Null at the top level.</summary>
    string? ParentCode { get; }
    int Level { get; }
}

/// <summary>
/// An administrative division (行政区划, GB/T 2260): province, city (地级) or county (县级), by 6-digit code.
/// Loaded by the "regions" recipe step; divisions change yearly, so this is data, not code.
/// </summary>
public class Region : ITreeEntry
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Null for provinces.</summary>
    public string? ParentCode { get; set; }
    /// <summary>1 province, 2 city, 3 county.</summary>
    public int Level { get; set; }
    /// <summary>Full name path, e.g. 浙江省/杭州市/上城区, for display and search.</summary>
    public string Path { get; set; } = "";
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.HasKey(r => r.Code);
        b.Property(r => r.Code).HasMaxLength(6).IsUnicode(false);
        b.Property(r => r.ParentCode).HasMaxLength(6).IsUnicode(false);
        b.Property(r => r.Name).HasMaxLength(64);
        b.Property(r => r.Path).HasMaxLength(200);
        b.HasIndex(r => r.ParentCode);
    }
}

/// <summary>
/// An industry of GB/T 4754-2017 (国民经济行业分类): 门类 (letter), 大类 (2 digits), 中类 (3), 小类 (4).
/// </summary>
public class Industry : ITreeEntry
{
    /// <summary>"C" for a 门类, else the numeric code: "36", "361", "3610".</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ParentCode { get; set; }
    /// <summary>1 门类, 2 大类, 3 中类, 4 小类.</summary>
    public int Level { get; set; }
    /// <summary>The 门类 letter this industry belongs to.</summary>
    public string Section { get; set; } = "";
}

internal sealed class IndustryConfiguration : IEntityTypeConfiguration<Industry>
{
    public void Configure(EntityTypeBuilder<Industry> b)
    {
        b.HasKey(i => i.Code);
        b.Property(i => i.Code).HasMaxLength(4).IsUnicode(false);
        b.Property(i => i.ParentCode).HasMaxLength(4).IsUnicode(false);
        b.Property(i => i.Section).HasMaxLength(1).IsUnicode(false);
        b.Property(i => i.Name).HasMaxLength(100);
        b.HasIndex(i => i.ParentCode);
    }
}
