using SmeMonitor.Core.Security;

namespace SmeMonitor.Notices;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Write, publish, unpublish, schedule and delete content items of the administrator's region.</summary>
    public const string Edit = "Notices.Edit";
    /// <summary>Define content types (内容类型) in the dashboard.</summary>
    public const string ManageTypes = "Notices.ManageTypes";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Edit, "编辑和发布通知公告等内容", "内容管理"),
        new(ManageTypes, "定义内容类型", "内容管理"),
    ];
}
