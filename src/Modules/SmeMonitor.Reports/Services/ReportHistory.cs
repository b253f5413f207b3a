using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// Filters of 历史报送 (REP-10): one year (default the current period's year) or all years (跨年), and a status;
/// <see cref="Unfilled"/> keeps the periods without a report (未填报).
/// </summary>
public sealed record ReportHistoryFilter(int? Year = null, bool AllYears = false, ReportStatus? Status = null, bool Unfilled = false,
    int Page = 1, int PageSize = 24)
{
    public const int MaxPageSize = 120;
    public int SafePage => Math.Max(1, Page);
    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
}

/// <summary>
/// One period of the history: its shown status (null = 未填报; 冻结 also for an unfilled current period while a change is
/// pending), the review level while 审核中, when and how it was filled, the return reason, and the actions offered
/// (exactly <see cref="ReportActions.For"/>). <see cref="Version"/> goes back with 撤销. While 撤销 is offered the row carries
/// what 系统筛查 found at submit (REV-2), so the enterprise can decide to withdraw and correct.
/// </summary>
public sealed record ReportHistoryRow(ReportPeriod Period, ReportStatus? Status, AdminLevel? ReviewLevel, DateTimeOffset? FilledAt,
    FillMode? FillMode, string? ReturnReason, ReportAction Actions, int Version, IReadOnlyList<string>? ScreeningMessages = null);

public sealed record ReportHistoryPage(IReadOnlyList<ReportHistoryRow> Items, int Total, int Page, int PageSize, IReadOnlyList<int> Years, int Year)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// 历史报送 of one enterprise (REP-10): every period from <see cref="FirstPeriod"/> to the current one, latest first,
/// with its report of the first report type where one exists, so that unfilled past periods offer 补报. The caller passes
/// the enterprise of the signed-in account; nothing of another enterprise is read.
/// </summary>
public sealed class ReportHistory(SmeDbContext db, ReportTypeService types, ReportService reports, TimeProvider clock)
{
    /// <summary>Data before 2019 was not migrated and need not be supplemented (the manual).</summary>
    public static readonly ReportPeriod FirstPeriod = new(2019, 1);

    public async Task<ReportHistoryPage> ListAsync(Enterprise enterprise, ReportHistoryFilter filter, CancellationToken ct = default)
    {
        var current = ReportPeriod.Current(clock);
        var years = Enumerable.Range(FirstPeriod.Year, Math.Max(0, current.Year - FirstPeriod.Year + 1)).Reverse().ToList();
        var year = filter.Year is { } y && years.Contains(y) ? y : current.Year;
        var type = (await types.ListAsync(ct)).FirstOrDefault();

        var periods = new List<ReportPeriod>();
        for (var p = current; p >= FirstPeriod; p = p.Previous)
            if (filter.AllYears || p.Year == year) periods.Add(p);

        var typeId = type?.Type.Id ?? 0;
        var query = db.Set<Report>().AsNoTracking().Where(r => r.EnterpriseId == enterprise.Id && r.ReportTypeId == typeId);
        if (!filter.AllYears) query = query.Where(r => r.Year == year);
        var stored = (await query.Select(r => new { r.Year, r.Month, r.Id, r.Status, r.ReviewLevel, r.UpdatedAt, r.FillMode, r.ReturnReason, r.Version, r.FillerName, r.ScreeningPassed, r.ScreeningMessages })
                .ToListAsync(ct))
            .ToDictionary(r => new ReportPeriod(r.Year, r.Month));

        var matching = periods.Where(p =>
        {
            var status = ReportActions.Shown(stored.GetValueOrDefault(p)?.Status, p, current, enterprise.ReportFrozen);
            return filter.Unfilled ? status is null : filter.Status is not { } wanted || status == wanted;
        }).ToList();

        var page = filter.SafePage;
        var rows = new List<ReportHistoryRow>();
        foreach (var p in matching.Skip((page - 1) * filter.SafePageSize).Take(filter.SafePageSize))
        {
            var r = stored.GetValueOrDefault(p);
            var untouched = r is { Status: ReportStatus.InReview } && await reports.ReviewUntouchedAsync(r.Id, ct);
            // A row the freeze created was never filled: it has no filler yet.
            var filled = r is { FillerName.Length: > 0 };
            var actions = ReportActions.For(r?.Status, p, current, enterprise.ReportFrozen, untouched);
            var screening = actions.HasFlag(ReportAction.Withdraw) && r is { ScreeningPassed: false, ScreeningMessages: { } json }
                ? System.Text.Json.JsonSerializer.Deserialize<string[]>(json) : null;
            rows.Add(new ReportHistoryRow(p, ReportActions.Shown(r?.Status, p, current, enterprise.ReportFrozen),
                r?.Status == ReportStatus.InReview ? r.ReviewLevel : null,
                filled ? r!.UpdatedAt : null, filled ? r!.FillMode : null,
                r?.Status == ReportStatus.Returned ? r.ReturnReason : null,
                actions, r?.Version ?? 0, screening));
        }
        return new ReportHistoryPage(rows, matching.Count, page, filter.SafePageSize, years, year);
    }
}
