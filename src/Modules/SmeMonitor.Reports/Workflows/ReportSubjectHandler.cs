using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Workflows;

/// <summary>
/// What review workflows do to a report (subject "Report", id = report id), from 审核中 only: SetStatus "InReview:County",
/// "InReview:City", "InReview:Province" or "InReview:Nation" (审核中 at that level: sets <see cref="Report.ReviewLevel"/>),
/// "Approved" (审核通过), "Returned" (退回, with the "reason" variable, 1–150 characters) or "Draft" (撤销 by the enterprise).
/// Condition expressions read <see cref="GetDataAsync"/>: region, province, status, level, screening and
/// <c>reviewers.county|city|province|nation</c> = whether that level takes part in the report's chain. The acting
/// user is the "userId" variable. The transition and its audit row are saved by the runtime in its transaction.
/// The SMS goes to the account's phone, else the enterprise's 手机.
/// </summary>
internal sealed class ReportSubjectHandler(SmeDbContext db, DirectReviewer directReviewer, IAuditLog audit, TimeProvider clock) : IWorkflowSubjectHandler
{
    public const int MaxReasonLength = 150;
    /// <summary>SetStatus "InReview:Level": the report now waits for that level.</summary>
    public const string InReviewPrefix = "InReview:";

    public string SubjectType => ReportService.SubjectType;

    public async Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct)
    {
        var id = ParseId(subjectId);
        // Find: the caller (a submit, a review action, a withdrawal) usually has the report loaded in this transaction already.
        var report = await db.Set<Report>().FindAsync([id], ct) ?? throw new WorkflowFaultException($"report {id} does not exist");
        if (report.Status != ReportStatus.InReview)
            throw new WorkflowFaultException($"report {id} is {report.Status}, not in review");
        var userId = Variable(context, ReportService.UserIdVariable);
        var now = clock.GetUtcNow();
        if (status.StartsWith(InReviewPrefix, StringComparison.Ordinal))
        {
            if (!AdminLevels.TryParseKey(status[InReviewPrefix.Length..].ToLowerInvariant(), out var level))
                throw new WorkflowFaultException($"'{status}' names no level (InReview:County, City, Province or Nation)");
            audit.Record("report.level", SubjectType, subjectId, new { from = report.ReviewLevel?.Key(), to = level.Key(), by = userId });
            report.ReviewLevel = level;
            report.UpdatedAt = now;
            return;
        }
        switch (status)
        {
            case nameof(ReportStatus.Approved):
                report.ApprovedAt = now;
                ReportService.Transition(report, ReportStatus.Approved, userId, null, now, audit);
                break;
            case nameof(ReportStatus.Returned):
                var reason = Variable(context, ReportService.ReasonVariable)?.Trim();
                if (reason is not { Length: > 0 and <= MaxReasonLength })
                    throw new WorkflowFaultException($"a return needs a reason of 1 to {MaxReasonLength} characters");
                report.ReturnReason = reason;
                ReportService.Transition(report, ReportStatus.Returned, userId, reason, now, audit);
                break;
            case nameof(ReportStatus.Draft):
                report.SubmittedAt = null;
                ReportService.Transition(report, ReportStatus.Draft, userId, "撤销", now, audit);
                break;
            default:
                throw new WorkflowFaultException($"a review approves, returns or withdraws a report; '{status}' is none of these");
        }
        report.ReviewLevel = null;
        report.UpdatedAt = now;
    }

    /// <summary>
    /// The report as Condition expressions see it. A level takes part in the chain (<c>reviewers.X</c>) when an enabled
    /// administrator of that level manages the report's region and the level is not below the enterprise's direct reviewer
    /// (直接授权审核员): the chain starts at the direct reviewer and goes up; a level without an administrator is skipped.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, object?>?> GetDataAsync(string subjectId, CancellationToken ct)
    {
        var id = ParseId(subjectId);
        // The report as the running transaction has it (a Screen or SetStatus before may have changed it, unsaved yet).
        var report = db.FindTracked<Report>(e => e.Entity.Id == id && e.State != EntityState.Deleted)?.Entity is { } tracked
            ? new { tracked.RegionCode, tracked.Status, tracked.ReviewLevel, tracked.ScreeningPassed, tracked.EnterpriseId }
            : await db.Set<Report>().AsNoTracking().Where(r => r.Id == id)
                .Select(r => new { r.RegionCode, r.Status, r.ReviewLevel, r.ScreeningPassed, r.EnterpriseId }).FirstOrDefaultAsync(ct);
        if (report is null) return null;
        var region = report.RegionCode;
        return new Dictionary<string, object?>
        {
            ["region"] = region, ["province"] = region[..2], ["status"] = report.Status.ToString(),
            ["level"] = report.ReviewLevel?.Key(), ["screening"] = report.ScreeningPassed,
            ["reviewers"] = await ReviewersAsync(report.EnterpriseId, region, ct),
        };
    }

    /// <summary>Which levels take part in the chain (asked by every Condition of a run; DirectReviewer keeps the answer for the scope).</summary>
    private async Task<Dictionary<string, object?>> ReviewersAsync(long enterpriseId, string region, CancellationToken ct)
    {
        var chain = await directReviewer.ChainAsync(enterpriseId, region, ct);
        var reviewers = new Dictionary<string, object?>();
        foreach (var level in Enum.GetValues<AdminLevel>())
            reviewers[level.Key()] = (chain.DirectLevel is not { } direct || level <= direct) && chain.Covering.Any(a => a.Level == level);
        return reviewers;
    }

    public async Task<string?> GetPhoneAsync(string subjectId, CancellationToken ct)
    {
        var id = ParseId(subjectId);
        var row = await db.Set<Report>().Where(r => r.Id == id)
            .Join(db.Set<Enterprise>(), r => r.EnterpriseId, e => e.Id, (r, e) => new { AccountPhone = e.User!.PhoneNumber, e.Mobile })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return !string.IsNullOrWhiteSpace(row.AccountPhone) ? row.AccountPhone : string.IsNullOrWhiteSpace(row.Mobile) ? null : row.Mobile;
    }

    private static long ParseId(string subjectId) =>
        long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
            : throw new WorkflowFaultException($"'{subjectId}' is not a report id");

    private static string? Variable(ActivityContext context, string name) => context.Variables.TryGetValue(name, out var v) ? v : null;
}
