using SmeMonitor.Core.Security;

namespace SmeMonitor.Themes.Portal;

/// <summary>A theme declares no permissions.</summary>
public sealed class Permissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() => [];
}
