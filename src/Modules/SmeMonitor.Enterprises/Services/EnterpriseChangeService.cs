using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Workflows;

namespace SmeMonitor.Enterprises.Services;

/// <summary>What a save of an approved enterprise did: the change records written (none when nothing changed), or errors (key "" for the form).</summary>
public sealed record ChangeSaveResult(IReadOnlyList<EnterpriseChange> Changes, IReadOnlyDictionary<string, string> Errors, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0;
    /// <summary>The key-field change waiting for the check, if this save made one.</summary>
    public EnterpriseChange? KeyChange => Changes.FirstOrDefault(c => c.IsKeyChange);
}

/// <summary>The outcome of a reviewer's decision: done, not found (or outside the reviewer's region), or refused with a message.</summary>
public sealed record ChangeDecisionResult(bool Succeeded, bool NotFound = false, string? Error = null)
{
    public static readonly ChangeDecisionResult Ok = new(true);
    public static readonly ChangeDecisionResult Missing = new(false, NotFound: true);
}

/// <summary>A change record with its enterprise, as the reviewer's pages show it.</summary>
public sealed record ChangeRow(EnterpriseChange Change, string EnterpriseName, string UserName, string RegionCode, string RegionPath);

/// <summary>
/// 企业信息变更 (ENT-6): an approved enterprise edits its information. Every save is recorded (before/after
/// of every changed field, who, when). Ordinary fields apply at once. A new 企业名称, 统一社会信用代码 or
/// 所属行业 does not: it becomes a key-field change waiting for <see cref="CheckAsync"/>, and the report is
/// frozen (冻结, <see cref="Enterprise.ReportFrozen"/>) until the change is applied or refused; one such change
/// at a time. Each key-field change runs the <see cref="EnterpriseWorkflows.Change"/> workflow: a timer (two minutes,
/// or the setting Enterprises.ChangeCheckDelaySeconds), then the check (<see cref="CheckAsync"/>: uniqueness of the new
/// name and code, the code's validity, the industry exists), which applies it and unfreezes (解除冻结), or sends it to
/// the reviewer's task (<see cref="ApproveAsync"/>, <see cref="RejectAsync"/> resume it; <see cref="DecideAsync"/> is
/// the workflow's status change). Freezing and unfreezing tell the reports module (<see cref="IReportFreeze"/>) in the same transaction. The uniqueness of a new name or code is left to the check, as in the manual (自动审核).
/// </summary>
public sealed class EnterpriseChangeService(SmeDbContext db, EnterpriseValidator validator, DirectoryCache directory, RegionDirectory regions,
    EnterpriseWorkflows workflows, IEnumerable<IReportFreeze> reports, IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    public const string ApproveAction = "approve", RejectAction = "reject";

    public const int MaxReasonLength = 150;

    /// <summary>Fields in form order; <see cref="Enterprise.Size"/> is recorded too when a save changes it.</summary>
    private static readonly string[] Fields =
    [
        nameof(Enterprise.Name), nameof(Enterprise.CreditCode), nameof(Enterprise.LegalRepresentative), nameof(Enterprise.IndustryCode),
        nameof(Enterprise.RegionCode), nameof(Enterprise.RegistrationType), nameof(Enterprise.HoldingType), nameof(Enterprise.Revenue),
        nameof(Enterprise.Employees), nameof(Enterprise.Assets), nameof(Enterprise.Listed), nameof(Enterprise.StockCode),
        nameof(Enterprise.Address), nameof(Enterprise.Postcode), nameof(Enterprise.OpenedOn), nameof(Enterprise.Website),
        nameof(Enterprise.ContactName), nameof(Enterprise.Phone), nameof(Enterprise.Fax), nameof(Enterprise.Mobile),
        nameof(Enterprise.Email), nameof(Enterprise.MainBusiness),
    ];

    /// <summary>The key-field change of the enterprise still waiting (check or reviewer), if any.</summary>
    public Task<EnterpriseChange?> FindPendingKeyChangeAsync(long enterpriseId, CancellationToken ct = default) =>
        db.Set<EnterpriseChange>().AsNoTracking().Include(c => c.Fields)
            .FirstOrDefaultAsync(c => c.EnterpriseId == enterpriseId && c.IsKeyChange
                                      && (c.Status == ChangeStatus.PendingCheck || c.Status == ChangeStatus.PendingReview), ct);

    /// <summary>The enterprise's latest change records, newest first.</summary>
    public async Task<IReadOnlyList<EnterpriseChange>> HistoryAsync(long enterpriseId, int take = 10, CancellationToken ct = default) =>
        await db.Set<EnterpriseChange>().AsNoTracking().Include(c => c.Fields)
            .Where(c => c.EnterpriseId == enterpriseId).OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);

    /// <summary>Saves the edited information of the account's approved enterprise (the form is checked as for 提交审核).</summary>
    public async Task<ChangeSaveResult> SaveAsync(string userId, EnterpriseForm form, CancellationToken ct = default)
    {
        var enterprise = await db.Set<Enterprise>().FirstOrDefaultAsync(e => e.UserId == userId, ct);
        if (enterprise is not { Status: RegistrationStatus.Approved })
            return Refused(T["企业信息尚未审核通过，不能变更。"]);
        if (enterprise.Version != form.Version) return Stale();

        var snapshot = await directory.GetAsync(ct);
        var check = validator.Validate(form, submit: true, snapshot.Regions, snapshot.Industries);
        if (!check.IsValid) return new ChangeSaveResult([], check.Errors);

        var before = Texts(enterprise);
        var candidate = new Enterprise();
        check.Values.ApplyTo(candidate);
        var after = Texts(candidate);
        var changed = Fields.Where(f => before[f] != after[f]).ToList();
        if (changed.Count == 0) return new ChangeSaveResult([], new Dictionary<string, string>());
        var keyFields = changed.Where(EnterpriseValidator.KeyFields.Contains).ToList();
        if (keyFields.Count > 0 && await FindPendingKeyChangeAsync(enterprise.Id, ct) is not null)
            return Refused(T["已有一项关键信息（企业名称、统一社会信用代码、所属行业）变更正在审核，审核完成前不能再次修改这些信息。"]);
        if (keyFields.Count > 0 && await workflows.CannotStartAsync(EnterpriseWorkflows.Change, ct) is { } cannotStart)
            return Refused(cannotStart);

        var now = clock.GetUtcNow();
        var records = new List<EnterpriseChange>();
        var ordinary = changed.Except(keyFields).ToList();
        if (ordinary.Count > 0)
        {
            // Apply everything but the key fields, which keep their current values until the check.
            var (name, code, industry) = (enterprise.Name, enterprise.CreditCode, enterprise.IndustryCode);
            var sizeBefore = enterprise.Size;
            check.Values.ApplyTo(enterprise);
            (enterprise.Name, enterprise.CreditCode, enterprise.IndustryCode) = (name, code, industry);
            enterprise.Size = RegistrationService.SizeOf(snapshot.Sizes, enterprise);
            var record = NewChange(enterprise, userId, now, isKey: false);
            record.Status = ChangeStatus.Applied;
            record.DecidedAt = now;
            record.Fields.AddRange(ordinary.Select(f => Field(f, before[f], after[f])));
            if (enterprise.Size != sizeBefore) record.Fields.Add(Field(nameof(Enterprise.Size), sizeBefore?.ToString(), enterprise.Size?.ToString()));
            records.Add(record);
        }
        if (keyFields.Count > 0)
        {
            var record = NewChange(enterprise, userId, now, isKey: true);
            record.Status = ChangeStatus.PendingCheck;
            record.Fields.AddRange(keyFields.Select(f => Field(f, before[f], after[f])));
            records.Add(record);
            enterprise.ReportFrozen = true;
        }
        enterprise.UpdatedAt = now;

        return await InTransactionAsync(async () =>
        {
            db.Entry(enterprise).Property(e => e.Version).OriginalValue = form.Version;
            db.AddRange(records);
            if (enterprise.ReportFrozen && keyFields.Count > 0)
                foreach (var r in reports) await r.FreezeAsync(enterprise, userId, ct);
            await db.SaveChangesAsync(ct);
            foreach (var r in records)
                audit.Record(r.IsKeyChange ? "enterprise.change.freeze" : "enterprise.change", nameof(EnterpriseChange), r.Id.ToString(),
                    new { enterprise = enterprise.Id, fields = r.Fields.Select(f => new { f.Field, f.Before, f.After }) });
            foreach (var r in records.Where(r => r.IsKeyChange)) await workflows.StartCheckAsync(r, ct);
            await db.SaveChangesAsync(ct);
            return new ChangeSaveResult(records, new Dictionary<string, string>());
        }, Stale, ct);
    }

    /// <summary>
    /// 自动审核 of a key-field change (ENT-6), run by the workflow after its timer (<see cref="CheckEnterpriseChangeActivity"/>):
    /// the new name and code must be free, the code valid, the industry an existing 小类. Passing applies the new values and
    /// unfreezes the report; failing sends the change to the reviewer (PendingReview) with the reasons, and the report stays
    /// frozen. A change that is not waiting for the check is left as it is. Changes tracked entities and records the audit
    /// row without saving: the runtime saves them in its transaction.
    /// </summary>
    /// <returns>The change's status afterwards, or null when there is no such change.</returns>
    internal async Task<ChangeStatus?> CheckAsync(long changeId, CancellationToken ct = default)
    {
        var change = await db.Set<EnterpriseChange>().Include(c => c.Fields).Include(c => c.Enterprise)
            .FirstOrDefaultAsync(c => c.Id == changeId, ct);
        if (change is null) return null;
        if (change.Status != ChangeStatus.PendingCheck) return change.Status;

        var reasons = await ProblemsAsync(change, ct);
        if (reasons.Count == 0)
        {
            change.DecidedAt = clock.GetUtcNow();
            await ApplyAsync(change, ct);
        }
        else
        {
            change.Status = ChangeStatus.PendingReview;
            var reason = string.Join(" ", reasons);
            change.Reason = reason.Length <= 500 ? reason : reason[..500];
        }
        audit.Record(change.Status == ChangeStatus.Applied ? "enterprise.change.check.pass" : "enterprise.change.check.fail",
            nameof(EnterpriseChange), change.Id.ToString(), new { enterprise = change.EnterpriseId, reason = change.Reason });
        return change.Status;
    }

    /// <summary>The change records waiting for a reviewer (PendingReview) in the scope, oldest first.</summary>
    public async Task<IReadOnlyList<ChangeRow>> ListPendingReviewAsync(RegionScope scope, CancellationToken ct = default)
    {
        var rows = await scope.Apply(db.Set<EnterpriseChange>().AsNoTracking(), c => c.Enterprise!.RegionCode)
            .Where(c => c.Status == ChangeStatus.PendingReview)
            .OrderBy(c => c.Id)
            .Select(c => new { c, c.Enterprise!.Name, c.Enterprise.User!.UserName, c.Enterprise.RegionCode })
            .Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.c.Id).ToList();
        var fields = (await db.Set<EnterpriseFieldChange>().AsNoTracking().Where(f => ids.Contains(f.ChangeId)).ToListAsync(ct))
            .ToLookup(f => f.ChangeId);
        var paths = await regions.PathsAsync(rows.Select(r => r.RegionCode), ct);
        return rows.Select(r =>
        {
            r.c.Fields = fields[r.c.Id].OrderBy(f => f.Id).ToList();
            return new ChangeRow(r.c, r.Name, r.UserName ?? "", r.RegionCode, paths.GetValueOrDefault(r.RegionCode, r.RegionCode));
        }).ToList();
    }

    /// <summary>One change record in the scope, or null: outside the reviewer's region is the same as missing.</summary>
    public async Task<ChangeRow?> FindAsync(RegionScope scope, long changeId, CancellationToken ct = default)
    {
        var row = await scope.Apply(db.Set<EnterpriseChange>().AsNoTracking().Include(c => c.Fields), c => c.Enterprise!.RegionCode)
            .Where(c => c.Id == changeId)
            .Select(c => new { c, c.Enterprise!.Name, c.Enterprise.User!.UserName, c.Enterprise.RegionCode })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        row.c.Fields = row.c.Fields.OrderBy(f => f.Id).ToList();
        var paths = await regions.PathsAsync([row.RegionCode], ct);
        return new ChangeRow(row.c, row.Name, row.UserName ?? "", row.RegionCode, paths.GetValueOrDefault(row.RegionCode, row.RegionCode));
    }

    /// <summary>通过: the reviewer applies a change the check sent to it, and the report is unfrozen. Refused while the new name or code is still taken.</summary>
    public async Task<ChangeDecisionResult> ApproveAsync(long changeId, Administrator reviewer, CancellationToken ct = default)
    {
        var change = await ForDecisionAsync(changeId, reviewer, ct);
        if (change is null) return ChangeDecisionResult.Missing;
        if (change.Status != ChangeStatus.PendingReview) return AlreadyDecided();
        var taken = (await ProblemsAsync(change, ct)).ToList();
        if (taken.Count > 0) return new ChangeDecisionResult(false, Error: T["无法通过：{0} 请驳回该变更。", string.Join(" ", taken)]);
        return await ResumeAsync(change.Id, ApproveAction, reviewer, null, ct);
    }

    /// <summary>驳回: the old values stay and the report is unfrozen; the reason (1–150 characters) is kept with the change.</summary>
    public async Task<ChangeDecisionResult> RejectAsync(long changeId, Administrator reviewer, string? reason, CancellationToken ct = default)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return new ChangeDecisionResult(false, Error: T["请填写驳回原因。"]);
        if (reason.Length > MaxReasonLength) return new ChangeDecisionResult(false, Error: T["驳回原因不能超过150个字符。"]);
        var change = await ForDecisionAsync(changeId, reviewer, ct);
        if (change is null) return ChangeDecisionResult.Missing;
        if (change.Status != ChangeStatus.PendingReview) return AlreadyDecided();
        return await ResumeAsync(change.Id, RejectAction, reviewer, reason, ct);
    }

    /// <summary>Resumes the change's review task; of two reviewers at once exactly one decides.</summary>
    private async Task<ChangeDecisionResult> ResumeAsync(long changeId, string action, Administrator reviewer, string? reason, CancellationToken ct)
    {
        var input = new Dictionary<string, string?>
        {
            [EnterpriseWorkflows.UserIdVariable] = reviewer.UserId, [EnterpriseWorkflows.ReasonVariable] = reason,
        };
        var result = await workflows.ResumeAsync(EnterpriseWorkflows.ChangeSubjectOf(changeId), action, input, ct);
        if (result.Status == ResumeStatus.Resumed && result.Instance!.Status != WorkflowStatus.Faulted) return ChangeDecisionResult.Ok;
        if (result.Status == ResumeStatus.NotWaiting && await db.Set<EnterpriseChange>().AsNoTracking()
                .AnyAsync(c => c.Id == changeId && c.Status == ChangeStatus.PendingReview, ct))
            return new ChangeDecisionResult(false, Error: await workflows.IsDefinedAsync(EnterpriseWorkflows.Change, ct)
                ? workflows.NoTask(EnterpriseWorkflows.Change) : workflows.NotDefined(EnterpriseWorkflows.Change));
        return AlreadyDecided();
    }

    /// <summary>
    /// The reviewer's decision as the workflow's SetStatus makes it (through <see cref="EnterpriseChangeSubjectHandler"/>):
    /// Applied puts the new values on the enterprise, Rejected keeps the old ones (with the reason); both unfreeze the
    /// report. Changes tracked entities and records the audit row; the runtime saves them in its transaction.
    /// </summary>
    internal async Task DecideAsync(long changeId, ChangeStatus status, string? userId, string? reason, CancellationToken ct)
    {
        if (status is not (ChangeStatus.Applied or ChangeStatus.Rejected))
            throw new WorkflowFaultException($"a reviewer applies or rejects a change; '{status}' is neither");
        reason = reason?.Trim();
        if (status == ChangeStatus.Rejected && reason is not { Length: > 0 and <= MaxReasonLength })
            throw new ArgumentException($"a rejection needs a reason of 1 to {MaxReasonLength} characters", nameof(reason));
        var change = await db.Set<EnterpriseChange>().Include(c => c.Fields).Include(c => c.Enterprise)
                         .FirstOrDefaultAsync(c => c.Id == changeId, ct)
                     ?? throw new WorkflowFaultException($"change {changeId} does not exist");
        if (change.Status != ChangeStatus.PendingReview)
            throw new WorkflowFaultException($"change {changeId} is {change.Status}, not waiting for a reviewer");
        change.DecidedAt = clock.GetUtcNow();
        change.DecidedByUserId = userId;
        if (status == ChangeStatus.Applied) await ApplyAsync(change, ct);
        else
        {
            change.Status = ChangeStatus.Rejected;
            change.Reason = reason;
            change.Enterprise!.ReportFrozen = false;
            change.Enterprise.UpdatedAt = clock.GetUtcNow();
            foreach (var r in reports) await r.UnfreezeAsync(change.Enterprise, userId, ct);
        }
        audit.Record(status == ChangeStatus.Applied ? "enterprise.change.approve" : "enterprise.change.reject", nameof(EnterpriseChange),
            change.Id.ToString(), new { enterprise = change.EnterpriseId, by = userId, reason = change.Reason });
    }

    /// <summary>The enterprise a change record belongs to, or null.</summary>
    internal Task<long?> EnterpriseIdOfAsync(long changeId, CancellationToken ct) =>
        db.Set<EnterpriseChange>().Where(c => c.Id == changeId).Select(c => (long?)c.EnterpriseId).FirstOrDefaultAsync(ct);

    private async Task<EnterpriseChange?> ForDecisionAsync(long changeId, Administrator reviewer, CancellationToken ct) =>
        await RegionScope.For(reviewer).Apply(db.Set<EnterpriseChange>().Include(c => c.Fields).Include(c => c.Enterprise), c => c.Enterprise!.RegionCode)
            .FirstOrDefaultAsync(c => c.Id == changeId, ct);

    /// <summary>Why the change's new key values cannot apply now (empty when they can).</summary>
    private async Task<List<string>> ProblemsAsync(EnterpriseChange change, CancellationToken ct)
    {
        var problems = new List<string>();
        var industries = (await directory.GetAsync(ct)).Industries;
        foreach (var f in change.Fields)
        {
            var value = f.After;
            switch (f.Field)
            {
                case nameof(Enterprise.Name):
                    if (value is null || await db.Set<Enterprise>().AnyAsync(e => e.Name == value && e.Id != change.EnterpriseId, ct))
                        problems.Add(validator.NameTaken());
                    break;
                case nameof(Enterprise.CreditCode):
                    if (value is not null && CreditCode.Validate(value) is var error and not CreditCodeError.None)
                        problems.Add(validator.CreditCodeMessage(error));
                    else if (value is not null && await db.Set<Enterprise>().AnyAsync(e => e.CreditCode == value && e.Id != change.EnterpriseId, ct))
                        problems.Add(validator.CreditCodeTaken());
                    break;
                case nameof(Enterprise.IndustryCode):
                    if (industries.Find(value) is not { Level: 4 }) problems.Add(T["所属行业“{0}”不存在。", value ?? ""]);
                    break;
            }
        }
        return problems;
    }

    /// <summary>Puts the new key values on the enterprise, recomputes the size (recorded when it changes) and unfreezes the report.</summary>
    private async Task ApplyAsync(EnterpriseChange change, CancellationToken ct)
    {
        var e = change.Enterprise!;
        foreach (var f in change.Fields)
            switch (f.Field)
            {
                case nameof(Enterprise.Name): e.Name = f.After ?? e.Name; break;
                case nameof(Enterprise.CreditCode): e.CreditCode = f.After; break;
                case nameof(Enterprise.IndustryCode): e.IndustryCode = f.After; break;
            }
        var sizeBefore = e.Size;
        e.Size = RegistrationService.SizeOf((await directory.GetAsync(ct)).Sizes, e);
        if (e.Size != sizeBefore && change.Fields.All(f => f.Field != nameof(Enterprise.Size)))
            change.Fields.Add(Field(nameof(Enterprise.Size), sizeBefore?.ToString(), e.Size?.ToString()));
        e.ReportFrozen = false;
        e.UpdatedAt = clock.GetUtcNow();
        change.Status = ChangeStatus.Applied;
        foreach (var r in reports) await r.UnfreezeAsync(e, change.DecidedByUserId, ct);
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, Func<T> onConflict, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work();
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException)
            {
                // Stale version (someone else saved or decided first), or a unique index: nothing is kept.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return onConflict();
            }
        });
    }

    private static EnterpriseChange NewChange(Enterprise e, string userId, DateTimeOffset now, bool isKey) =>
        new() { EnterpriseId = e.Id, IsKeyChange = isKey, ChangedByUserId = userId, ChangedAt = now };

    private static EnterpriseFieldChange Field(string field, string? before, string? after) => new() { Field = field, Before = before, After = after };

    /// <summary>Every recorded field as text: invariant numbers, yyyy-MM-dd dates, true/false.</summary>
    internal static Dictionary<string, string?> Texts(Enterprise e) => new(StringComparer.Ordinal)
    {
        [nameof(Enterprise.Name)] = e.Name,
        [nameof(Enterprise.CreditCode)] = e.CreditCode,
        [nameof(Enterprise.LegalRepresentative)] = e.LegalRepresentative,
        [nameof(Enterprise.IndustryCode)] = e.IndustryCode,
        [nameof(Enterprise.RegionCode)] = e.RegionCode,
        [nameof(Enterprise.RegistrationType)] = e.RegistrationType,
        [nameof(Enterprise.HoldingType)] = e.HoldingType,
        [nameof(Enterprise.Revenue)] = EnterpriseValues.Text(e.Revenue),
        [nameof(Enterprise.Employees)] = e.Employees?.ToString(CultureInfo.InvariantCulture),
        [nameof(Enterprise.Assets)] = EnterpriseValues.Text(e.Assets),
        [nameof(Enterprise.Listed)] = e.Listed ? "true" : "false",
        [nameof(Enterprise.StockCode)] = e.StockCode,
        [nameof(Enterprise.Address)] = e.Address,
        [nameof(Enterprise.Postcode)] = e.Postcode,
        [nameof(Enterprise.OpenedOn)] = e.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [nameof(Enterprise.Website)] = e.Website,
        [nameof(Enterprise.ContactName)] = e.ContactName,
        [nameof(Enterprise.Phone)] = e.Phone,
        [nameof(Enterprise.Fax)] = e.Fax,
        [nameof(Enterprise.Mobile)] = e.Mobile,
        [nameof(Enterprise.Email)] = e.Email,
        [nameof(Enterprise.MainBusiness)] = e.MainBusiness,
    };

    /// <summary>The zh-CN name of a change status (also its localization key).</summary>
    public static string StatusText(ChangeStatus status) => status switch
    {
        ChangeStatus.Applied => "已生效",
        ChangeStatus.PendingCheck => "待自动审核",
        ChangeStatus.PendingReview => "待管理员审核",
        _ => "已驳回",
    };

    private ChangeSaveResult Refused(string message) => new([], new Dictionary<string, string> { [""] = message });

    private ChangeSaveResult Stale() =>
        new([], new Dictionary<string, string> { [""] = T["企业信息已在别处被修改，您的更改未保存；页面已显示最新内容，请重新修改。"] }, Conflict: true);

    private ChangeDecisionResult AlreadyDecided() => new(false, Error: T["该变更已被处理，请刷新页面。"]);
}
