using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>A confirmed warning with the rule's message and the enterprise's explanation.</summary>
public sealed record ConfirmedWarning(string RuleId, string Message, string Explanation, DateTimeOffset ConfirmedAt);

/// <summary>A status transition as the timeline shows it; <see cref="UserName"/> is the actor's display name (null = the platform).</summary>
public sealed record TransitionRow(ReportStatus? From, ReportStatus To, string? UserName, string? Reason, DateTimeOffset At);

/// <summary>
/// 报表详情 (REP-11): the enterprise as filed (the region, industry and size the report copied at its last save), the
/// indicators with their four columns and 累计同比增长, the products, the confirmed warnings and the status timeline.
/// </summary>
public sealed record ReportDetail(
    Report Report,
    Enterprise Enterprise,
    ReportPeriod Period,
    ReportDefinition Definition,
    string RegionName,
    string? IndustryName,
    IReadOnlyList<IndicatorDefinition> Indicators,
    IReadOnlyDictionary<string, IndicatorValues> Values,
    IReadOnlyList<ReportProduct> Products,
    IReadOnlyList<ConfirmedWarning> Warnings,
    IReadOnlyList<TransitionRow> Transitions);

/// <summary>
/// Reads one report for its detail page, export and API: for the owning enterprise (by its user) or for an administrator
/// whose region contains the report's enterprise (<see cref="RegionScope"/>; another region's report is not found).
/// </summary>
public sealed class ReportDetails(SmeDbContext db, ReportTypeService types, ReportChecker checker,
    RegionDirectory regions, IndustryDirectory industries, IStringLocalizer<Strings> T)
{
    public const string MonthlyType = "monthly";

    /// <summary>The report of the user's own enterprise for the period, or null (no enterprise, 未填报).</summary>
    public async Task<ReportDetail?> ForOwnerAsync(string userId, ReportPeriod period, CancellationToken ct = default)
    {
        var enterprise = await db.Set<Enterprise>().AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct);
        var type = await types.FindAsync(MonthlyType, ct);
        if (enterprise is null || type is null) return null;
        var id = await db.Set<Report>().Where(r => r.EnterpriseId == enterprise.Id && r.ReportTypeId == type.Type.Id
                                                   && r.Year == period.Year && r.Month == period.Month)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await LoadAsync(db.Set<Report>().Where(r => r.Id == id), userId, ct);
    }

    /// <summary>The report if the enterprise's region is inside the administrator's scope, else null.</summary>
    public Task<ReportDetail?> ForAdministratorAsync(RegionScope scope, long reportId, CancellationToken ct = default) =>
        LoadAsync(InScope(scope).Where(r => r.Id == reportId), owner: null, ct);

    /// <summary>The reports of enterprises inside the scope (by the enterprise's current region: a moved enterprise moves its reports).</summary>
    public IQueryable<Report> InScope(RegionScope scope) =>
        from r in db.Set<Report>()
        join e in scope.Apply(db.Set<Enterprise>()) on r.EnterpriseId equals e.Id
        select r;

    /// <summary>The report if it is the user's own enterprise's, else null.</summary>
    public Task<ReportDetail?> OwnedAsync(string userId, long reportId, CancellationToken ct = default) =>
        LoadAsync(from r in db.Set<Report>()
                  join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id
                  where r.Id == reportId && e.UserId == userId
                  select r, userId, ct);

    /// <param name="owner">The enterprise's user when it reads its own report: the timeline then names its own actions only and
    /// shows an administrator's as 审核管理员 (it sees status changes and reasons, not who reviewed).</param>
    private async Task<ReportDetail?> LoadAsync(IQueryable<Report> query, string? owner, CancellationToken ct)
    {
        var report = await query.AsNoTracking().AsSplitQuery()
            .Include(r => r.Values).Include(r => r.Products).Include(r => r.Confirmations).Include(r => r.Transitions)
            .FirstOrDefaultAsync(ct);
        if (report is null) return null;
        var enterprise = await db.Set<Enterprise>().AsNoTracking().FirstAsync(e => e.Id == report.EnterpriseId, ct);
        var definition = await types.GetVersionAsync(report.ReportTypeVersionId, ct);
        var period = new ReportPeriod(report.Year, report.Month);
        // The indicators as filed: the report's version with the facts it copied at its last save.
        var industry = await industries.FindAsync(report.IndustryCode, ct);
        var facts = new EnterpriseFacts(report.RegionCode, report.IndustryCode, industry?.Section, report.Size);
        var applicable = checker.Applicable(definition, facts, period);
        var values = IndicatorValues.From(report.Values);
        // An indicator with stored values stays shown even if the definition would not apply it now.
        var indicators = definition.Indicators.Where(i => applicable.Contains(i) || values.ContainsKey(i.Code)).OrderBy(i => i.Order).ToList();
        var userIds = report.Transitions.Select(t => t.UserId).OfType<string>().Where(u => owner is null || u == owner).Distinct().ToList();
        var names = await db.Set<User>().AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.UserName ?? u.Id : u.DisplayName, ct);
        var regionNames = await regions.PathsAsync([report.RegionCode], ct);
        return new ReportDetail(report, enterprise, period, definition,
            regionNames.GetValueOrDefault(report.RegionCode) ?? report.RegionCode, industry?.Name, indicators, values,
            [.. report.Products.OrderBy(p => p.Row)],
            [.. report.Confirmations.OrderBy(c => c.RuleId).Select(c => new ConfirmedWarning(c.RuleId,
                definition.Rules.FirstOrDefault(r => r.Id == c.RuleId)?.DisplayMessage ?? c.RuleId, c.Explanation, c.ConfirmedAt))],
            [.. report.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TransitionRow(t.From, t.To,
                t.UserId is null ? null : names.GetValueOrDefault(t.UserId) ?? (owner is null ? t.UserId : T["审核管理员"].Value), t.Reason, t.At))]);
    }

    /// <summary>The detail as a workbook: 报表信息, 指标 (four columns and 累计同比增长), 产品, 提示说明, 状态记录.</summary>
    public IReadOnlyList<ExcelSheet> Sheets(ReportDetail d)
    {
        string Status(ReportStatus? s) => T[ReportActions.StatusText(s)];
        string Time(DateTimeOffset t) => t.ToOffset(ReportPeriod.ChinaOffset).ToString("yyyy-MM-dd HH:mm");
        var info = new List<IReadOnlyList<object?>>
        {
            new object?[] { T["报表"].Value, d.Definition.DisplayTitle },
            new object?[] { T["报表月份"].Value, d.Period.ToString() },
            new object?[] { T["企业名称"].Value, d.Enterprise.Name },
            new object?[] { T["统一社会信用代码"].Value, d.Enterprise.CreditCode },
            new object?[] { T["所在地区"].Value, d.RegionName },
            new object?[] { T["所属行业"].Value, d.IndustryName is null ? d.Report.IndustryCode : $"{d.Report.IndustryCode} {d.IndustryName}" },
            new object?[] { T["企业规模"].Value, T[EnterpriseTexts.Size(d.Report.Size)].Value },
            new object?[] { T["填报人"].Value, d.Report.FillerName },
            new object?[] { T["填报方式"].Value, T[ReportActions.FillModeText(d.Report.FillMode)].Value },
            new object?[] { T["填报日期"].Value, Time(d.Report.UpdatedAt) },
            new object?[] { T["状态"].Value, Status(d.Report.Status) },
        };
        if (d.Report.ReturnReason is { } reason && d.Report.Status == ReportStatus.Returned)
            info.Add([T["退回原因"].Value, reason]);
        return
        [
            new ExcelSheet(T["报表信息"], [new(T["项目"], Width: 18), new(T["内容"], Width: 50)], info),
            new ExcelSheet(T["指标"],
                [new(T["指标名称"], Width: 30), new(T["计量单位"]), .. IndicatorValues.Columns.Select(c => new ExcelColumn(T[ReportChecker.ColumnText(c)], ExcelColumnType.Decimal, 16)),
                 new(T["累计同比增长(%)"], ExcelColumnType.Decimal, 16)],
                d.Indicators.Select(i =>
                {
                    var v = d.Values.GetValueOrDefault(i.Code) ?? IndicatorValues.Empty;
                    return (IReadOnlyList<object?>)[i.DisplayName, i.DisplayUnit, v.Month, v.Cumulative, v.LastYearMonth, v.LastYearCumulative, v.CumulativeGrowth];
                })),
            new ExcelSheet(T["产品"],
                [new(T["产品名称"], Width: 24), new(T["产品代码"]), new(T["计量单位"]), new(T["生产量"], ExcelColumnType.Decimal, 14),
                 new(T["销售量"], ExcelColumnType.Decimal, 14), new(T["期末库存量"], ExcelColumnType.Decimal, 14)],
                d.Products.Select(p => (IReadOnlyList<object?>)[p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock])),
            new ExcelSheet(T["提示说明"], [new(T["提示"], Width: 50), new(T["说明"], Width: 50), new(T["确认时间"], Width: 18)],
                d.Warnings.Select(w => (IReadOnlyList<object?>)[w.Message, w.Explanation, Time(w.ConfirmedAt)])),
            new ExcelSheet(T["状态记录"], [new(T["时间"], Width: 18), new(T["原状态"]), new(T["新状态"]), new(T["操作人"], Width: 16), new(T["原因"], Width: 40)],
                d.Transitions.Select(t => (IReadOnlyList<object?>)[Time(t.At), Status(t.From), Status(t.To), t.UserName ?? T["系统"].Value, t.Reason])),
        ];
    }

    /// <summary>The download name of a report's export, e.g. 2021-08_某某有限公司.xlsx.</summary>
    public static string ExportName(ReportDetail d) => $"{d.Period}_{d.Enterprise.Name}.xlsx";
}
