using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Workflows;

namespace SmeMonitor.Enterprises.Services;

/// <summary>How a review transition ended.</summary>
public enum ReviewOutcome
{
    Done,
    /// <summary>No such enterprise, or outside the administrator's region: the same answer.</summary>
    NotFound,
    /// <summary>Bad input (e.g. the return reason); nothing changed.</summary>
    Invalid,
    /// <summary>已被处理: someone approved or returned it first (or it is not waiting for review); nothing changed.</summary>
    AlreadyHandled,
}

public sealed record ReviewResult(ReviewOutcome Outcome, string? Error = null)
{
    public bool Succeeded => Outcome == ReviewOutcome.Done;
    public static readonly ReviewResult Ok = new(ReviewOutcome.Done);
    public static readonly ReviewResult Missing = new(ReviewOutcome.NotFound);
}

/// <summary>
/// 企业注册审核 (ENT-5): the queue of registrations waiting in an administrator's region, and the two
/// transitions from 待审核: 通过 (approved; an SMS tells the enterprise) and 退回 (returned with a reason of
/// 1–150 characters; no SMS). The review is the <see cref="EnterpriseWorkflows.Registration"/> workflow started on
/// 提交审核: <see cref="ApproveAsync"/> and <see cref="ReturnAsync"/> check scope, state and reason, then resume its
/// user task; the workflow sets the status (<see cref="TransitionAsync"/>, through the subject handler) and sends the SMS.
/// </summary>
public sealed class RegistrationReview(SmeDbContext db, EnterpriseDirectory directory, EnterpriseWorkflows workflows,
    IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    public const int MaxReasonLength = 150;
    public const string ApproveAction = "approve", ReturnAction = "return";

    /// <summary>Registrations waiting for review (待审核) in the administrator's region.</summary>
    public IQueryable<Enterprise> Queue(RegionScope scope) =>
        directory.InRegion(scope).Where(e => e.Status == RegistrationStatus.PendingReview);

    /// <summary>A page of the queue, newest first, filtered by region and keyword.</summary>
    public Task<EnterprisePage> QueueAsync(RegionScope scope, EnterpriseFilter filter, CancellationToken ct = default) =>
        directory.ListAsync(Queue(scope), filter with { Status = null }, ct);

    /// <summary>Any enterprise of the administrator's region (a handled one too, so the page can say what became of it).</summary>
    public Task<EnterpriseDetail?> FindAsync(RegionScope scope, long enterpriseId, CancellationToken ct = default) =>
        directory.FindAsync(directory.InRegion(scope), enterpriseId, ct);

    /// <summary>通过. <paramref name="version"/> is the version the administrator saw, if known.</summary>
    public async Task<ReviewResult> ApproveAsync(RegionScope scope, long enterpriseId, int? version = null, CancellationToken ct = default)
    {
        if (!await directory.InRegion(scope).AnyAsync(e => e.Id == enterpriseId, ct)) return ReviewResult.Missing;
        return await ReviewAsync(enterpriseId, ApproveAction, null, version, ct);
    }

    /// <summary>退回 with a reason of 1–150 characters.</summary>
    public async Task<ReviewResult> ReturnAsync(RegionScope scope, long enterpriseId, string? reason, int? version = null, CancellationToken ct = default)
    {
        if (!await directory.InRegion(scope).AnyAsync(e => e.Id == enterpriseId, ct)) return ReviewResult.Missing;
        if (CheckReason(reason) is { } problem) return new ReviewResult(ReviewOutcome.Invalid, problem);
        return await ReviewAsync(enterpriseId, ReturnAction, reason!.Trim(), version, ct);
    }

    /// <summary>The reason check of 退回, as a message, or null when the reason is acceptable.</summary>
    public string? CheckReason(string? reason)
    {
        var r = reason?.Trim() ?? "";
        if (r.Length == 0) return T["请输入退回原因。"];
        if (r.Length > MaxReasonLength) return T["退回原因不能超过{0}个字符（现有{1}个）。", MaxReasonLength, r.Length];
        return null;
    }

    /// <summary>
    /// Resumes the review task of a registration waiting in 待审核. When two callers race, or the same one repeats,
    /// exactly one succeeds (the workflow instance and the enterprise are both versioned); the others get
    /// <see cref="ReviewOutcome.AlreadyHandled"/> and change nothing.
    /// </summary>
    /// <param name="expectedVersion">The enterprise version the decision was made on; a different one is AlreadyHandled.</param>
    private async Task<ReviewResult> ReviewAsync(long enterpriseId, string action, string? reason, int? expectedVersion, CancellationToken ct)
    {
        // Tracked: the workflow's status change saves this very entity, so a change made since this read is a conflict.
        var e = await db.Set<Enterprise>().FirstOrDefaultAsync(x => x.Id == enterpriseId, ct);
        if (e is null) return ReviewResult.Missing;
        if (e.Status != RegistrationStatus.PendingReview || (expectedVersion is { } v && e.Version != v)) return AlreadyHandled();
        if (!await workflows.IsDefinedAsync(EnterpriseWorkflows.Registration, ct))
            return new ReviewResult(ReviewOutcome.Invalid, workflows.NotDefined(EnterpriseWorkflows.Registration));

        var input = new Dictionary<string, string?> { [EnterpriseWorkflows.ReasonVariable] = reason };
        var result = await workflows.ResumeAsync(EnterpriseWorkflows.SubjectOf(enterpriseId), action, input, ct);
        switch (result.Status)
        {
            case ResumeStatus.Resumed when result.Instance!.Status != WorkflowStatus.Faulted:
                return ReviewResult.Ok;
            case ResumeStatus.NotWaiting when await db.Set<Enterprise>().AsNoTracking()
                .AnyAsync(x => x.Id == enterpriseId && x.Status == RegistrationStatus.PendingReview, ct):
                // Still 待审核 but nothing waits: a registration that never got its workflow.
                return new ReviewResult(ReviewOutcome.Invalid, workflows.NoTask(EnterpriseWorkflows.Registration));
            default:
                return AlreadyHandled();
        }
    }

    /// <summary>
    /// The transition from 待审核 to <see cref="RegistrationStatus.Approved"/> or <see cref="RegistrationStatus.Returned"/>
    /// that the workflow's SetStatus makes (through <see cref="EnterpriseSubjectHandler"/>): changes the tracked enterprise
    /// and records the audit row; the runtime saves both in its transaction. A registration no longer waiting faults the
    /// instance; a return without an acceptable reason is refused (nothing is saved).
    /// </summary>
    internal async Task TransitionAsync(long enterpriseId, RegistrationStatus status, string? reason, CancellationToken ct)
    {
        if (status is not (RegistrationStatus.Approved or RegistrationStatus.Returned))
            throw new WorkflowFaultException($"a registration review approves or returns; '{status}' is neither");
        if (status == RegistrationStatus.Returned && CheckReason(reason) is { } problem) throw new ArgumentException(problem, nameof(reason));
        var e = await db.Set<Enterprise>().FirstOrDefaultAsync(x => x.Id == enterpriseId, ct)
                ?? throw new WorkflowFaultException($"enterprise {enterpriseId} does not exist");
        if (e.Status != RegistrationStatus.PendingReview)
            throw new WorkflowFaultException($"enterprise {enterpriseId} is {e.Status}, not waiting for review");

        var now = clock.GetUtcNow();
        var before = e.Status;
        e.Status = status;
        e.UpdatedAt = now;
        if (status == RegistrationStatus.Approved)
        {
            e.ApprovedAt = now;
            e.ReturnReason = null;
        }
        else e.ReturnReason = reason!.Trim();
        audit.Record(status == RegistrationStatus.Approved ? "enterprise.approve" : "enterprise.return", nameof(Enterprise), e.Id.ToString(),
            new { name = e.Name, from = before.ToString(), to = status.ToString(), reason = e.ReturnReason });
    }

    private ReviewResult AlreadyHandled() =>
        new(ReviewOutcome.AlreadyHandled, T["该企业注册已被处理（或信息已变更），本次操作未做任何更改；页面显示的是最新状态。"]);

    /// <summary>The account's phone, else the 手机 of the registration (the manual: 注册时填写的手机).</summary>
    internal async Task<string?> PhoneAsync(long enterpriseId, CancellationToken ct)
    {
        var row = await db.Set<Enterprise>().Where(e => e.Id == enterpriseId)
            .Select(e => new { AccountPhone = e.User!.PhoneNumber, e.Mobile }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return !string.IsNullOrWhiteSpace(row.AccountPhone) ? row.AccountPhone : string.IsNullOrWhiteSpace(row.Mobile) ? null : row.Mobile;
    }
}
