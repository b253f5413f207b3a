using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>Which report: an enterprise's report of a type (by name, e.g. "monthly") for a month.</summary>
public sealed record ReportKey(long EnterpriseId, string ReportType, ReportPeriod Period);

/// <summary>What a save sends: the typed values (blank = null), the product rows, 填报人, and the version the form was opened at (0 = 未填报).</summary>
public sealed record ReportEntry(IReadOnlyDictionary<string, IndicatorValues> Values, IReadOnlyList<ProductRow> Products, string? FillerName,
    int ExpectedVersion, FillMode FillMode = FillMode.Online);

/// <summary>
/// A report opened for the wizard or the detail page. <see cref="Report"/> is null while 未填报 (nothing is created by
/// opening). <see cref="Suggested"/> = the stored values with blanks prefilled (<see cref="ReportPrefill"/>);
/// <see cref="LastMonth"/>/<see cref="LastYear"/> are the approved earlier reports (null when not approved), which the
/// browser needs for the same rules. <see cref="Version"/> goes back with the next save.
/// </summary>
public sealed record ReportForm(
    Enterprise Enterprise,
    EnterpriseFacts Facts,
    ReportKey Key,
    ReportPeriod CurrentPeriod,
    long VersionId,
    ReportDefinition Definition,
    IReadOnlyList<IndicatorDefinition> Indicators,
    Report? Report,
    ReportStatus? Status,
    IReadOnlyDictionary<string, IndicatorValues> Values,
    IReadOnlyDictionary<string, IndicatorValues> Suggested,
    IReadOnlyList<ProductRow> Products,
    IReadOnlyDictionary<string, string> Confirmations,
    IReadOnlyDictionary<string, IndicatorValues>? LastMonth,
    IReadOnlyDictionary<string, IndicatorValues>? LastYear,
    ReportAction Actions,
    int Version);

/// <summary>A report with the check of all its rules and the inputs they saw (what 系统筛查 builds on).</summary>
public sealed record CheckedReport(Report Report, ReportCheckInput Input, ReportCheck Check);

/// <summary>
/// The outcome of a report operation. Not <see cref="Succeeded"/>: nothing was stored (but see
/// <see cref="ReportService.SaveAndSubmitAsync"/>); <see cref="Errors"/> say why
/// (field errors carry indicator and column), <see cref="Conflict"/> = someone saved the report meanwhile,
/// <see cref="NotFound"/> = no such enterprise, report type or report. <see cref="Warnings"/> come from 下一步 and 上报
/// (each with its RuleId; <see cref="Unconfirmed"/> lists those still without an explanation).
/// </summary>
public sealed record ReportResult(bool Succeeded, Report? Report, IReadOnlyList<ReportProblem> Errors, IReadOnlyList<ReportProblem> Warnings,
    IReadOnlyList<string> Unconfirmed, IReadOnlyList<string> Skipped, bool Conflict = false, bool NotFound = false)
{
    public static ReportResult Ok(Report report, ReportCheck? check = null, IReadOnlyList<string>? unconfirmed = null) =>
        new(true, report, [], check?.Warnings ?? [], unconfirmed ?? [], check?.Skipped ?? []);
}

/// <summary>
/// Picks the review workflow (审核链) of a report being submitted, e.g. per province; the Review module implements it.
/// Returns null to keep <paramref name="workflowName"/> (the report type's, or what an earlier chooser picked).
/// </summary>
public interface IReviewWorkflowChooser
{
    Task<string?> ChooseAsync(Enterprise enterprise, string workflowName, CancellationToken ct);
}

