using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports;

/// <summary>The enterprise portal's report entries: 当期报送 and 历史报送, for enterprise accounts only.</summary>
public sealed class PortalMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu) => menu != MenuName.Portal ? [] :
    [
        new(T["当期报送"], ReportUrls.FillCurrent, "pencil-square", Order: 30) { EnterpriseUsersOnly = true },
        new(T["历史报送"], ReportUrls.History, "clock-history", Order: 31) { EnterpriseUsersOnly = true },
    ];
}
