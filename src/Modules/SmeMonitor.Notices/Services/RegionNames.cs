using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Notices.Services;

/// <summary>Names of region codes for display (target regions); a code not in the region table shows as itself.</summary>
public sealed class RegionNames(SmeDbContext db, IStringLocalizer<Strings> T)
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        var names = list.Count == 0 ? new Dictionary<string, string>() : await db.Set<Region>().AsNoTracking().Where(r => list.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => r.Path.Length > 0 ? r.Path : r.Name, ct);
        if (list.Contains(RegionScope.NationCode)) names[RegionScope.NationCode] = T["全国"];
        return list.ToDictionary(c => c, c => names.GetValueOrDefault(c) ?? c);
    }
}
