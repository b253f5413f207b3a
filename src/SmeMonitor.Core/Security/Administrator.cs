using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Security;

/// <summary>Administrator level (管理员级别), from the top down.</summary>
public enum AdminLevel
{
    /// <summary>国家</summary>
    Nation = 0,
    /// <summary>省</summary>
    Province = 1,
    /// <summary>市</summary>
    City = 2,
    /// <summary>县/区</summary>
    County = 3,
}

/// <summary>The stable lowercase names of the levels used in recipes and the API: nation, province, city, county.</summary>
public static class AdminLevels
{
    public static string Key(this AdminLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The zh-CN name of a level (国家级, 省级, 市级, 县级), also its localization key.</summary>
    public static string Text(this AdminLevel level) => level switch
    {
        AdminLevel.Nation => "国家级",
        AdminLevel.Province => "省级",
        AdminLevel.City => "市级",
        _ => "县级",
    };

    public static bool TryParseKey(string? key, out AdminLevel level)
    {
        foreach (var l in Enum.GetValues<AdminLevel>())
            if (string.Equals(l.Key(), key, StringComparison.Ordinal)) { level = l; return true; }
        level = default;
        return false;
    }

    /// <summary>The level of the <c>Region.Level</c> column (1 province, 2 city, 3 county) that an administrator of this level manages.</summary>
    public static int RegionLevel(this AdminLevel level) => (int)level;
}

/// <summary>
/// A local administrator (地方管理员): an existing account given a level and a manageable region
/// (可管理地区), the subtree of GB/T 2260 divisions under <see cref="RegionCode"/>.
/// </summary>
public class Administrator : IVersioned, IRegionBound
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AdminLevel Level { get; set; }
    /// <summary>000000 for the nation, else the 6-digit code of the province, city or county.</summary>
    public string RegionCode { get; set; } = RegionScope.NationCode;
    /// <summary>一键接收 grant.</summary>
    public bool CanOneClickAccept { get; set; }
    /// <summary>越级接收 grant (province administrators only).</summary>
    public bool CanSkipLevelAccept { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>The administrator who created this one; null for those created by recipe.</summary>
    public long? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
    public User? User { get; set; }

    /// <summary>The code prefix that every region inside this administrator's scope starts with.</summary>
    public string RegionPrefix => RegionScope.PrefixOf(Level, RegionCode);
}

internal sealed class AdministratorConfiguration : IEntityTypeConfiguration<Administrator>
{
    public void Configure(EntityTypeBuilder<Administrator> b)
    {
        b.HasIndex(a => a.UserId).IsUnique();
        b.HasIndex(a => a.RegionCode);
        b.Property(a => a.UserId).HasMaxLength(64);
        b.Property(a => a.RegionCode).HasMaxLength(6).IsUnicode(false);
        b.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(a => a.RegionPrefix);
    }
}
