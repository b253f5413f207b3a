using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>下级管理员维护: list, create, edit, disable and grant administrators below oneself, inside one's region.</summary>
    public const string ManageSubordinates = "Administrators.ManageSubordinates";
    /// <summary>角色与权限: create roles and choose their permissions.</summary>
    public const string ManageRoles = "Administrators.ManageRoles";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ManageSubordinates, "维护下级管理员", "用户管理"),
        new(ManageRoles, "管理角色与权限", "用户管理", PlatformWide: true),
    ];
}
