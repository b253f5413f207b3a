using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// 冻结 / 解除冻结 (ENT-6, REP-9), called by the Enterprises module in the transaction of the key-field change. Freezing
/// sets the current-period report of every report type to 冻结 when it is still being filled (未填报 — a row is created
/// then, so that the period later shows 解除冻结 —, 编辑, 退回, 解除冻结); reports 审核中 or 审核通过 are left alone.
/// Unfreezing sets every 冻结 report of the enterprise to 解除冻结. While <see cref="Enterprise.ReportFrozen"/> is set,
/// <see cref="ReportService"/> also refuses to save or submit the current period, whatever the row says.
/// </summary>
internal sealed class ReportFreeze(SmeDbContext db, ReportTypeService types, IAuditLog audit, TimeProvider clock) : IReportFreeze
{
    public async Task FreezeAsync(Enterprise enterprise, string? userId, CancellationToken ct = default)
    {
        var period = ReportPeriod.Current(clock);
        var now = clock.GetUtcNow();
        var frozen = new List<string>();
        foreach (var type in await types.ListAsync(ct))
        {
            var report = await db.Set<Report>().FirstOrDefaultAsync(r => r.EnterpriseId == enterprise.Id && r.ReportTypeId == type.Type.Id
                                                                         && r.Year == period.Year && r.Month == period.Month, ct);
            if (report is not null && report.Status is not (ReportStatus.Draft or ReportStatus.Returned or ReportStatus.Unfrozen)) continue;
            if (report is null)
            {
                report = new Report
                {
                    EnterpriseId = enterprise.Id, ReportTypeId = type.Type.Id, ReportTypeVersionId = type.VersionId, Year = period.Year, Month = period.Month,
                    RegionCode = enterprise.RegionCode, IndustryCode = enterprise.IndustryCode, Size = enterprise.Size,
                    FillMode = FillMode.Online, CreatedAt = now, UpdatedAt = now, Version = 1,
                };
                db.Add(report);
            }
            ReportService.Transition(report, ReportStatus.Frozen, userId, "企业关键信息变更待审核", now, audit);
            frozen.Add(type.Type.Name);
        }
        if (frozen.Count > 0) audit.Record("report.freeze", "Enterprise", enterprise.Id.ToString(), new { period = period.ToString(), types = frozen });
    }

    public async Task UnfreezeAsync(Enterprise enterprise, string? userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var reports = await db.Set<Report>().Where(r => r.EnterpriseId == enterprise.Id && r.Status == ReportStatus.Frozen).ToListAsync(ct);
        foreach (var report in reports)
        {
            ReportService.Transition(report, ReportStatus.Unfrozen, userId, "企业关键信息变更已处理", now, audit);
            report.UpdatedAt = now;
        }
        if (reports.Count > 0) audit.Record("report.unfreeze", "Enterprise", enterprise.Id.ToString(), new { reports = reports.Select(r => r.Id) });
    }
}

/// <summary>The home page's periods (<see cref="IReportPeriods"/>): status, fill date and mode, and the applicable indicator count of the first report type.</summary>
internal sealed class ReportPeriods(SmeDbContext db, ReportTypeService types, ReportService reports, ReportChecker checker, TimeProvider clock) : IReportPeriods
{
    public async Task<IReadOnlyList<HomePeriod>> DescribeAsync(Enterprise enterprise, IReadOnlyList<DateOnly> months, CancellationToken ct = default)
    {
        var type = (await types.ListAsync(ct)).FirstOrDefault();
        var periods = months.Select(m => new ReportPeriod(m.Year, m.Month)).ToList();
        var indexes = periods.Select(p => p.Year * 100 + p.Month).ToList();
        var rows = type is null ? [] : await db.Set<Report>().AsNoTracking()
            .Where(r => r.EnterpriseId == enterprise.Id && r.ReportTypeId == type.Type.Id && indexes.Contains(r.Year * 100 + r.Month))
            .ToListAsync(ct);
        var facts = await reports.FactsAsync(enterprise, ct);
        var current = ReportPeriod.Current(clock);
        var result = new List<HomePeriod>();
        foreach (var p in periods)
        {
            var row = rows.FirstOrDefault(r => r.Year == p.Year && r.Month == p.Month);
            var definition = type is null ? null : row is null ? type.Definition : await types.GetVersionAsync(row.ReportTypeVersionId, ct);
            var count = definition is null ? 0 : checker.Applicable(definition, facts, p).Count;
            var status = ReportActions.Shown(row?.Status, p, current, enterprise.ReportFrozen);
            result.Add(new HomePeriod(p.ToString(), definition?.QuarterEndMonths.Contains(p.Month) == true, count,
                row is { Status: not ReportStatus.Frozen } ? row.UpdatedAt : null,
                row is { Status: not ReportStatus.Frozen } ? ReportActions.FillModeText(row.FillMode) : null,
                ReportActions.StatusText(status)));
        }
        return result;
    }
}
