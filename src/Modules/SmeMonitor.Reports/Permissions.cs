using SmeMonitor.Core.Security;

namespace SmeMonitor.Reports;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Edit the indicators and rules of report types; each edit makes a new version (编辑报表规则).</summary>
    public const string EditRules = "Reports.EditRules";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(EditRules, "编辑报表规则", "指标报表"),
    ];
}
