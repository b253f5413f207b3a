using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Directory.Services;

public sealed class RegionNames(RegionDirectory regions, IStringLocalizer<Strings> T) : IRegionNames
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var names = await regions.PathsAsync(codes, ct);
        if (names.ContainsKey(RegionScope.NationCode)) names[RegionScope.NationCode] = T["全国"];
        return names;
    }
}
