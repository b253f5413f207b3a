using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Review.Services;

/// <summary>Queue filters. <see cref="View"/>: "waiting" = the reports the administrator holds (default); "InReview",
/// "Approved", "Returned" or "all" = every submitted report of its region with that status and where it is in its chain.</summary>
public sealed record ReviewQuery(string? View = null, string? Region = null, int? Year = null, int? Month = null, bool? ScreeningPassed = null,
    string? Keyword = null, int Page = 1, int PageSize = 20)
{
    public const string Waiting = "waiting", All = "all";
}

/// <summary>One report in a queue; <see cref="Held"/> = it waits for this administrator (接收/退回 offered).</summary>
public sealed record ReviewRow(long ReportId, long EnterpriseId, string EnterpriseName, string? CreditCode, string RegionCode, int Year, int Month,
    ReportStatus Status, AdminLevel? Level, bool? ScreeningPassed, DateTimeOffset? SubmittedAt, bool Held);

public sealed record ReviewPage(IReadOnlyList<ReviewRow> Items, int Total, int Page, int PageSize);

/// <summary>The outcome of one review action; not <see cref="Succeeded"/>: nothing changed, <see cref="Error"/> says why.
/// <see cref="NotFound"/>: no such report in the administrator's region; <see cref="Conflict"/>: the report is not (or no longer)
/// waiting for this administrator (another level, moved on, withdrawn, decided); neither: bad input (the reason).</summary>
public sealed record ReviewResult(bool Succeeded, string? Error = null, bool NotFound = false, bool Conflict = false)
{
    public static readonly ReviewResult Ok = new(true);
}

/// <summary>A report a bulk action left, and why.</summary>
public sealed record BulkSkip(long ReportId, string Reason);

/// <summary>What a bulk action did: accepted, skipped (with reasons) and how many still wait for one-by-one review.</summary>
public sealed record BulkSummary(int Accepted, IReadOnlyList<BulkSkip> Skipped, int Remaining);

