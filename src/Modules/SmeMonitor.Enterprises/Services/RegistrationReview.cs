using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Messaging;

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
/// 1–150 characters; no SMS). <see cref="SetStatusAsync"/> is the transition itself, guarded, transactional and
/// audited, so that a workflow activity can drive it; <see cref="ApproveAsync"/> and <see cref="ReturnAsync"/>
/// are what an administrator does: the same transition after the scope check.
/// </summary>
public sealed class RegistrationReview(SmeDbContext db, EnterpriseDirectory directory, ISmsSender sms, ISettingsService settings,
    IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    public const int MaxReasonLength = 150;

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
        return await SetStatusAsync(enterpriseId, RegistrationStatus.Approved, null, version, ct);
    }

    /// <summary>退回 with a reason of 1–150 characters.</summary>
    public async Task<ReviewResult> ReturnAsync(RegionScope scope, long enterpriseId, string? reason, int? version = null, CancellationToken ct = default)
    {
        if (!await directory.InRegion(scope).AnyAsync(e => e.Id == enterpriseId, ct)) return ReviewResult.Missing;
        return await SetStatusAsync(enterpriseId, RegistrationStatus.Returned, reason, version, ct);
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
    /// The transition from 待审核 to <see cref="RegistrationStatus.Approved"/> or <see cref="RegistrationStatus.Returned"/>,
    /// without a scope check (the caller decides who may): guarded (only from PendingReview; the reason for a return),
    /// in one transaction with its audit row and, on approval, the SMS to the enterprise. When two callers race, or the
    /// same one repeats, exactly one succeeds; the others get <see cref="ReviewOutcome.AlreadyHandled"/> and change nothing.
    /// </summary>
    /// <param name="expectedVersion">The enterprise version the decision was made on; a different one is AlreadyHandled.</param>
    public async Task<ReviewResult> SetStatusAsync(long enterpriseId, RegistrationStatus status, string? reason, int? expectedVersion = null,
        CancellationToken ct = default)
    {
        if (status is not (RegistrationStatus.Approved or RegistrationStatus.Returned))
            throw new ArgumentOutOfRangeException(nameof(status), status, "A review approves or returns.");
        if (status == RegistrationStatus.Returned && CheckReason(reason) is { } problem) return new ReviewResult(ReviewOutcome.Invalid, problem);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var e = await db.Set<Enterprise>().FirstOrDefaultAsync(x => x.Id == enterpriseId, ct);
            if (e is null) return ReviewResult.Missing;
            if (e.Status != RegistrationStatus.PendingReview || (expectedVersion is { } v && e.Version != v))
                return AlreadyHandled();

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

            var phone = status == RegistrationStatus.Approved ? await PhoneAsync(e, ct) : null;
            audit.Record(status == RegistrationStatus.Approved ? "enterprise.approve" : "enterprise.return", nameof(Enterprise), e.Id.ToString(),
                new { name = e.Name, from = before.ToString(), to = status.ToString(), reason = e.ReturnReason, smsTo = phone });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another administrator (or the enterprise) changed it between our read and our write.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return AlreadyHandled();
            }
            if (phone is not null)
                await sms.SendAsync(new SmsMessage(phone, await ApprovalTextAsync(e.Name, ct), "enterprise-approved"), ct);
            await tx.CommitAsync(ct);
            return ReviewResult.Ok;
        });
    }

    private ReviewResult AlreadyHandled() =>
        new(ReviewOutcome.AlreadyHandled, T["该企业注册已被处理（或信息已变更），本次操作未做任何更改；页面显示的是最新状态。"]);

    /// <summary>The account's phone, else the 手机 of the registration (the manual: 注册时填写的手机).</summary>
    private async Task<string?> PhoneAsync(Enterprise e, CancellationToken ct)
    {
        var accountPhone = await db.Users.Where(u => u.Id == e.UserId).Select(u => u.PhoneNumber).FirstOrDefaultAsync(ct);
        return !string.IsNullOrWhiteSpace(accountPhone) ? accountPhone : string.IsNullOrWhiteSpace(e.Mobile) ? null : e.Mobile;
    }

    /// <summary>The SMS is in Chinese whatever language the administrator uses: it is read by the enterprise.</summary>
    private async Task<string> ApprovalTextAsync(string enterpriseName, CancellationToken ct)
    {
        var platform = await settings.GetAsync<string>("Platform.Name", ct) ?? "中小企业运行监测平台";
        return $"【{platform}】您的企业“{enterpriseName}”注册信息已审核通过，请登录平台报送数据。";
    }
}
