using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>
/// 直接授权审核员: the administrator who reviews an enterprise — the enabled administrator of the deepest
/// level whose manageable region contains the enterprise's region (county → city → province → nation);
/// the lowest id when a level has several.
/// </summary>
public sealed class DirectReviewer(SmeDbContext db)
{
    /// <summary>The reviewer for an enterprise in <paramref name="regionCode"/> (6 digits), or null when no enabled administrator covers it.</summary>
    public async Task<Administrator?> FindAsync(string regionCode, CancellationToken ct = default) =>
        (await CoveringAsync(regionCode, ct)).OrderByDescending(a => a.Level).ThenBy(a => a.Id).FirstOrDefault();

    /// <summary>The enabled administrators whose manageable region contains <paramref name="regionCode"/> (6 digits), at any level.</summary>
    public async Task<List<Administrator>> CoveringAsync(string regionCode, CancellationToken ct = default)
    {
        if (regionCode.Length != 6) return [];
        var candidates = Candidates(regionCode);
        var admins = await db.Set<Administrator>().AsNoTracking()
            .Where(a => a.Enabled && candidates.Contains(a.RegionCode))
            .ToListAsync(ct);
        return [.. admins.Where(a => RegionScope.For(a).Contains(regionCode))];
    }

    /// <summary>
    /// <see cref="CoveringAsync"/> and the level of the enterprise's direct reviewer (<see cref="Enterprise.ReviewerId"/>, enabled
    /// or not; null when it has none) in one query: review chains ask both for every report they move.
    /// </summary>
    public async Task<(List<Administrator> Covering, AdminLevel? ReviewerLevel)> CoveringWithReviewerAsync(string regionCode, long enterpriseId,
        CancellationToken ct = default)
    {
        var candidates = regionCode.Length == 6 ? Candidates(regionCode) : [];
        var rows = await db.Set<Administrator>().AsNoTracking()
            .Select(a => new { Admin = a, Reviews = db.Set<Enterprise>().Any(e => e.Id == enterpriseId && e.ReviewerId == a.Id) })
            .Where(x => (x.Admin.Enabled && candidates.Contains(x.Admin.RegionCode)) || x.Reviews)
            .ToListAsync(ct);
        List<Administrator> covering = [.. rows.Select(x => x.Admin)
            .Where(a => a.Enabled && candidates.Contains(a.RegionCode) && RegionScope.For(a).Contains(regionCode))];
        return (covering, rows.FirstOrDefault(x => x.Reviews)?.Admin.Level);
    }

    /// <summary>The regions that can contain it: itself, its prefecture, its province and the nation.</summary>
    private static string[] Candidates(string regionCode) => [regionCode, regionCode[..4] + "00", regionCode[..2] + "0000", RegionScope.NationCode];
}
