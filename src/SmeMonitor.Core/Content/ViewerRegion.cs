using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Content;

/// <summary>
/// The region of whoever is looking, for content aimed at regions (目标地区): an administrator's region,
/// an enterprise user's region (the Enterprises module supplies that by registering its own
/// implementation, which should fall back to <see cref="AdministratorViewerRegion"/>), or null for
/// anyone else (anonymous visitors see only content aimed at everyone).
/// </summary>
public interface IViewerRegion
{
    Task<string?> GetRegionCodeAsync(CancellationToken ct = default);
}

/// <summary>The default: an administrator's region; null for everyone else.</summary>
public sealed class AdministratorViewerRegion(IScopeService scopes) : IViewerRegion
{
    public async Task<string?> GetRegionCodeAsync(CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return scope.IsAdministrator ? scope.Administrator!.RegionCode : null;
    }
}
