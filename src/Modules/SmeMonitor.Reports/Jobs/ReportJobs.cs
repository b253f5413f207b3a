using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Jobs;

/// <summary>The input of the report jobs: the period, yyyy-MM.</summary>
public sealed record ReportJobInput(string Period);

/// <summary>
/// 批量导入 (REP-13): an administrator's batch file, enterprise by enterprise, each saved through the same
/// <see cref="ReportService.NextAsync"/> as the online form in its own transaction. An enterprise outside the
/// administrator's scope is rejected (不在管辖范围), as is one with any error; a rejected enterprise changes nothing. The
/// result workbook lists every row: imported or rejected, with the reasons and the warnings left to confirm.
/// </summary>
public sealed class ReportBatchImportJob(ReportWorkbooks books, ReportService reports, ReportTypeService types, ExcelService excel, IScopeService scopes,
    SmeDbContext db, IStringLocalizer<Strings> T) : IBackgroundJobHandler
{
    public const string JobKind = "reports.batch-import";
    public string Kind => JobKind;

    public async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
    {
        if (!ReportPeriod.TryParse(job.GetInput<ReportJobInput>()?.Period, out var period)) throw new BackgroundJobFailedException(T["请选择报表月份。"]);
        ExcelWorkbook book;
        await using (var input = run.OpenInput() ?? throw new BackgroundJobFailedException(T["请选择要上传的文件。"]))
        {
            try
            {
                book = await excel.ReadAsync(input, headerRow: true, ct);
            }
            catch (ExcelFileException e)
            {
                throw new BackgroundJobFailedException(e.Message);
            }
        }
        var scope = await scopes.GetScopeAsync(ct);
        var definition = (await types.FindAsync(ReportDetails.MonthlyType, ct))?.Definition ?? throw new BackgroundJobFailedException(T["报表不存在。"]);
        var file = books.ReadBatch(book, definition, period);
        if (file.Errors.Count > 0)
            throw new BackgroundJobFailedException(T["文件未导入：{0}", string.Join("；", file.Errors.Take(20))]);

        var results = new List<IReadOnlyList<object?>>();
        int imported = 0, rejected = 0;
        await run.ReportAsync(0, file.Rows.Count, ct);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            var row = file.Rows[i];
            var (ok, reasons) = await ImportRowAsync(row, period, scope, job.OwnerId, ct);
            if (ok) imported++; else rejected++;
            results.Add([row.Row, row.CreditCode, row.Name, ok ? T["已导入"].Value : T["已退回"].Value, string.Join("\n", reasons)]);
            // Each enterprise is its own unit of work: nothing of one stays tracked for the next.
            db.ChangeTracker.Clear();
            await run.ReportAsync(i + 1, file.Rows.Count, ct);
        }
        foreach (var (rowNumber, code) in file.OrphanProducts)
        {
            rejected++;
            results.Add([rowNumber, code, null, T["已退回"].Value,
                excel.At(ReportWorkbooks.ProductSheet, rowNumber, "A", ReportWorkbooks.CreditCodeLabel, T["“指标”工作表中没有这家企业，产品未导入。"])]);
        }

        await using (var output = await run.CreateResultAsync($"导入结果_{period}.xlsx", ct))
            await excel.WriteAsync(output, new ExcelSheet(T["导入结果"],
                [new(T["行号"], ExcelColumnType.Integer), new(T["统一社会信用代码"], Width: 22), new(T["企业名称"], Width: 30), new(T["结果"]), new(T["原因"], Width: 100)],
                results), ct);
        run.Message = T["导入 {0} 家，退回 {1} 家。", imported, rejected];
    }

    private async Task<(bool Ok, List<string> Reasons)> ImportRowAsync(BatchImportRow row, ReportPeriod period, RegionScope scope, string userId, CancellationToken ct)
    {
        if (row.Errors.Count > 0) return (false, row.Errors);
        var enterprise = await db.Set<Enterprise>().AsNoTracking().FirstOrDefaultAsync(e => e.CreditCode == row.CreditCode, ct);
        if (enterprise is null) return (false, [T["没有统一社会信用代码为“{0}”的企业。", row.CreditCode!]]);
        if (!scope.Contains(enterprise.RegionCode)) return (false, [T["不在管辖范围"]]);
        var key = new ReportKey(enterprise.Id, ReportDetails.MonthlyType, period);
        // 下一步 loads and checks the report like the online form; opening the whole form first would read it all twice.
        var version = await reports.VersionAsync(key, ct);
        var saved = await reports.NextAsync(key, new ReportEntry(row.Values, row.Products, row.FillerName, version, FillMode.Import), userId, ct);
        if (!saved.Succeeded) return (false, [.. saved.Errors.Select(row.Place)]);
        var pending = saved.Warnings.Where(w => saved.Unconfirmed.Contains(w.RuleId!)).Select(w => T["待企业说明的提示：{0}", w.Message].Value);
        return (true, [.. pending]);
    }
}

/// <summary>
/// 导出 of every report of a period in the administrator's scope to one workbook (报表 and 产品 sheets), in the background.
/// Streamed: <see cref="ReportExportRows"/> reads the reports a page at a time while the workbook is written, so memory does not
/// grow with the number of reports (50,000 reports: see bench report-export).
/// </summary>
public sealed class ReportExportJob(ReportDetails details, ReportExportRows rows, ReportTypeService types, ExcelService excel, IScopeService scopes,
    IStringLocalizer<Strings> T) : IBackgroundJobHandler
{
    public const string JobKind = "reports.export";
    public string Kind => JobKind;

    public async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
    {
        if (!ReportPeriod.TryParse(job.GetInput<ReportJobInput>()?.Period, out var period)) throw new BackgroundJobFailedException(T["请选择报表月份。"]);
        var definition = (await types.FindAsync(ReportDetails.MonthlyType, ct))?.Definition ?? throw new BackgroundJobFailedException(T["报表不存在。"]);
        var scope = await scopes.GetScopeAsync(ct);
        var reports = details.InScope(scope).Where(r => r.Year == period.Year && r.Month == period.Month);
        var total = await reports.CountAsync(ct);
        await run.ReportAsync(0, total, ct);
        await using (var output = await run.CreateResultAsync($"报表_{period}.xlsx", ct))
            await excel.WriteAsync(output,
            [
                new ExcelSheet(T["报表"],
                    [new(T["统一社会信用代码"], Width: 22), new(T["企业名称"], Width: 30), new(T["地区代码"]), new(T["状态"]), new(T["填报人"]), new(T["填报日期"], Width: 18),
                     .. definition.Indicators.SelectMany(i => IndicatorValues.Columns.Select(ReportChecker.ColumnText).Append("累计同比增长(%)")
                         .Select(c => new ExcelColumn($"{i.DisplayName}（{T[c]}）", ExcelColumnType.Decimal, 14)))],
                    rows.ReportRowsAsync(reports, [.. definition.Indicators.Select(i => i.Code)], done => run.ReportAsync(done, Math.Max(done, total), ct), ct: ct)),
                new ExcelSheet(T["产品"],
                    [new(T["统一社会信用代码"], Width: 22), new(T["企业名称"], Width: 30), new(T["产品名称"], Width: 24), new(T["产品代码"]), new(T["计量单位"]),
                     new(T["生产量"], ExcelColumnType.Decimal), new(T["销售量"], ExcelColumnType.Decimal), new(T["期末库存量"], ExcelColumnType.Decimal)],
                    rows.ProductRowsAsync(reports, ct)),
            ], ct);
        run.Message = T["已导出 {0} 份报表。", total];
    }
}
