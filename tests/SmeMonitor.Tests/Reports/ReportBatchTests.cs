using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Jobs;
using static SmeMonitor.Tests.Reports.ReportImportKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>批量导入 and the period export (REP-13) as background jobs: enterprise by enterprise, only in the administrator's scope.</summary>
public class ReportBatchTests
{
    private static async Task<ExcelWorkbook> ResultAsync(TestApp app, BackgroundJob job)
    {
        await using var scope = app.Scope();
        await using var stream = scope.ServiceProvider.GetRequiredService<IBackgroundJobs>().OpenResult(job)!;
        return await scope.ServiceProvider.GetRequiredService<ExcelService>().ReadAsync(stream);
    }

    /// <summary>A batch row of a complete August report: credit code, name, filler, then the indicators' four columns in definition order.</summary>
    private static object?[] Row(string creditCode, string name, Func<string, ValueColumn, object?>? change = null)
    {
        var values = Complete(Industrial, August);
        return [creditCode, name, "赵六", .. National.Indicators.SelectMany(i => IndicatorValues.Columns.Select(c =>
            change?.Invoke(i.Code, c) ?? (values.TryGetValue(i.Code, out var v) ? v[c] : null)))];
    }

    [Theory, Providers]
    public async Task A_batch_imports_the_good_enterprises_of_the_scope_and_reports_each_rejection(string provider)
    {
        await using var app = JobTestKit.NewApp(provider);
        var a = await app.EnterpriseAsync("bat_a", 1);
        var b = await app.EnterpriseAsync("bat_b", 1);
        var henan = await app.EnterpriseAsync("bat_h", 1, "410102");
        await app.CreateAdministratorAsync("bat_admin", AdminLevel.City, "330100");
        var admin = await app.ClientAsAsync("bat_admin");
        Assert.Contains("href=\"/admin/reports/import\"", await admin.GetStringAsync("/admin")); // the 数据批量上报导入 menu entry

        var template = await app.ReadAsync(await admin.GetByteArrayAsync("/admin/reports/import/template?period=2021-08"));
        var sheet = template.Sheet("指标")!;
        var titles = sheet.Titles.OrderBy(t => ExcelColumns.Number(t.Key)).Select(t => t.Value).ToList();
        Assert.Equal(["统一社会信用代码", "企业名称", "填报人", $"{National.Indicators[0].Name}（本年本月）"], titles.Take(4));
        Assert.Equal(3 + National.Indicators.Count * 4, titles.Count);
        Assert.Equal(new[] { a.CreditCode, b.CreditCode }.Order(), sheet.Rows.Select(r => (string)r["A"]!.Value).Order());

        var file = await app.BytesAsync(
        [
            new ExcelSheet("说明", [new("项目"), new("内容")], [["报表月份", "2021-08"]]),
            new ExcelSheet("指标", [.. titles.Select(t => new ExcelColumn(t))],
            [
                Row(a.CreditCode!, a.Name),
                Row(b.CreditCode!, b.Name, (code, c) => code == "revenue" && c == ValueColumn.Month ? "1,234" : null),
                Row(henan.CreditCode!, henan.Name),
                Row("91330102MA0000000X", "不存在的企业"),
            ]),
            new ExcelSheet("产品", [.. new[] { "统一社会信用代码", "产品名称", "产品代码", "计量单位", "生产量", "销售量", "期末库存量" }.Select(t => new ExcelColumn(t))],
                [[a.CreditCode, "电机", null, "台", 10, 8, 2]]),
        ]);
        var token = await admin.AntiforgeryTokenAsync("/admin/reports/import");
        var posted = await admin.PostAsync("/admin/reports/import", Form(file, ("__RequestVerificationToken", token), ("period", "2021-08")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/jobs", posted.Headers.Location!.OriginalString);

        Assert.Equal(1, await app.RunnerAsync(r => r.RunQueuedAsync()));
        var job = await app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().SingleAsync(j => j.Kind == "reports.batch-import"));
        Assert.Equal((BackgroundJobStatus.Succeeded, "导入 1 家，退回 3 家。", 4, 4), (job.Status, job.Message, job.Done, job.Total));
        var result = (await ResultAsync(app, job)).Sheets.Single();
        string Outcome(string code) => $"{result.Rows.Single(r => (string)r["B"]!.Value == code)["D"]!.Value} {result.Rows.Single(r => (string)r["B"]!.Value == code)["E"]?.Value}";
        Assert.StartsWith("已导入", Outcome(a.CreditCode!));
        var revenueColumn = ExcelColumns.Letter(4 + National.Indicators.ToList().FindIndex(i => i.Code == "revenue") * 4);
        Assert.Contains($"已退回 工作表“指标”第 3 行第 {revenueColumn} 列（营业收入（本年本月））：“1,234”含有千位分隔符", Outcome(b.CreditCode!));
        Assert.Equal("已退回 不在管辖范围", Outcome(henan.CreditCode!));
        Assert.Contains("没有统一社会信用代码为“91330102MA0000000X”的企业", Outcome("91330102MA0000000X"));

        var stored = await app.WithDbAsync(db => db.Set<Report>().Include(r => r.Products).Where(r => r.Year == 2021 && r.Month == 8).ToListAsync());
        var imported = Assert.Single(stored);
        Assert.Equal((a.Id, FillMode.Import, ReportStatus.Draft, "赵六", "电机"), (imported.EnterpriseId, imported.FillMode, imported.Status, imported.FillerName, imported.Products.Single().Name));
    }

    [Theory, Providers]
    public async Task A_batch_file_of_another_period_fails_as_a_whole(string provider)
    {
        await using var app = JobTestKit.NewApp(provider);
        var a = await app.EnterpriseAsync("bat_p", 1);
        await app.CreateAdministratorAsync("bat_p_admin", AdminLevel.County, "330102");
        var admin = await app.ClientAsAsync("bat_p_admin");
        var template = await admin.GetByteArrayAsync("/admin/reports/import/template?period=2021-07");
        var token = await admin.AntiforgeryTokenAsync("/admin/reports/import");
        await admin.PostAsync("/admin/reports/import", Form(template, ("__RequestVerificationToken", token), ("period", "2021-08")));
        await app.RunnerAsync(r => r.RunQueuedAsync());
        var job = await app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().SingleAsync(j => j.Kind == "reports.batch-import"));
        Assert.Equal(BackgroundJobStatus.Failed, job.Status);
        Assert.Contains("文件的报表月份“2021-07”与所选月份 2021-08 不一致", job.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == a.Id)));
    }

    [Theory, Providers]
    public async Task The_period_export_holds_the_reports_of_the_scope_only(string provider)
    {
        await using var app = JobTestKit.NewApp(provider);
        var a = await app.EnterpriseAsync("exp_a", 1);
        var henan = await app.EnterpriseAsync("exp_h", 1, "410102");
        await ReportDetailTests.SubmittedAsync(app, a);
        await ReportDetailTests.SubmittedAsync(app, henan);
        await app.CreateAdministratorAsync("exp_admin", AdminLevel.Province, "330000");
        var admin = await app.ClientAsAsync("exp_admin");
        var token = await admin.AntiforgeryTokenAsync("/admin/reports/import");
        var posted = await admin.PostAsync("/admin/reports/export", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["period"] = "2021-08" }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await app.RunnerAsync(r => r.RunQueuedAsync());

        var job = await app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().SingleAsync(j => j.Kind == "reports.export"));
        Assert.Equal((BackgroundJobStatus.Succeeded, "已导出 1 份报表。"), (job.Status, job.Message));
        var book = await ResultAsync(app, job);
        var row = Assert.Single(book.Sheet("报表")!.Rows);
        Assert.Equal((a.CreditCode, "审核中"), ((string)row["A"]!.Value, (string)row["D"]!.Value));
        Assert.Equal($"{National.Indicators[0].Name}（本年本月）", book.Sheet("报表")!.Titles["G"]);
        Assert.Equal(100d, row["G"]!.Value);
        Assert.Equal("电机", Assert.Single(book.Sheet("产品")!.Rows)["C"]!.Value);
    }
}
