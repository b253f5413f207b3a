using SmeMonitor.Core.Security;

namespace SmeMonitor.Reports;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Edit the indicators and rules of report types; each edit makes a new version (编辑报表规则).</summary>
    public const string EditRules = "Reports.EditRules";

    /// <summary>Batch import of many enterprises' reports and export of a period's reports, in the administrator's region (批量导入导出).</summary>
    public const string Import = "Reports.Import";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(EditRules, "编辑报表规则", "指标报表"),
        new(Import, "批量导入导出报表", "指标报表"),
    ];
}
