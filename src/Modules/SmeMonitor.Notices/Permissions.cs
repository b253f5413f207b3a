using SmeMonitor.Core.Security;

namespace SmeMonitor.Notices;

public sealed class Permissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() => [];
}
