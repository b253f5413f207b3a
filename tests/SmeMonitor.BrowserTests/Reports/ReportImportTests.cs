using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Reports;

/// <summary>
/// 上报导入 (REP-12) as a person does it: download the period's template from /enterprise/reports/import, fill it in a
/// spreadsheet program (here MiniExcel, as the platform itself uses), upload it with a thousands separator in one cell, read
/// which sheet, row and column is wrong while nothing is stored, fix the cell, upload again and find the report in 历史报送.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ReportImportTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_enterprise_imports_its_filled_template_after_fixing_the_cell_the_page_points_at()
    {
        var name = "导入浏览器测试有限公司" + Random.Shared.Next(10_000, 99_999);
        var userName = await platform.EnterpriseLikeDemoAsync("ent_imp", name, PortalEnterprises.NewCreditCode());
        var period = WizardSteps.LatestQuarterEnd(platform.App.Clock);
        var folder = System.IO.Directory.CreateTempSubdirectory("smemonitor-import-").FullName;
        try
        {
            await using var context = await platform.NewDesktopContextAsync();
            await platform.SignInAsync(context, userName);
            var page = await context.NewPageAsync();
            var problems = new PageProblems(page);

            // The template of the chosen month.
            await page.GotoAsync("/enterprise/reports/import");
            await page.Locator("#period").FillAsync(period.ToString());
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("template").ClickAsync());
            Assert.Equal($"导入模板_{period}.xlsx", download.SuggestedFilename);
            var template = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(template);

            // Filled in, with 营业收入's 本年本月 typed with a thousands separator.
            var (file, revenueRow) = Fill(template, Path.Combine(folder, "filled.xlsx"), revenueMonth: "1,000");
            await UploadAsync(page, file);
            var errors = page.GetByTestId("import-errors");
            await Expect(errors).ToContainTextAsync("文件未导入");
            await Expect(errors).ToContainTextAsync($"工作表“指标”第 {revenueRow} 行第 D 列（本年本月）");
            await PlatformFixture.ScreenshotAsync(page, "report-import-error-desktop");
            Assert.Null(await StoredReportAsync(name, period));

            // Fixed and uploaded again: saved, and listed in 历史报送 as imported.
            (file, _) = Fill(template, Path.Combine(folder, "fixed.xlsx"), revenueMonth: 1000m);
            await UploadAsync(page, file);
            await Expect(page).ToHaveURLAsync(new Regex($"/enterprise/reports/{period}$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("导入成功，报表已保存。");
            await WizardSteps.OpenHistoryAsync(page, period);
            var row = WizardSteps.Row(page, period);
            await Expect(row.GetByTestId("row-status")).ToHaveTextAsync("编辑");
            await Expect(row).ToContainTextAsync("上报导入");
            // A download ends its navigation with net::ERR_ABORTED: that is how Chromium turns it into a file, not a failure.
            var failures = problems.All.Where(p => !p.Contains("/enterprise/reports/import/template?", StringComparison.Ordinal)).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));

            var report = await StoredReportAsync(name, period) ?? throw new InvalidOperationException("The import stored no report.");
            Assert.Equal(FillMode.Import, report.FillMode);
            Assert.Equal(1000m, report.Values.Single(v => v.IndicatorCode == "revenue" && v.Column == ValueColumn.Month).Value);
            Assert.Equal("钢结构件", Assert.Single(report.Products).Name);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task UploadAsync(IPage page, string file)
    {
        await page.Locator("#fillerName").FillAsync("李娜");
        await page.Locator("#file").SetInputFilesAsync(file);
        await page.GetByTestId("import").ClickAsync();
    }

    /// <summary>
    /// The template with every indicator 100 (资产总计 50,000) and 营业收入's 本年本月 as given, and one product; the other sheets
    /// as downloaded. Returns the file and the Excel row of 营业收入.
    /// </summary>
    private static (string File, int RevenueRow) Fill(string template, string path, object revenueMonth)
    {
        var sheets = new Dictionary<string, object>();
        var revenueRow = 0;
        foreach (var sheet in MiniExcel.GetSheetNames(template))
        {
            var rows = MiniExcel.Query(template, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
            if (sheet == "指标")
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var code = (string)rows[i]["指标代码"]!;
                    foreach (var column in new[] { "本年本月", "本年1-本月", "上年本月", "上年1-本月" }) rows[i][column] = code == "assets" ? 50000m : 100m;
                    if (code != "revenue") continue;
                    rows[i]["本年本月"] = revenueMonth;
                    rows[i]["本年1-本月"] = 1000m;
                    revenueRow = i + 2;
                }
            }
            if (sheet == "产品")
            {
                rows = [new Dictionary<string, object?>
                {
                    ["产品名称"] = "钢结构件", ["产品代码"] = null, ["计量单位"] = "吨", ["生产量"] = 120m, ["销售量"] = 100m, ["期末库存量"] = 20m,
                }];
            }
            sheets[sheet] = rows;
        }
        Assert.True(revenueRow > 0, "The template has no row for 营业收入.");
        MiniExcel.SaveAs(path, sheets);
        return (path, revenueRow);
    }

    private Task<Report?> StoredReportAsync(string enterpriseName, ReportPeriod period) => platform.App.WithDbAsync(async db =>
    {
        var enterpriseId = await db.Set<Enterprise>().Where(e => e.Name == enterpriseName).Select(e => e.Id).SingleAsync();
        return await db.Set<Report>().AsNoTracking().Include(r => r.Values).Include(r => r.Products)
            .SingleOrDefaultAsync(r => r.EnterpriseId == enterpriseId && r.Year == period.Year && r.Month == period.Month);
    });
}
