using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports;

/// <summary>The report entries: 当期报送, 上报导入 and 历史报送 for enterprise accounts; 数据批量上报导入 for administrators with the grant; 报表类型与校验规则 for national administrators with Reports.EditRules.</summary>
public sealed class PortalMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu) => menu switch
    {
        MenuName.Portal =>
        [
            new(T["当期报送"], ReportUrls.FillCurrent, "pencil-square", Order: 30) { EnterpriseUsersOnly = true },
            new(T["报表导入"], "/enterprise/reports/import", "upload", Order: 31) { EnterpriseUsersOnly = true },
            new(T["历史报送"], ReportUrls.History, "clock-history", Order: 32) { EnterpriseUsersOnly = true },
        ],
        MenuName.Admin =>
        [
            new(T["数据批量上报导入"], "/admin/reports/import", "file-earmark-arrow-up", Permissions.Import, T["数据审核"], 240),
            // Report types are national data (see ReportRuleEditor.MayEdit).
            new(T["报表类型与校验规则"], "/admin/report-types", "ui-checks", Permissions.EditRules, T["基础数据"], 710) { NationOnly = true },
        ],
        _ => [],
    };
}
