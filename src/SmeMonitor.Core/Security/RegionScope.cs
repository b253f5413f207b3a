using System.Linq.Expressions;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Security;

/// <summary>
/// What region-bound data the current user may see: the subtree of divisions whose codes start
/// with <see cref="Prefix"/>. GB/T 2260 codes nest by prefix (province 2, city 4, county 6 digits),
/// so scoping is one indexed LIKE 'prefix%' on every query.
/// </summary>
public sealed class RegionScope
{
    public const string NationCode = "000000";

    /// <summary>Sees nothing: a user who is not an (enabled) administrator.</summary>
    public static readonly RegionScope None = new(null, null, null);

    public Administrator? Administrator { get; }
    public AdminLevel? Level { get; }
    /// <summary>Null when the user has no scope at all; "" for the nation.</summary>
    public string? Prefix { get; }

    private RegionScope(Administrator? admin, AdminLevel? level, string? prefix)
    {
        Administrator = admin;
        Level = level;
        Prefix = prefix;
    }

    public static RegionScope For(Administrator admin) =>
        admin.Enabled ? new RegionScope(admin, admin.Level, admin.RegionPrefix) : None;

    public bool IsAdministrator => Prefix is not null;

    public bool Contains(string? regionCode) =>
        Prefix is not null && regionCode is not null && regionCode.Length == 6 && regionCode.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Filters any region-bound query to this scope.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> query) where T : IRegionBound
    {
        if (Prefix is null) return query.Where(_ => false);
        if (Prefix.Length == 0) return query;
        var prefix = Prefix;
        return query.Where(x => x.RegionCode.StartsWith(prefix));
    }

    /// <summary>Filters a query whose region is reached through a member, e.g. report → enterprise.RegionCode.</summary>
    public IQueryable<T> Apply<T>(IQueryable<T> query, Expression<Func<T, string>> regionCode)
    {
        if (Prefix is null) return query.Where(_ => false);
        if (Prefix.Length == 0) return query;
        var prefix = Expression.Constant(Prefix);
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        var body = Expression.Call(regionCode.Body, startsWith, prefix);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, regionCode.Parameters));
    }

    public static string PrefixOf(AdminLevel level, string regionCode) => level switch
    {
        AdminLevel.Nation => "",
        AdminLevel.Province => regionCode[..2],
        AdminLevel.City => regionCode[..4],
        _ => regionCode,
    };

    /// <summary>The level a region code denotes: 000000 nation, xx0000 province, xxxx00 city, else county.</summary>
    public static AdminLevel LevelOf(string regionCode) =>
        regionCode == NationCode ? AdminLevel.Nation
        : regionCode.EndsWith("0000", StringComparison.Ordinal) ? AdminLevel.Province
        : regionCode.EndsWith("00", StringComparison.Ordinal) ? AdminLevel.City
        : AdminLevel.County;
}