/// <summary>
/// 当期报送 and 历史报送 for the enterprise (REP-2..5, REP-9, REP-10): the one entry point of the wizard, the API, the
/// import and the history. Every change is one transaction with its status transitions (<see cref="ReportTransition"/>)
/// and audit rows, and is checked against the version the caller opened (two tabs: the second is told the report
/// changed, nothing is overwritten). The caller resolves the enterprise (its own account, or an administrator's scope)
/// and passes the acting user's id.
/// <list type="bullet">
/// <item><see cref="SaveAsync"/> (保存): flag checks and error rules; a report row exists from the first successful save.</item>
/// <item><see cref="NextAsync"/> (下一步): saves, then runs the warning rules; <see cref="ConfirmAsync"/> stores explanations.</item>
/// <item><see cref="SubmitAsync"/> (上报): no errors, every warning confirmed → 审核中 and the review workflow starts.</item>
/// <item><see cref="WithdrawAsync"/> (撤销): back to 编辑 while the review has not been touched.</item>
/// </list>
/// Reviews end through the workflow's SetStatus (<see cref="Workflows.ReportSubjectHandler"/>): 审核通过 or 退回.
/// </summary>
public sealed class ReportService(SmeDbContext db, ReportTypeService types, ReportChecker checker, IWorkflowRuntime workflows,
    DirectReviewer reviewers, IndustryDirectory industries, IEnumerable<IReviewWorkflowChooser> choosers, IAuditLog audit, TimeProvider clock,
    IStringLocalizer<Strings> T)
{
    public const string SubjectType = "Report";
    /// <summary>The user-task action of the review workflow that 撤销 resumes; review chains keep it on their first task.</summary>
    public const string WithdrawAction = "withdraw";
    /// <summary>Workflow variables: the report's enterprise and period, the acting user, a return reason.</summary>
    public const string EnterpriseNameVariable = "enterpriseName", PeriodVariable = "period", UserIdVariable = "userId", ReasonVariable = "reason";
    public const int MaxFillerName = 50, MaxExplanation = 500;

    public static WorkflowSubject SubjectOf(long reportId) => new(SubjectType, reportId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Opens a report for filling or viewing; null when the enterprise or the report type does not exist.</summary>
    public async Task<ReportForm?> OpenAsync(ReportKey key, CancellationToken ct = default)
    {
        var (enterprise, type, reportId) = await EnterpriseAndTypeAsync(key, ct);
        if (enterprise is null || type is null) return null;
        var report = reportId is { } id ? await WithRows(db.Set<Report>().AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        var versionId = report?.ReportTypeVersionId ?? type.VersionId;
        var definition = report is null ? type.Definition : await types.GetVersionAsync(versionId, ct);
        var facts = await FactsAsync(enterprise, ct);
        var applicable = checker.Applicable(definition, facts, key.Period);
        var (lastMonth, lastYear) = await EarlierAsync(enterprise.Id, type.Type.Id, key.Period, ct);
        var values = report is null ? new Dictionary<string, IndicatorValues>() : IndicatorValues.From(report.Values);
        var current = ReportPeriod.Current(clock);
        return new ReportForm(enterprise, facts, key, current, versionId, definition, applicable, report,
            ReportActions.Shown(report?.Status, key.Period, current, enterprise.ReportFrozen),
            values, ReportPrefill.Apply(applicable, key.Period, values, lastMonth, lastYear),
            report?.Products.OrderBy(p => p.Row).Select(p => new ProductRow(p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock)).ToList() ?? [],
            report?.Confirmations.ToDictionary(c => c.RuleId, c => c.Explanation, StringComparer.Ordinal) ?? new Dictionary<string, string>(),
            lastMonth, lastYear,
            ReportActions.For(report?.Status, key.Period, current, enterprise.ReportFrozen, report is { Status: ReportStatus.InReview } && await ReviewUntouchedAsync(report.Id, ct)),
            report?.Version ?? 0);
    }

    /// <summary>
    /// The stored version of the report, 0 when it was never saved: the expected version of a save that does not need the
    /// whole form (批量导入; the save itself loads and checks everything).
    /// </summary>
    internal Task<int> VersionAsync(ReportKey key, CancellationToken ct = default) =>
        db.Set<Report>().AsNoTracking()
            .Where(r => r.EnterpriseId == key.EnterpriseId && r.Year == key.Period.Year && r.Month == key.Period.Month
                && db.Set<ReportType>().Any(t => t.Id == r.ReportTypeId && t.Name == key.ReportType))
            .Select(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>保存: checks the flags and the error rules; errors store nothing. The first save creates the report (编辑).</summary>
    public Task<ReportResult> SaveAsync(ReportKey key, ReportEntry entry, string? userId, CancellationToken ct = default) =>
        SaveCoreAsync(key, entry, userId, warnings: false, ct);

    /// <summary>下一步: saves as <see cref="SaveAsync"/>, then runs the warning rules too; the result lists the warnings and which still need an explanation.</summary>
    public Task<ReportResult> NextAsync(ReportKey key, ReportEntry entry, string? userId, CancellationToken ct = default) =>
        SaveCoreAsync(key, entry, userId, warnings: true, ct);

    /// <summary>
    /// Stores explanations (1–500 characters) for warnings of the saved report, by rule id; a rule that does not warn now
    /// is refused. Existing explanations of other rules stay.
    /// </summary>
    public async Task<ReportResult> ConfirmAsync(ReportKey key, IReadOnlyDictionary<string, string> explanations, int expectedVersion, string? userId, CancellationToken ct = default)
    {
        var loaded = await LoadAsync(key, ct);
        if (loaded.Error is not null) return loaded.Error;
        var (enterprise, report, definition) = (loaded.Enterprise!, loaded.Report, loaded.Definition!);
        if (report is null) return NotFound();
        if (report.Version != expectedVersion) return Conflict();
        if (Refusal(report, enterprise, key.Period) is { } refused) return refused;
        var (_, check) = await CheckStoredAsync(report, enterprise, definition, key.Period, ct);
        var errors = ExplanationProblems(explanations, check);
        if (errors.Count > 0) return Failed(errors);
        var now = clock.GetUtcNow();
        Confirm(report, explanations, now);
        report.UpdatedAt = now;
        return await CommitAsync(report, expectedVersion, () =>
        {
            audit.Record("report.confirm", SubjectType, Id(report), new { rules = explanations.Keys });
            return ReportResult.Ok(report, check, Unconfirmed(check, report));
        }, ct);
    }

    /// <summary>
    /// 上报: the stored report is checked again with all rules; with no error and every warning explained it becomes 审核中
    /// (at the direct reviewer's level) and the report type's review workflow starts, in the same transaction.
    /// </summary>
    public async Task<ReportResult> SubmitAsync(ReportKey key, int expectedVersion, string? userId, CancellationToken ct = default)
    {
        var loaded = await LoadAsync(key, ct);
        if (loaded.Error is not null) return loaded.Error;
        var (enterprise, report, definition) = (loaded.Enterprise!, loaded.Report, loaded.Definition!);
        if (report is null) return Failed([new ReportProblem(T["请先填写并保存报表。"])]);
        if (report.Version != expectedVersion) return Conflict();
        if (Refusal(report, enterprise, key.Period) is { } refused) return refused;
        var (input, check) = await CheckStoredAsync(report, enterprise, definition, key.Period, ct);
        if (check.HasErrors) return new ReportResult(false, report, check.Errors, check.Warnings, Unconfirmed(check, report), check.Skipped);
        var submit = await StageSubmitAsync(report, enterprise, definition, check, userId, ct);
        if (submit.Refused is not null) return submit.Refused;
        return await CommitAsync(report, expectedVersion, () => StartReviewAsync(report, enterprise, key, submit.WorkflowName!, input, check, ct), ct);
    }

    /// <summary>
    /// 保存, 下一步, the explanations and 上报 at once, for a caller that sends the whole report (the API): one load, one check,
    /// one transaction. Errors (also a blank or too long explanation) store nothing. Explanations count only for rules that
    /// warn and have none yet (as the wizard asks). When 上报 itself is refused — a warning still unexplained, no review
    /// workflow — the values and explanations are saved (编辑) and the result, not <see cref="ReportResult.Succeeded"/>,
    /// carries the report and says why.
    /// </summary>
    public async Task<ReportResult> SaveAndSubmitAsync(ReportKey key, ReportEntry entry, IReadOnlyDictionary<string, string> explanations, string? userId,
        CancellationToken ct = default)
    {
        var loaded = await LoadAsync(key, ct);
        if (loaded.Error is not null) return loaded.Error;
        var staged = await StageSaveAsync(loaded, key, entry, userId, warnings: true, ct);
        if (staged.Refused is not null) return staged.Refused;
        var (report, check) = (staged.Report!, staged.Check!);
        var wanted = explanations.Where(x => check.Warnings.Any(w => w.RuleId == x.Key) && report.Confirmations.All(c => c.RuleId != x.Key)).ToDictionary();
        if (ExplanationProblems(wanted, check) is { Count: > 0 } problems)
        {
            db.ChangeTracker.Clear(); // forget what staging changed on the tracked report
            return Failed(problems);
        }
        Confirm(report, wanted, report.UpdatedAt);
        var submit = await StageSubmitAsync(report, loaded.Enterprise!, loaded.Definition!, check, userId, ct);
        return await CommitAsync(report, entry.ExpectedVersion, async () =>
        {
            AuditSave(report, staged, key, entry);
            if (wanted.Count > 0) audit.Record("report.confirm", SubjectType, Id(report), new { rules = wanted.Keys });
            return submit.Refused is { } refused
                ? refused with { Report = report }
                : await StartReviewAsync(report, loaded.Enterprise!, key, submit.WorkflowName!, staged.Input!, check, ct);
        }, ct);
    }

    private sealed record StagedSubmit(string? WorkflowName, ReportResult? Refused);

    /// <summary>The 上报 part on a checked, tracked report: every warning explained, the review workflow chosen; then 审核中.</summary>
    private async Task<StagedSubmit> StageSubmitAsync(Report report, Enterprise enterprise, ReportDefinition definition, ReportCheck check, string? userId,
        CancellationToken ct)
    {
        var unconfirmed = Unconfirmed(check, report);
        if (unconfirmed.Count > 0)
            return new(null, new ReportResult(false, report, [new ReportProblem(T["请对每条提示填写说明后再上报。"])], check.Warnings, unconfirmed, check.Skipped));
        var workflowName = definition.WorkflowName;
        foreach (var chooser in choosers)
            workflowName = await chooser.ChooseAsync(enterprise, workflowName, ct) ?? workflowName;
        // CanStartAsync reads the definition that StartAsync then reuses.
        if (!await workflows.CanStartAsync(workflowName, ct))
            return new(null, Failed([new ReportProblem(await db.Set<WorkflowDefinition>().AnyAsync(w => w.Name == workflowName, ct)
                ? Disabled(workflowName) : T["审核流程“{0}”尚未配置，本次操作未做任何更改。", workflowName])]));

        // Explanations of rules that no longer warn would only confuse the reviewer.
        var warned = check.Warnings.Select(w => w.RuleId).ToHashSet(StringComparer.Ordinal);
        db.RemoveRange(report.Confirmations.Where(c => !warned.Contains(c.RuleId)));
        var now = clock.GetUtcNow();
        report.SubmittedAt = now;
        report.UpdatedAt = now;
        report.ReviewLevel = (await reviewers.ChainAsync(enterprise, ct)).FirstLevel;
        Transition(report, ReportStatus.InReview, userId, null);
        return new(workflowName, null);
    }

    /// <summary>Starts the review workflow of a report just made 审核中 (inside the commit); its Screen step reuses this check (<see cref="CheckedAsync"/>).</summary>
    private async Task<ReportResult> StartReviewAsync(Report report, Enterprise enterprise, ReportKey key, string workflowName, ReportCheckInput input,
        ReportCheck check, CancellationToken ct)
    {
        _submitted = new CheckedReport(report, input, check);
        try
        {
            await workflows.StartAsync(workflowName, SubjectOf(report.Id), new Dictionary<string, string?>
            {
                [EnterpriseNameVariable] = enterprise.Name, [PeriodVariable] = key.Period.ToString(),
            }, ct);
        }
        finally
        {
            _submitted = null;
        }
        return ReportResult.Ok(report, check);
    }

    private CheckedReport? _submitted;

    /// <summary>
    /// A report (tracked, with values, products and explanations) and the check of all its rules, with the inputs the rules
    /// saw: while 上报 starts the review, the check it has just run; otherwise the stored report checked now. Null when there
    /// is no such report.
    /// </summary>
    public async Task<CheckedReport?> CheckedAsync(long reportId, CancellationToken ct = default)
    {
        if (_submitted is { } submitted && submitted.Report.Id == reportId) return submitted;
        var report = await WithRows(db.Set<Report>()).FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null) return null;
        var enterprise = await db.Set<Enterprise>().AsNoTracking().FirstAsync(e => e.Id == report.EnterpriseId, ct);
        var definition = await types.GetVersionAsync(report.ReportTypeVersionId, ct);
        var (input, check) = await CheckStoredAsync(report, enterprise, definition, new ReportPeriod(report.Year, report.Month), ct);
        return new CheckedReport(report, input, check);
    }

    /// <summary>
    /// 撤销: a report 审核中 goes back to 编辑, only while no administrator has acted — the review workflow still waits at
    /// the task it first reached, nobody has resumed it, and that task offers the <see cref="WithdrawAction"/> action.
    /// </summary>
    public async Task<ReportResult> WithdrawAsync(ReportKey key, int expectedVersion, string? userId, CancellationToken ct = default)
    {
        var loaded = await LoadAsync(key, ct);
        if (loaded.Error is not null) return loaded.Error;
        var report = loaded.Report;
        if (report is null) return NotFound();
        if (report.Version != expectedVersion) return Conflict();
        if (report.Status != ReportStatus.InReview || !await ReviewUntouchedAsync(report.Id, ct))
            return Failed([new ReportProblem(T["报表已被管理员处理或不在审核中，不能撤销。"])]);
        report.UpdatedAt = clock.GetUtcNow();
        return await CommitAsync(report, expectedVersion, async () =>
        {
            var result = await workflows.ResumeAsync(SubjectOf(report.Id), WithdrawAction, new Dictionary<string, string?> { [UserIdVariable] = userId }, ct);
            if (result.Status != ResumeStatus.Resumed || result.Instance!.Status == WorkflowStatus.Faulted)
                throw new DbUpdateConcurrencyException("The review moved on meanwhile.");
            return ReportResult.Ok(report);
        }, ct);
    }

    /// <summary>Whether a report 审核中 can still be withdrawn: its review waits, untouched, at a task offering <see cref="WithdrawAction"/>.</summary>
    public async Task<bool> ReviewUntouchedAsync(long reportId, CancellationToken ct = default)
    {
        var task = await workflows.FindTaskAsync(SubjectOf(reportId), ct);
        // Every resume writes the "action" variable: its absence means nobody has acted on this instance.
        return task is not null && task.Actions.Contains(WithdrawAction) && !task.Instance.GetVariables().ContainsKey("action");
    }

    /// <summary>The enterprise's facts the rules see (its 门类 from the industry table).</summary>
    public async Task<EnterpriseFacts> FactsAsync(Enterprise e, CancellationToken ct = default) =>
        new(e.RegionCode, e.IndustryCode, (await industries.FindAsync(e.IndustryCode, ct))?.Section, e.Size);

    /// <summary>The approved reports of the previous month and of the same month last year (values), null where not approved.</summary>
    public async Task<(Dictionary<string, IndicatorValues>? LastMonth, Dictionary<string, IndicatorValues>? LastYear)> EarlierAsync(
        long enterpriseId, long reportTypeId, ReportPeriod period, CancellationToken ct = default)
    {
        var (previous, lastYear) = (period.Previous, period.SameMonthLastYear);
        // One flat row per value (a report without values still gives one row, with no value): only the period and the values
        // are needed, and a flat join needs neither the sort nor the per-row collection shaping of a projected collection.
        var rows = await (from r in db.Set<Report>()
                          where r.EnterpriseId == enterpriseId && r.ReportTypeId == reportTypeId && r.Status == ReportStatus.Approved
                                && ((r.Year == previous.Year && r.Month == previous.Month) || (r.Year == lastYear.Year && r.Month == lastYear.Month))
                          from v in r.Values.DefaultIfEmpty()
                          select new { r.Year, r.Month, Value = v })
            .AsNoTracking().ToListAsync(ct);
        Dictionary<string, IndicatorValues>? Of(ReportPeriod p)
        {
            var own = rows.Where(x => x.Year == p.Year && x.Month == p.Month).ToList();
            return own.Count == 0 ? null : IndicatorValues.From(own.Where(x => x.Value is not null).Select(x => x.Value!));
        }
        return (Of(previous), Of(lastYear));
    }

    private async Task<ReportResult> SaveCoreAsync(ReportKey key, ReportEntry entry, string? userId, bool warnings, CancellationToken ct)
    {
        var loaded = await LoadAsync(key, ct);
        if (loaded.Error is not null) return loaded.Error;
        var staged = await StageSaveAsync(loaded, key, entry, userId, warnings, ct);
        if (staged.Refused is not null) return staged.Refused;
        var (report, check) = (staged.Report!, staged.Check!);
        return await CommitAsync(report, entry.ExpectedVersion, () =>
        {
            AuditSave(report, staged, key, entry);
            return ReportResult.Ok(report, warnings ? check : null, warnings ? Unconfirmed(check, report) : null);
        }, ct);
    }

    /// <summary>A checked save applied to the tracked report (not yet committed), or why it is refused (nothing changed).</summary>
    private sealed record StagedSave(Report? Report, bool IsNew, ReportCheckInput? Input, ReportCheck? Check, ReportResult? Refused);

    private async Task<StagedSave> StageSaveAsync(Loaded loaded, ReportKey key, ReportEntry entry, string? userId, bool warnings, CancellationToken ct)
    {
        var (enterprise, report, definition, type) = (loaded.Enterprise!, loaded.Report, loaded.Definition!, loaded.Type!);
        if ((report?.Version ?? 0) != entry.ExpectedVersion) return Refused(Conflict());
        if (Refusal(report, enterprise, key.Period) is { } refused) return Refused(refused);

        var errors = new List<ReportProblem>();
        var filler = entry.FillerName?.Trim() ?? "";
        if (filler.Length == 0) errors.Add(new ReportProblem(T["请填写填报人。"]));
        else if (filler.Length > MaxFillerName) errors.Add(new ReportProblem(T["填报人不能超过{0}个字符。", MaxFillerName]));
        var facts = await FactsAsync(enterprise, ct);
        var (lastMonth, lastYear) = await EarlierAsync(enterprise.Id, type.Type.Id, key.Period, ct);
        var input = new ReportCheckInput(definition, facts, key.Period, entry.Values, entry.Products, lastMonth, lastYear);
        var check = checker.Check(input, warnings);
        errors.AddRange(check.Errors);
        if (errors.Count > 0) return Refused(new ReportResult(false, report, errors, [], [], check.Skipped));

        var now = clock.GetUtcNow();
        var isNew = report is null;
        report ??= new Report
        {
            EnterpriseId = enterprise.Id, ReportTypeId = type.Type.Id, ReportTypeVersionId = type.VersionId,
            Year = key.Period.Year, Month = key.Period.Month, CreatedAt = now, Version = 1,
        };
        report.FillerName = filler;
        report.FillMode = entry.FillMode;
        (report.RegionCode, report.IndustryCode, report.Size) = (enterprise.RegionCode, enterprise.IndustryCode, enterprise.Size);
        report.UpdatedAt = now;
        WriteValues(report, entry.Values, checker.Applicable(definition, facts, key.Period));
        db.RemoveRange(report.Products);
        report.Products.Clear();
        report.Products.AddRange(entry.Products.Select((p, i) => new ReportProduct
        {
            Row = i + 1, Name = p.Name!.Trim(), Code = string.IsNullOrWhiteSpace(p.Code) ? null : p.Code.Trim(), Unit = p.Unit!.Trim(),
            Production = p.Production!.Value, Sales = p.Sales!.Value, ClosingStock = p.ClosingStock!.Value,
        }));
        // Editing a returned or unfrozen report makes it a draft again; 上报 is the only way on.
        if (isNew || report.Status != ReportStatus.Draft) Transition(report, ReportStatus.Draft, userId, null);
        if (isNew) db.Add(report);
        return new StagedSave(report, isNew, input, check, null);

        static StagedSave Refused(ReportResult result) => new(null, false, null, null, result);
    }

    private void AuditSave(Report report, StagedSave staged, ReportKey key, ReportEntry entry) =>
        audit.Record(staged.IsNew ? "report.create" : "report.save", SubjectType, Id(report),
            new { enterprise = report.EnterpriseId, type = key.ReportType, period = key.Period.ToString(), mode = entry.FillMode.ToString() });

    /// <summary>Explanations (1–500 characters) are taken only for rules that warn now.</summary>
    private List<ReportProblem> ExplanationProblems(IReadOnlyDictionary<string, string> explanations, ReportCheck check)
    {
        var warned = check.Warnings.Select(w => w.RuleId!).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ReportProblem>();
        foreach (var (ruleId, text) in explanations)
        {
            var explanation = text?.Trim() ?? "";
            if (!warned.Contains(ruleId)) errors.Add(new ReportProblem(T["规则“{0}”当前没有提示，无需说明。", ruleId], ruleId));
            else if (explanation.Length == 0) errors.Add(new ReportProblem(T["请填写说明。"], ruleId));
            else if (explanation.Length > MaxExplanation) errors.Add(new ReportProblem(T["说明不能超过{0}个字符。", MaxExplanation], ruleId));
        }
        return errors;
    }

    private static void Confirm(Report report, IReadOnlyDictionary<string, string> explanations, DateTimeOffset now)
    {
        foreach (var (ruleId, text) in explanations)
        {
            var existing = report.Confirmations.FirstOrDefault(c => c.RuleId == ruleId);
            if (existing is null) report.Confirmations.Add(new ReportWarningConfirmation { RuleId = ruleId, Explanation = text.Trim(), ConfirmedAt = now });
            else (existing.Explanation, existing.ConfirmedAt) = (text.Trim(), now);
        }
    }

    /// <summary>Writes only what changed: rows of blank or inapplicable values go, changed ones are updated, new ones added.</summary>
    private void WriteValues(Report report, IReadOnlyDictionary<string, IndicatorValues> values, IReadOnlyList<IndicatorDefinition> applicable)
    {
        var wanted = new Dictionary<(string, ValueColumn), decimal>();
        foreach (var indicator in applicable)
            if (values.TryGetValue(indicator.Code, out var x))
                foreach (var column in IndicatorValues.Columns)
                    if (x[column] is { } value) wanted[(indicator.Code, column)] = value;
        foreach (var row in report.Values.ToList())
        {
            if (!wanted.Remove((row.IndicatorCode, row.Column), out var value))
            {
                report.Values.Remove(row);
                db.Remove(row);
            }
            else if (row.Value != value) row.Value = value;
        }
        foreach (var ((code, column), value) in wanted)
            report.Values.Add(new ReportValue { IndicatorCode = code, Column = column, Value = value });
    }

    /// <summary>Why the owner may not change this report now (REP-10 and the freeze), or null.</summary>
    private ReportResult? Refusal(Report? report, Enterprise enterprise, ReportPeriod period)
    {
        var current = ReportPeriod.Current(clock);
        if (period > current) return Failed([new ReportProblem(T["报表月份{0}尚未结束，不能填报。", period.ToString()])]);
        var actions = ReportActions.For(report?.Status, period, current, enterprise.ReportFrozen, reviewUntouched: false);
        if ((actions & (ReportAction.Edit | ReportAction.Supplement)) == 0)
            return Failed([new ReportProblem(ReportActions.Shown(report?.Status, period, current, enterprise.ReportFrozen) == ReportStatus.Frozen
                ? T["报表已冻结：企业关键信息变更审核完成前不能保存或上报。"]
                : T["报表状态为“{0}”，不能修改。", T[ReportActions.StatusText(report?.Status)]])]);
        return null;
    }

    /// <summary>Reports with their values, products and explanations (one query per collection).</summary>
    private static IQueryable<Report> WithRows(IQueryable<Report> reports) =>
        reports.AsSplitQuery().Include(r => r.Values).Include(r => r.Products).Include(r => r.Confirmations);

    /// <summary>
    /// The enterprise (untracked), the report type with its current definition and the id of the report at the key, read in
    /// one query; any may be null. A report that does not exist yet (the first save or submit of a month) then costs no
    /// further query.
    /// </summary>
    private async Task<(Enterprise?, CurrentReportType?, long? ReportId)> EnterpriseAndTypeAsync(ReportKey key, CancellationToken ct)
    {
        // A left join on the unique type name (not an entity subquery in the projection: SQLite has no APPLY); the report's
        // id is a scalar subquery.
        var (year, month) = (key.Period.Year, key.Period.Month);
        var row = await (from e in db.Set<Enterprise>().AsNoTracking().Where(e => e.Id == key.EnterpriseId)
                         from t in db.Set<ReportType>().AsNoTracking().Where(t => t.Name == key.ReportType).DefaultIfEmpty()
                         select new
                         {
                             Enterprise = e, Type = t,
                             ReportId = db.Set<Report>().Where(r => r.EnterpriseId == e.Id && r.ReportTypeId == t.Id && r.Year == year && r.Month == month)
                                 .Select(r => (long?)r.Id).FirstOrDefault(),
                         }).FirstOrDefaultAsync(ct);
        return (row?.Enterprise, await types.CurrentAsync(row?.Type, ct), row?.ReportId);
    }

    private sealed record Loaded(Enterprise? Enterprise, CurrentReportType? Type, Report? Report, ReportDefinition? Definition, ReportResult? Error);

    /// <summary>The enterprise (approved and enabled), the report type, the tracked report with its rows, and the definition it is checked with.</summary>
    private async Task<Loaded> LoadAsync(ReportKey key, CancellationToken ct)
    {
        var (enterprise, type, reportId) = await EnterpriseAndTypeAsync(key, ct);
        if (enterprise is null || type is null || !key.Period.IsValid) return new Loaded(null, null, null, null, NotFound());
        if (enterprise.Status != RegistrationStatus.Approved || enterprise.Disabled)
            return new Loaded(null, null, null, null, Failed([new ReportProblem(T["企业信息尚未审核通过或已被禁用，不能填报。"])]));
        // A report another tab creates after this read makes the save's insert fail on the unique key: a conflict, nothing kept.
        var report = reportId is { } id ? await WithRows(db.Set<Report>()).FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        var definition = report is null ? type.Definition : await types.GetVersionAsync(report.ReportTypeVersionId, ct);
        return new Loaded(enterprise, type, report, definition, null);
    }

    /// <summary>All rules (errors and warnings) over the stored report, with the inputs they saw.</summary>
    private async Task<(ReportCheckInput, ReportCheck)> CheckStoredAsync(Report report, Enterprise enterprise, ReportDefinition definition, ReportPeriod period, CancellationToken ct)
    {
        var (lastMonth, lastYear) = await EarlierAsync(enterprise.Id, report.ReportTypeId, period, ct);
        var products = report.Products.OrderBy(p => p.Row).Select(p => new ProductRow(p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock)).ToList();
        var input = new ReportCheckInput(definition, await FactsAsync(enterprise, ct), period, IndicatorValues.From(report.Values), products, lastMonth, lastYear);
        return (input, checker.Check(input, warnings: true));
    }

    private static List<string> Unconfirmed(ReportCheck check, Report report) =>
        [.. check.Warnings.Select(w => w.RuleId!).Where(id => report.Confirmations.All(c => c.RuleId != id)).Distinct()];

    /// <summary>Sets the status and records the transition (who, when, from, to, why) and its audit row, saved with the change.</summary>
    internal static void Transition(Report report, ReportStatus to, string? userId, string? reason, DateTimeOffset at, IAuditLog audit)
    {
        var from = report.Id == 0 && report.Transitions.Count == 0 ? (ReportStatus?)null : report.Status;
        report.Transitions.Add(new ReportTransition { From = from, To = to, UserId = userId, Reason = reason, At = at });
        report.Status = to;
        if (report.Id != 0)
            audit.Record("report.status", SubjectType, Id(report), new { from = from?.ToString(), to = to.ToString(), by = userId, reason });
    }

    private void Transition(Report report, ReportStatus to, string? userId, string? reason) => Transition(report, to, userId, reason, clock.GetUtcNow(), audit);

    /// <summary>Saves the tracked changes and runs <paramref name="then"/> in one transaction, checked against the expected version.</summary>
    private async Task<ReportResult> CommitAsync(Report report, int expectedVersion, Func<Task<ReportResult>> then, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var savepoints = db.Database.AutoSavepointsEnabled;
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Any failure rolls the whole transaction back: a savepoint around each of its saves (EF's default inside a
            // transaction; the review workflow's start saves twice more) would only add statements.
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                var isNew = report.Id == 0;
                if (!isNew) db.Entry(report).Property(r => r.Version).OriginalValue = expectedVersion;
                await db.SaveChangesAsync(ct);
                // A new report's transition gets its audit row now that the id is known.
                if (isNew)
                    foreach (var t in report.Transitions)
                        audit.Record("report.status", SubjectType, Id(report), new { from = t.From?.ToString(), to = t.To.ToString(), by = t.UserId });
                var result = await then();
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException)
            {
                // A stale version, or a second first save of the same report (unique index): nothing is kept.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return Conflict();
            }
            catch (WorkflowDisabledException e)
            {
                // Disabled after StageSubmitAsync looked: nothing is kept, as when the check itself refuses.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return Failed([new ReportProblem(Disabled(e.WorkflowName))]);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
        });
    }

    private Task<ReportResult> CommitAsync(Report report, int expectedVersion, Func<ReportResult> then, CancellationToken ct) =>
        CommitAsync(report, expectedVersion, () => Task.FromResult(then()), ct);

    private static string Id(Report report) => report.Id.ToString(CultureInfo.InvariantCulture);

    private static ReportResult Failed(IReadOnlyList<ReportProblem> errors) => new(false, null, errors, [], [], []);

    private ReportResult Conflict() =>
        new(false, null, [new ReportProblem(T["报表已在别处被修改，您的更改未保存；请重新打开报表后再修改。"])], [], [], [], Conflict: true);

    /// <summary>The review workflow was disabled (by a super administrator): 上报 waits until it is enabled again.</summary>
    private string Disabled(string workflowName) => T["审核流程“{0}”已停用，报表未上报；请联系系统管理员。", workflowName];

    private ReportResult NotFound() => new(false, null, [new ReportProblem(T["报表不存在。"])], [], [], [], NotFound: true);
}
