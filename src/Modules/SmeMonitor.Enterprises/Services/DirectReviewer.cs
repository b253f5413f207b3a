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
public sealed class DirectReviewer(SmeDbContext db, ReadCache cache)
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

    private ReviewChain? _chain;

    /// <summary>
    /// Who can review an enterprise's reports (审核链): the administrators covering <paramref name="regionCode"/>
    /// (<see cref="CoveringAsync"/>) and the level of the enterprise's own direct reviewer (<see cref="Enterprise.ReviewerId"/>,
    /// enabled or not). Kept for this scope (one request) for the enterprise and region last asked: a report's 上报 asks it,
    /// and so does every Condition of the review chain it starts.
    /// </summary>
    public async Task<ReviewChain> ChainAsync(long enterpriseId, string regionCode, CancellationToken ct = default)
    {
        if (_chain is { } known && known.EnterpriseId == enterpriseId && known.RegionCode == regionCode) return known;
        var reviewerId = await db.Set<Enterprise>().Where(e => e.Id == enterpriseId).Select(e => e.ReviewerId).FirstOrDefaultAsync(ct);
        return await ChainAsync(enterpriseId, regionCode, reviewerId, ct);
    }

    /// <summary>The chain of an enterprise the caller has read (its region and direct reviewer as read).</summary>
    public async Task<ReviewChain> ChainAsync(Enterprise enterprise, CancellationToken ct = default) =>
        _chain is { } known && known.EnterpriseId == enterprise.Id && known.RegionCode == enterprise.RegionCode
            ? known : await ChainAsync(enterprise.Id, enterprise.RegionCode, enterprise.ReviewerId, ct);

    private async Task<ReviewChain> ChainAsync(long enterpriseId, string regionCode, long? reviewerId, CancellationToken ct)
    {
        // Every administrator (enabled or not) of the regions that can contain this one, kept process-wide (ReadCache):
        // every 上报 of every enterprise in the county asks for the same few rows.
        var admins = regionCode.Length != 6 ? []
            : await cache.GetAsync("review-chain:" + regionCode, [typeof(Administrator)], async () =>
            {
                var candidates = Candidates(regionCode);
                return await db.Set<Administrator>().AsNoTracking().Where(a => candidates.Contains(a.RegionCode)).ToListAsync(ct);
            });
        var directLevel = reviewerId is null ? null
            : admins.FirstOrDefault(a => a.Id == reviewerId)?.Level
              ?? await db.Set<Administrator>().Where(a => a.Id == reviewerId).Select(a => (AdminLevel?)a.Level).FirstOrDefaultAsync(ct);
        return _chain = new ReviewChain(enterpriseId, regionCode, Covering(admins, regionCode), directLevel);
    }

    /// <summary>
    /// The enabled administrators of every region that can contain one of <paramref name="regionCodes"/> (6 digits), in one query:
    /// a bulk review reads them once for several reports and hands each report's chain to <see cref="Remember"/>.
    /// </summary>
    public async Task<List<Administrator>> CandidatesAsync(IEnumerable<string> regionCodes, CancellationToken ct = default)
    {
        var codes = regionCodes.Where(r => r.Length == 6).SelectMany(Candidates).Distinct().ToArray();
        if (codes.Length == 0) return [];
        return await db.Set<Administrator>().AsNoTracking().Where(a => a.Enabled && codes.Contains(a.RegionCode)).ToListAsync(ct);
    }

    /// <summary>
    /// Keeps, as <see cref="ChainAsync"/> keeps what it read, the chain of an enterprise the caller read itself in its transaction:
    /// the administrators from <see cref="CandidatesAsync"/> (filtered here as ChainAsync filters them) and the level of the
    /// enterprise's direct reviewer (enabled or not; null: none). <see cref="Forget"/> when that transaction ends.
    /// </summary>
    public ReviewChain Remember(long enterpriseId, string regionCode, IEnumerable<Administrator> candidates, AdminLevel? directLevel) =>
        _chain = new ReviewChain(enterpriseId, regionCode, Covering(candidates, regionCode), directLevel);

    /// <summary>Drops the chain kept: the next <see cref="ChainAsync"/> reads it.</summary>
    public void Forget() => _chain = null;

    private static List<Administrator> Covering(IEnumerable<Administrator> admins, string regionCode)
    {
        if (regionCode.Length != 6) return [];
        var candidates = Candidates(regionCode);
        return [.. admins.Where(a => a.Enabled && candidates.Contains(a.RegionCode) && RegionScope.For(a).Contains(regionCode))];
    }

    /// <summary>The regions that can contain a county: itself, its prefecture, its province and the nation.</summary>
    private static string[] Candidates(string regionCode) => [regionCode, regionCode[..4] + "00", regionCode[..2] + "0000", RegionScope.NationCode];
}

/// <summary>An enterprise's review chain (<see cref="DirectReviewer.ChainAsync"/>): the administrators covering its region, and its direct reviewer's level.</summary>
public sealed record ReviewChain(long EnterpriseId, string RegionCode, IReadOnlyList<Administrator> Covering, AdminLevel? DirectLevel)
{
    /// <summary>The level a submitted report waits at first: the direct reviewer's, else the deepest covering administrator's.</summary>
    public AdminLevel? FirstLevel => DirectLevel ?? (Covering.Count == 0 ? null : Covering.Max(a => a.Level));
}
