using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>What the owner (the enterprise) may do with a report in its history (REP-10).</summary>
[Flags]
public enum ReportAction
{
    None = 0,
    /// <summary>编辑: the current period, when 未填报, 编辑, 退回 or 解除冻结.</summary>
    Edit = 1,
    /// <summary>补报: the same, for a past period.</summary>
    Supplement = 2,
    /// <summary>退回原因: a returned report.</summary>
    ReturnReason = 4,
    /// <summary>撤销: 审核中 and no administrator has acted yet.</summary>
    Withdraw = 8,
    /// <summary>查看: any report that exists.</summary>
    View = 16,
}

/// <summary>
/// The manual's rules for the history buttons, as one pure function: the pages offer exactly these, and
/// <see cref="ReportService"/> refuses anything else.
/// </summary>
public static class ReportActions
{
    /// <param name="status">The stored status; null for 未填报 (no row).</param>
    /// <param name="frozenNow">The enterprise has a key-field change pending (<c>Enterprise.ReportFrozen</c>): the current period is frozen.</param>
    /// <param name="reviewUntouched">While 审核中: the review still waits at its first task and nobody has acted.</param>
    public static ReportAction For(ReportStatus? status, ReportPeriod period, ReportPeriod current, bool frozenNow, bool reviewUntouched)
    {
        var actions = ReportAction.None;
        var frozen = status == ReportStatus.Frozen || (frozenNow && period == current);
        if (!frozen && period <= current && status is null or ReportStatus.Draft or ReportStatus.Returned or ReportStatus.Unfrozen)
            actions |= period == current ? ReportAction.Edit : ReportAction.Supplement;
        if (status == ReportStatus.Returned) actions |= ReportAction.ReturnReason;
        if (status == ReportStatus.InReview && reviewUntouched) actions |= ReportAction.Withdraw;
        if (status is not null) actions |= ReportAction.View;
        return actions;
    }

    /// <summary>The status shown for a period: the stored one, 冻结 for an unfilled current period while a change is pending, else null (未填报).</summary>
    public static ReportStatus? Shown(ReportStatus? status, ReportPeriod period, ReportPeriod current, bool frozenNow) =>
        status ?? (frozenNow && period == current ? ReportStatus.Frozen : null);

    /// <summary>The zh-CN name of a status (also its localization key); null is 未填报.</summary>
    public static string StatusText(ReportStatus? status) => status switch
    {
        null => "未填报",
        ReportStatus.Draft => "编辑",
        ReportStatus.Frozen => "冻结",
        ReportStatus.Unfrozen => "解除冻结",
        ReportStatus.InReview => "审核中",
        ReportStatus.Returned => "退回",
        _ => "审核通过",
    };

    /// <summary>The zh-CN name of a fill mode (also its localization key).</summary>
    public static string FillModeText(FillMode mode) => mode == FillMode.Import ? "上报导入" : "在线填报";
}
