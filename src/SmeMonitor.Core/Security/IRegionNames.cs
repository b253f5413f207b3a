namespace SmeMonitor.Core.Security;

/// <summary>
/// Region codes as people read them: the full path (浙江省/杭州市/上城区), 全国 for the nation, a code the region table does
/// not have as itself. The Directory module holds the table and provides this; modules that do not depend on it (the
/// dashboard's home page) ask for it here.
/// </summary>
public interface IRegionNames
{
    Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> codes, CancellationToken ct = default);
}
