using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Review;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu) => menu != MenuName.Admin ? [] :
    [
        new(T["企业上报数据审核"], "/admin/reviews", "clipboard-check", Permissions.ReviewReports, T["数据审核"], 220) { AdministratorsOnly = true },
        new(T["筛查规则"], "/admin/reviews/screening-rules", "funnel", Permissions.EditScreeningRules, T["数据审核"], 230),
    ];
}
