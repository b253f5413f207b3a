using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Workflows;

/// <summary>
/// What review workflows do to a report (subject "Report", id = report id), from 审核中 only: SetStatus "Approved"
/// (审核通过), "Returned" (退回, with the "reason" variable, 1–150 characters) or "Draft" (撤销 by the enterprise). The acting
/// user is the "userId" variable. The transition and its audit row are saved by the runtime in its transaction.
/// The SMS goes to the account's phone, else the enterprise's 手机.
/// </summary>
internal sealed class ReportSubjectHandler(SmeDbContext db, IAuditLog audit, TimeProvider clock) : IWorkflowSubjectHandler
{
    public const int MaxReasonLength = 150;

    public string SubjectType => ReportService.SubjectType;

    public async Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct)
    {
        var id = ParseId(subjectId);
        var report = await db.Set<Report>().FirstOrDefaultAsync(r => r.Id == id, ct)
                     ?? throw new WorkflowFaultException($"report {id} does not exist");
        if (report.Status != ReportStatus.InReview)
            throw new WorkflowFaultException($"report {id} is {report.Status}, not in review");
        var userId = Variable(context, ReportService.UserIdVariable);
        var now = clock.GetUtcNow();
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
