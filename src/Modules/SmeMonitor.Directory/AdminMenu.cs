using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Directory;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu)
    {
        if (menu != MenuName.Admin) return [];
        return [new(T["地区、行业与企业规模"], "/admin/directory", "diagram-3", Group: T["基础数据"], Order: 700)];
    }
}
