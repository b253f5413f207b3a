using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Administrators;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu)
    {
        if (menu != MenuName.Admin) return [];
        var group = T["用户管理"];
        return
        [
            new(T["下级管理员维护"], "/admin/administrators", "people", Permissions.ManageSubordinates, group, 600) { AdministratorsOnly = true },
            new(T["角色与权限"], "/admin/roles", "shield-lock", Permissions.ManageRoles, group, 610),
        ];
    }
}