/// <summary>
/// 企业上报数据审核 (REV-1, REV-3..6): the reports an administrator holds, 接收 and 退回 of one report, 一键接收 and 越级接收.
/// A report 审核中 at level L (<see cref="Report.ReviewLevel"/>, set by the chain's SetStatus) is held by the enabled
/// administrators of level L whose region contains it — at the level of the enterprise's direct reviewer (直接授权审核员)
/// by that reviewer alone (while enabled). Every action on a report is one transaction, in bulk too: the report's version is
/// checked (of two reviewers acting at once exactly one moves it; the other is told it moved on), the workflow is resumed and
/// an audit row written; a refused action changes nothing.
/// </summary>
public sealed class ReviewService(SmeDbContext db, IWorkflowRuntime workflows, IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T,
    IServiceScopeFactory scopes, DirectReviewer reviewers)
{
    public const string AcceptAction = "accept", ReturnAction = "return", SkipAction = "skipToNation";
    public const int MaxReason = 150;
    /// <summary>How many reports a bulk action works on at once on a server database (each worker its own scope and connection).</summary>
    public const int BulkWorkers = 8;
    /// <summary>How many reports a bulk action reads at once (with the administrators of their regions) before acting on each.</summary>
    public const int BulkChunk = 16;

    /// <summary>The reports <paramref name="admin"/> holds, as a filter over report × enterprise.</summary>
    private static Expression<Func<Report, Enterprise, bool>> HeldBy(Administrator admin)
    {
        var (level, prefix, id) = (admin.Level, admin.RegionPrefix, admin.Id);
        return (r, e) => r.Status == ReportStatus.InReview && r.ReviewLevel == level && r.RegionCode.StartsWith(prefix)
                         && (e.ReviewerId == null || e.ReviewerId == id || e.Reviewer!.Level != level || !e.Reviewer.Enabled);
    }

    /// <summary><see cref="HeldBy"/> for one report already read, with its enterprise's direct reviewer (null: none).</summary>
    private static bool Holds(Administrator admin, RegionScope scope, ReportStatus status, AdminLevel? level, string region,
        long? reviewerId, AdminLevel? reviewerLevel, bool? reviewerEnabled) =>
        status == ReportStatus.InReview && level == admin.Level && scope.Contains(region)
        && (reviewerId == null || reviewerId == admin.Id || reviewerLevel != admin.Level || reviewerEnabled != true);

    private sealed class Pair
    {
        public required Report R { get; init; }
        public required Enterprise E { get; init; }
    }

    private IQueryable<Pair> Pairs() =>
        db.Set<Report>().AsNoTracking().Join(db.Set<Enterprise>(), r => r.EnterpriseId, e => e.Id, (r, e) => new Pair { R = r, E = e });

    private static IQueryable<Pair> Held(IQueryable<Pair> q, Administrator admin)
    {
        var held = HeldBy(admin);
        // Rewrites (r, e) => … into p => … over the pair.
        var p = Expression.Parameter(typeof(Pair), "p");
        var body = new Rebind(held.Parameters[0], Expression.Property(p, nameof(Pair.R)), held.Parameters[1], Expression.Property(p, nameof(Pair.E))).Visit(held.Body);
        return q.Where(Expression.Lambda<Func<Pair, bool>>(body, p));
    }

    private sealed class Rebind(ParameterExpression a, Expression toA, ParameterExpression b, Expression toB) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == a ? toA : node == b ? toB : node;
    }

    /// <summary>The queue (REV-3) or the region's reports with where each stands (<see cref="ReviewQuery.View"/>), newest submit last.</summary>
    public async Task<ReviewPage> ListAsync(Administrator admin, ReviewQuery query, CancellationToken ct = default)
    {
        var scope = RegionScope.For(admin);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        if (!scope.IsAdministrator) return new ReviewPage([], 0, page, size);
        var q = Pairs();
        var view = query.View ?? ReviewQuery.Waiting;
        if (view == ReviewQuery.Waiting) q = Held(q, admin);
        else
        {
            q = scope.Apply(q, x => x.R.RegionCode);
            q = view == ReviewQuery.All
                ? q.Where(x => x.R.Status == ReportStatus.InReview || x.R.Status == ReportStatus.Approved || x.R.Status == ReportStatus.Returned)
                : Enum.TryParse<ReportStatus>(view, out var status) ? q.Where(x => x.R.Status == status) : q.Where(_ => false);
        }
        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            var region = query.Region.Trim();
            var prefix = region.Length == 6 ? RegionScope.PrefixOf(RegionScope.LevelOf(region), region) : region;
            q = q.Where(x => x.R.RegionCode.StartsWith(prefix));
        }
        if (query.Year is { } year) q = q.Where(x => x.R.Year == year);
        if (query.Month is { } month) q = q.Where(x => x.R.Month == month);
        if (query.ScreeningPassed is { } passed) q = q.Where(x => x.R.ScreeningPassed == passed);
        if (!string.IsNullOrWhiteSpace(query.Keyword))
        {
            var k = query.Keyword.Trim();
            q = q.Where(x => x.E.Name.Contains(k) || (x.E.CreditCode != null && x.E.CreditCode.StartsWith(k)));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(x => x.R.Year).ThenBy(x => x.R.Month).ThenBy(x => x.R.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(x => new
            {
                x.R.Id, x.R.EnterpriseId, x.E.Name, x.E.CreditCode, x.R.RegionCode, x.R.Year, x.R.Month, x.R.Status, x.R.ReviewLevel,
                x.R.ScreeningPassed, x.R.SubmittedAt, x.E.ReviewerId, ReviewerLevel = (AdminLevel?)x.E.Reviewer!.Level, ReviewerEnabled = (bool?)x.E.Reviewer.Enabled,
            }).ToListAsync(ct);
        return new ReviewPage(rows.Select(x => new ReviewRow(x.Id, x.EnterpriseId, x.Name, x.CreditCode, x.RegionCode, x.Year, x.Month, x.Status,
            x.ReviewLevel, x.ScreeningPassed, x.SubmittedAt,
            Holds(admin, scope, x.Status, x.ReviewLevel, x.RegionCode, x.ReviewerId, x.ReviewerLevel, x.ReviewerEnabled))).ToList(), total, page, size);
    }

    /// <summary>Whether the report is inside the administrator's region (the detail page and the API answer 404 otherwise).</summary>
    public async Task<bool> InScopeAsync(Administrator admin, long reportId, CancellationToken ct = default)
    {
        var region = await db.Set<Report>().AsNoTracking().Where(r => r.Id == reportId).Select(r => r.RegionCode).FirstOrDefaultAsync(ct);
        return RegionScope.For(admin).Contains(region);
    }

    /// <summary>Whether the administrator holds the report now (接收/退回 offered).</summary>
    public Task<bool> HoldsAsync(Administrator admin, long reportId, CancellationToken ct = default) =>
        Held(Pairs(), admin).AnyAsync(x => x.R.Id == reportId, ct);

    /// <summary>接收: passes the report to the next level of its chain (审核通过 at the top).</summary>
    public Task<ReviewResult> AcceptAsync(Administrator admin, string userId, long reportId, CancellationToken ct = default) =>
        ActAsync(admin, userId, reportId, AcceptAction, null, "review.accept", held: true, ct);

    /// <summary>退回: back to the enterprise with a reason (1–150 characters), by the level holding the report (REV-4).</summary>
    public Task<ReviewResult> ReturnAsync(Administrator admin, string userId, long reportId, string? reason, CancellationToken ct = default)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return Task.FromResult(new ReviewResult(false, T["请填写退回原因。"]));
        if (text.Length > MaxReason) return Task.FromResult(new ReviewResult(false, T["退回原因不能超过{0}个字符。", MaxReason]));
        return ActAsync(admin, userId, reportId, ReturnAction, text, "review.return", held: true, ct);
    }

    /// <summary>
    /// 一键接收 (REV-5): accepts every report waiting for <paramref name="admin"/> whose direct reviewer is one of its
    /// subordinates (an administrator of a lower level), one transaction each, as <see cref="AcceptAsync"/> acts (see
    /// <see cref="BulkAsync"/>). Needs the grant.
    /// </summary>
    public async Task<(BulkSummary? Summary, string? Error)> OneClickAcceptAsync(Administrator admin, string userId, CancellationToken ct = default)
    {
        if (!admin.Enabled || !admin.CanOneClickAccept) return (null, T["您没有一键接收的权限。"]);
        var level = admin.Level;
        var ids = await Held(Pairs(), admin).Where(x => x.E.ReviewerId != null && x.E.Reviewer!.Level > level)
            .OrderBy(x => x.R.Id).Select(x => x.R.Id).ToListAsync(ct);
        var (accepted, skipped) = await BulkAsync(ids, new BulkAction(admin, userId, AcceptAction, "review.oneClickAccept", Held: true), ct);
        var remaining = await Held(Pairs(), admin).CountAsync(ct);
        return (new BulkSummary(accepted, skipped, remaining), null);
    }

    /// <summary>
    /// 越级接收 (REV-6, province administrators with the grant): every report of the province 审核中 below the nation that
    /// passed screening goes straight to the nation (waits there for the nation's 接收, as the manual's 直接批量接收上报给国家). Those that failed screening stay where they are: <see cref="BulkSummary.Remaining"/> counts them.
    /// </summary>
    public async Task<(BulkSummary? Summary, string? Error)> SkipLevelAcceptAsync(Administrator admin, string userId, CancellationToken ct = default)
    {
        if (!admin.Enabled || !admin.CanSkipLevelAccept || admin.Level != AdminLevel.Province) return (null, T["您没有越级接收的权限（仅限获得授权的省级管理员）。"]);
        var below = Below(admin);
        var ids = await below.Where(r => r.ScreeningPassed == true).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        var (accepted, skipped) = await BulkAsync(ids, new BulkAction(admin, userId, SkipAction, "review.skipLevelAccept", Held: false), ct);
        var remaining = await Below(admin).CountAsync(r => r.ScreeningPassed != true, ct);
        return (new BulkSummary(accepted, skipped, remaining), null);
    }

    private IQueryable<Report> Below(Administrator admin) =>
        RegionScope.For(admin).Apply(db.Set<Report>().AsNoTracking())
            .Where(r => r.Status == ReportStatus.InReview && r.ReviewLevel != null && r.ReviewLevel != AdminLevel.Nation);

    /// <summary>
    /// Acts on each report in its own transaction; skipped ones in id order. The list is cut into chunks of up to <see cref="BulkChunk"/>
    /// reports whose rows and review chains are read together (<see cref="ActOnChunkAsync"/>). On PostgreSQL <see cref="BulkWorkers"/>
    /// workers share the chunks, each with a scope (context, runtime, audit log) of its own: the reports are independent and every action
    /// still checks and claims its report alone. SQLite has one writer: chunk after chunk on this scope.
    /// </summary>
    private async Task<(int, List<BulkSkip>)> BulkAsync(IReadOnlyList<long> ids, BulkAction act, CancellationToken ct)
    {
        var results = new ReviewResult[ids.Count];
        var workers = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true ? 1 : BulkWorkers;
        // Small lists still spread over the workers; large ones go in whole chunks.
        var size = Math.Clamp((ids.Count + workers - 1) / workers, 1, BulkChunk);
        var chunks = (ids.Count + size - 1) / size;
        workers = Math.Min(workers, chunks);
        var all = ids.ToArray();
        ArraySegment<long> Chunk(int c) => new(all, c * size, Math.Min(size, all.Length - c * size));
        if (workers <= 1)
            for (var c = 0; c < chunks; c++) await ActOnChunkAsync(act, Chunk(c), results, c * size, ct);
        else
        {
            // A worker that fails stops the others at their next chunk, as the sequential loop would stop.
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var service = scope.ServiceProvider.GetRequiredService<ReviewService>();
                try
                {
                    for (var c = Interlocked.Increment(ref next); c < chunks && !failed.IsCancellationRequested; c = Interlocked.Increment(ref next))
                        await service.ActOnChunkAsync(act, Chunk(c), results, c * size, ct);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
            }, CancellationToken.None)));
            ct.ThrowIfCancellationRequested(); // the workers stopped early: the summary would be incomplete
        }
        var accepted = 0;
        var skipped = new List<BulkSkip>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i].Succeeded) accepted++;
            else skipped.Add(new BulkSkip(ids[i], results[i].Error ?? ""));
        }
        return (accepted, skipped);
    }

    /// <summary>What a bulk action does to each report: <see cref="ActAsync"/> with these arguments.</summary>
    private sealed record BulkAction(Administrator Admin, string UserId, string Action, string AuditAction, bool Held);

    /// <summary>
    /// The chunk's reports with their direct reviewers, and the enabled administrators of the regions that can contain their counties, in
    /// two queries; then each report in a transaction of its own, as <see cref="AcceptAsync"/> acts (its version checked when it is saved),
    /// with its review chain from those administrators for the Conditions of its resume. A report that does not succeed that way (refused,
    /// moved on since the read, an error) is acted on again alone, read afresh, so its outcome is what acting on it alone gives.
    /// </summary>
    private async Task ActOnChunkAsync(BulkAction act, ArraySegment<long> ids, ReviewResult[] results, int at, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var all = ids.ToArray();
        var rows = await WithReviewer(db.Set<Report>().AsNoTracking().Where(r => all.Contains(r.Id))).ToDictionaryAsync(x => x.Report.Id, ct);
        var candidates = await reviewers.CandidatesAsync(rows.Values.Select(x => x.Report.RegionCode), ct);
        for (var i = 0; i < ids.Count; i++)
        {
            var read = rows.TryGetValue(ids[i], out var row) ? await ActOnReadAsync(act, row, candidates, ct) : null;
            results[at + i] = read ?? await ActAsync(act.Admin, act.UserId, ids[i], act.Action, null, act.AuditAction, act.Held, ct);
        }
    }

    /// <summary>Acts on a report read with its chunk, in a transaction of its own; null (nothing kept) when that does not succeed.</summary>
    private Task<ReviewResult?> ActOnReadAsync(BulkAction act, ReviewedReport row, List<Administrator> candidates, CancellationToken ct) =>
        InOwnTransactionAsync(async () =>
        {
            try
            {
                db.Attach(row.Report); // tracked as the single action's query tracks it: SetStatus changes this very entity
                reviewers.Remember(row.Report.EnterpriseId, row.Report.RegionCode, candidates, row.ReviewerLevel);
                return await ActOnAsync(act.Admin, act.UserId, row.Report.Id, row, act.Action, null, act.AuditAction, act.Held, ct);
            }
            finally
            {
                reviewers.Forget();
            }
        }, orNull: true, ct);

    private async Task<ReviewResult> ActAsync(Administrator admin, string userId, long reportId, string action, string? reason, string auditAction,
        bool held, CancellationToken ct) =>
        (await InOwnTransactionAsync(() => ActInTransactionAsync(admin, userId, reportId, action, reason, auditAction, held, ct), orNull: false, ct))!;

    /// <summary>
    /// <paramref name="work"/> in a transaction of its own, committed when it succeeds and rolled back otherwise; a failed save is the
    /// report having moved on. With <paramref name="orNull"/> anything but success (any error too) is null instead.
    /// </summary>
    private async Task<ReviewResult?> InOwnTransactionAsync(Func<Task<ReviewResult>> work, bool orNull, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var strategy = db.Database.CreateExecutionStrategy();
        var savepoints = db.Database.AutoSavepointsEnabled;
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Any failure rolls the whole transaction back: a savepoint around each save (EF's default inside a transaction) would only add statements.
            db.Database.AutoSavepointsEnabled = false;
            ReviewResult? result;
            try
            {
                result = await work();
            }
            catch (DbUpdateException)
            {
                result = MovedOn();
            }
            catch (Exception e) when (orNull && e is not OperationCanceledException)
            {
                result = null; // acted on again alone, the report meets the error where it belongs and gets a single action's answer
            }
            finally
            {
                db.ChangeTracker.Clear();
                db.Database.AutoSavepointsEnabled = savepoints;
            }
            if (result is { Succeeded: true })
            {
                await tx.CommitAsync(ct);
                return result;
            }
            await tx.RollbackAsync(CancellationToken.None);
            return orNull ? null : result;
        });
    }

    private async Task<ReviewResult> ActInTransactionAsync(Administrator admin, string userId, long reportId, string action, string? reason,
        string auditAction, bool held, CancellationToken ct)
    {
        // The report (tracked: the workflow's SetStatus changes this very entity) with its enterprise's direct reviewer, in one query.
        var row = await WithReviewer(db.Set<Report>().Where(r => r.Id == reportId)).FirstOrDefaultAsync(ct);
        return await ActOnAsync(admin, userId, reportId, row, action, reason, auditAction, held, ct);
    }

    /// <summary>A report with its enterprise's direct reviewer (直接授权审核员): id, level and whether enabled; null: none.</summary>
    private sealed record ReviewedReport(Report Report, long? ReviewerId, AdminLevel? ReviewerLevel, bool? ReviewerEnabled);

    /// <summary>A join on the enterprise's key: a subquery with FirstOrDefault here becomes a window over every enterprise on each call.</summary>
    private IQueryable<ReviewedReport> WithReviewer(IQueryable<Report> reports) =>
        reports.Join(db.Set<Enterprise>(), r => r.EnterpriseId, e => e.Id,
            (r, e) => new ReviewedReport(r, e.ReviewerId, (AdminLevel?)e.Reviewer!.Level, (bool?)e.Reviewer.Enabled));

    /// <summary>Checks and acts on the report <paramref name="row"/> read in this transaction (tracked), null when there is none.</summary>
    private async Task<ReviewResult> ActOnAsync(Administrator admin, string userId, long reportId, ReviewedReport? row, string action, string? reason,
        string auditAction, bool held, CancellationToken ct)
    {
        var scope = RegionScope.For(admin);
        var report = row?.Report;
        if (report is null || !scope.Contains(report.RegionCode))
            return new ReviewResult(false, T["报表不存在或不在您的管辖范围内。"], NotFound: true);
        if (report.Status != ReportStatus.InReview)
            return new ReviewResult(false, T["报表当前状态为“{0}”，不在审核中，未做任何更改。", T[ReportActions.StatusText(report.Status)]], Conflict: true);
        if (held ? !Holds(admin, scope, report.Status, report.ReviewLevel, report.RegionCode, row!.ReviewerId, row.ReviewerLevel, row.ReviewerEnabled)
                 : report.ReviewLevel is null or AdminLevel.Nation)
            return new ReviewResult(false, T["报表当前等待{0}审核，不在您的待审列表中，未做任何更改。", T[LevelText(report.ReviewLevel)]], Conflict: true);

        var from = report.ReviewLevel;
        report.UpdatedAt = clock.GetUtcNow(); // the version check: of two reviewers at once, one wins
        audit.Record(auditAction, ReportService.SubjectType, reportId.ToString(CultureInfo.InvariantCulture),
            new { by = userId, level = from?.Key(), reason });
        var input = new Dictionary<string, string?> { [ReportService.UserIdVariable] = userId };
        if (reason is not null) input[ReportService.ReasonVariable] = reason;
        var resumed = await workflows.ResumeAsync(ReportService.SubjectOf(reportId), action, input, ct);
        return resumed.Status switch
        {
            ResumeStatus.Resumed when resumed.Instance!.Status != WorkflowStatus.Faulted => ReviewResult.Ok,
            ResumeStatus.Resumed => new ReviewResult(false, T["审核流程无法继续：{0}", resumed.Instance.Fault ?? ""]),
            ResumeStatus.InvalidAction => new ReviewResult(false, T["报表当前的审核步骤不提供此操作，未做任何更改。"]),
            _ => MovedOn(),
        };
    }

    private ReviewResult MovedOn() => new(false, T["报表已被其他管理员处理，未做任何更改；请刷新后查看。"], Conflict: true);

    /// <summary>国家级 … 县级 (the level a report waits for).</summary>
    public static string LevelText(AdminLevel? level) => level switch
    {
        AdminLevel.Nation => "国家级管理员",
        AdminLevel.Province => "省级管理员",
        AdminLevel.City => "市级管理员",
        AdminLevel.County => "县级管理员",
        _ => "无人",
    };
}
