using SmeMonitor.Core.Security;

namespace SmeMonitor.Directory;

public sealed class Permissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() => [];
}
