using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Notices.Services;

/// <summary>Names of region codes for display (target regions), with 全国 for the nation; a code not in the region table shows as itself.</summary>
public sealed class RegionNames(RegionDirectory regions, IStringLocalizer<Strings> T)
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var names = await regions.PathsAsync(codes, ct);
        if (names.ContainsKey(RegionScope.NationCode)) names[RegionScope.NationCode] = T["全国"];
        return names;
    }
}
