using SmeMonitor.Core.Security;

namespace SmeMonitor.Review;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>企业上报数据审核: the queue, 接收 and 退回 of the reports the administrator holds (one-click and skip-level need their grants too).</summary>
    public const string ReviewReports = "Review.Reports";
    /// <summary>筛查规则: add, edit, disable the administrators' screening rules.</summary>
    public const string EditScreeningRules = "Review.EditScreeningRules";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ReviewReports, "企业上报数据审核", "报表审核"),
        new(EditScreeningRules, "编辑筛查规则", "报表审核"),
    ];
}
