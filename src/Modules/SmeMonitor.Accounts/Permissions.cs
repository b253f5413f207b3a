using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts;

public sealed class Permissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() => [];
}
