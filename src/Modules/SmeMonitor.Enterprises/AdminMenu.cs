using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Enterprises;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu)
    {
        if (menu == MenuName.Portal)
            return
            [
                new(T["企业首页"], "/enterprise", "building", Order: 20) { EnterpriseUsersOnly = true },
                new(T["企业信息"], "/enterprise/registration", "card-text", Order: 21) { EnterpriseUsersOnly = true },
            ];
        if (menu != MenuName.Admin) return [];
        return
        [
            new(T["企业注册审核"], "/admin/enterprises/registrations", "person-check", Permissions.Review, T["数据审核"], 200) { AdministratorsOnly = true },
            new(T["企业信息变更审核"], "/admin/enterprises/changes", "pencil-square", Permissions.Review, T["数据审核"], 210) { AdministratorsOnly = true },
            new(T["监测企业信息管理"], "/admin/enterprises", "buildings", Permissions.Manage, T["用户管理"], 620) { AdministratorsOnly = true },
        ];
    }
}
