using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Platform;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu)
    {
        if (menu != MenuName.Admin) return [];
        var group = T["系统"];
        return
        [
            new(T["首页"], "/admin", "speedometer2", Order: 0),
            new(T["我的任务"], "/jobs", "hourglass-split", Order: 800),
            new(T["模块与功能"], "/admin/features", "puzzle", Permissions.ManageFeatures, group, 900),
            new(T["配方"], "/admin/recipes", "journal-code", Permissions.ManageRecipes, group, 910),
            new(T["审计日志"], "/admin/audit", "clock-history", Permissions.ViewAuditLog, group, 920),
            new(T["工作流"], "/admin/workflows", "diagram-3", Permissions.ViewWorkflows, group, 930),
        ];
    }
}
