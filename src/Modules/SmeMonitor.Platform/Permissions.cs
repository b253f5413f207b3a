using SmeMonitor.Core.Security;

namespace SmeMonitor.Platform;

public sealed class Permissions : IPermissionProvider
{
    public const string ManageFeatures = "Platform.ManageFeatures";
    public const string ManageRecipes = "Platform.ManageRecipes";
    public const string ViewAuditLog = "Platform.ViewAuditLog";
    public const string ViewWorkflows = "Platform.ViewWorkflows";
    public const string ManageWorkflows = "Platform.ManageWorkflows";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ManageFeatures, "启用和停用模块功能", "平台管理", PlatformWide: true),
        new(ManageRecipes, "执行和导出配方", "平台管理", PlatformWide: true),
        new(ViewAuditLog, "查看审计日志", "平台管理", PlatformWide: true),
        new(ViewWorkflows, "查看工作流定义和实例", "平台管理", PlatformWide: true),
        new(ManageWorkflows, "启用和停用工作流", "平台管理", PlatformWide: true),
    ];
}
