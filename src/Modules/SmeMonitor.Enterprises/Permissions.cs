using SmeMonitor.Core.Security;

namespace SmeMonitor.Enterprises;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Review enterprise registrations and key-field changes of the administrator's region (企业注册审核).</summary>
    public const string Review = "Enterprises.Review";
    /// <summary>List, disable, enable, delete and reassign the enterprises of the region (监测企业信息管理).</summary>
    public const string Manage = "Enterprises.Manage";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Review, "审核企业注册与信息变更", "监测企业"),
        new(Manage, "管理监测企业（禁用、启用、删除、变更审核员）", "监测企业"),
    ];
}
