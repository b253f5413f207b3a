using SmeMonitor.Core.Security;

namespace SmeMonitor.Messaging;

public sealed class Permissions : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() => [];
}
