using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Reports.Models;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Reports.ReportImportKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>上报导入 (REP-12): the template, a good file, and every kind of bad input — each refused with its place and nothing stored.</summary>
public class ReportImportTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static Task<int> ReportCountAsync(TestApp app, long enterpriseId) =>
        app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == enterpriseId));

    [Theory, Providers]
    public async Task The_template_lists_the_applicable_indicators_and_a_filled_file_saves_the_report(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("imp_ok", 1);
        var client = await app.ClientAsAsync("imp_ok1");

        var template = await client.GetAsync("/enterprise/reports/import/template?period=2021-08");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var book = await app.ReadAsync(await template.Content.ReadAsByteArrayAsync());
        Assert.Equal(["说明", "指标", "产品"], book.Sheets.Select(s => s.Name));
        Assert.Equal("2021-08", book.Sheet("说明")!.Rows.Single(r => (string)r["A"]!.Value == "报表月份")["B"]!.Value);
        Assert.Equal(e.CreditCode, book.Sheet("说明")!.Rows.Single(r => (string)r["A"]!.Value == "统一社会信用代码")["B"]!.Value);
        var indicators = book.Sheet("指标")!;
        Assert.Equal(IndicatorTitles, indicators.Titles.OrderBy(t => t.Key).Select(t => t.Value));
        Assert.Equal(IndicatorRows().Select(r => r[0]), indicators.Rows.Select(r => r["A"]!.Value));
        Assert.Equal(ProductTitles, book.Sheet("产品")!.Titles.OrderBy(t => t.Key).Select(t => t.Value));

        // Filled and uploaded through the page: the detail page follows, the report is stored as an import.
        var file = await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, IndicatorRows(), [["电机", "M1", "台", 10, 8, 2]]));
        var token = await client.AntiforgeryTokenAsync("/enterprise/reports/import");
        var posted = await client.PostAsync("/enterprise/reports/import", Form(file, ("__RequestVerificationToken", token), ("period", "2021-08"), ("fillerName", "王五")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/enterprise/reports/2021-08", posted.Headers.Location!.OriginalString);
        var report = await app.WithDbAsync(db => db.Set<Report>().Include(r => r.Values).Include(r => r.Products).SingleAsync(r => r.EnterpriseId == e.Id));
        Assert.Equal((ReportStatus.Draft, FillMode.Import, "王五"), (report.Status, report.FillMode, report.FillerName));
        Assert.Equal(18 * 4, report.Values.Count);
        Assert.Equal(("电机", 10m), (report.Products.Single().Name, report.Products.Single().Production));
    }

    [Theory, Providers]
    public async Task Every_kind_of_bad_input_is_refused_with_its_place_and_nothing_is_stored(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("imp_bad", 1);
        var other = await app.EnterpriseAsync("imp_bad", 2);
        var rows = IndicatorRows();
        var revenue = RowOf(rows, "revenue");

        List<object?[]> With(string code, int column, object? value) =>
            [.. IndicatorRows().Select(r => (string)r[0]! == code ? r.Select((x, i) => i == column ? value : x).ToArray() : r)];
        async Task<byte[]> File(List<object?[]> indicators, string period = "2021-08", string? code = null, string[]? titles = null) =>
            await app.BytesAsync(EnterpriseFile(period, code ?? e.CreditCode, indicators, null, titles));

        var cases = new (string Name, byte[] File, string Expected)[]
        {
            ("non-number", await File(With("revenue", 3, "abc")), $"工作表“指标”第 {revenue} 行第 D 列（本年本月）：“abc”不是数字"),
            ("thousands", await File(With("revenue", 3, "1,234")), $"第 {revenue} 行第 D 列（本年本月）：“1,234”含有千位分隔符"),
            ("full-width", await File(With("revenue", 4, "１２３")), $"第 {revenue} 行第 E 列（本年1-本月）：“１２３”含有全角字符"),
            ("space", await File(With("revenue", 3, "12 34")), $"第 {revenue} 行第 D 列（本年本月）：“12 34”中间有空格"),
            ("negative", await File(With("revenue", 3, -5)), $"工作表“指标”第 {revenue} 行第 D 列：营业收入（本年本月）不能为负数"),
            ("beyond decimal(18,2)", await File(With("revenue", 3, "12345678901234567")), "超出范围：整数部分最多 16 位"),
            ("too many decimals", await File(With("revenue", 3, "1.234")), "的小数超过 2 位"),
            ("missing row", await File([.. rows.Where(r => (string)r[0]! != "revenue")]), "工作表“指标”缺少指标“营业收入”（revenue）的行"),
            ("unknown row", await File([.. rows, ["nonsense", "", "", 1, 1, 1, 1]]), "未知的指标代码“nonsense”"),
            ("extra column", await File([.. rows.Select(r => r.Append("多余").ToArray())], titles: [.. IndicatorTitles, "备注"]), "第 1 行第 H 列（备注）：多余的列：模板只有 7 列"),
            ("extra cells without a title", await File([.. rows.Select(r => r.Append((string)r[0]! == "revenue" ? 5 : null).ToArray())], titles: [.. IndicatorTitles, ""]), $"第 {revenue} 行第 H 列：多余的列"),
            ("wrong period", await File(rows, period: "2021-07"), "文件的报表月份“2021-07”与所选月份 2021-08 不一致"),
            ("another enterprise", await File(rows, code: other.CreditCode), $"文件中的统一社会信用代码“{other.CreditCode}”不是本企业的"),
            ("not xlsx", "指标,本年本月\nrevenue,100"u8.ToArray(), "这不是 Excel（.xlsx）文件"),
            ("empty", [], "文件是空的"),
            ("huge", [0x50, 0x4B, 0x03, 0x04, .. new byte[11 * 1024 * 1024]], "文件超过大小限制"),
        };
        foreach (var (name, file, expected) in cases)
        {
            var result = await app.ImportAsync(e, file);
            Assert.False(result.Succeeded, name);
            Assert.True(result.Errors.Any(x => x.Contains(expected)), $"{name}: expected “{expected}” in: {string.Join(" | ", result.Errors)}");
        }
        Assert.Equal(0, await ReportCountAsync(app, e.Id));

        // A rule error names its rule; a product row its sheet and row.
        var badProduct = await app.ImportAsync(e, await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, rows, [["电机", null, "台", 10, 8, 2], ["", null, "台", 1, 1, 1]])));
        Assert.Contains(badProduct.Errors, x => x.StartsWith("工作表“产品”第 3 行：") && x.Contains("产品名称不能为空"));
        Assert.Equal(0, await ReportCountAsync(app, e.Id));
    }

    [Theory, Providers]
    public async Task The_page_shows_the_place_of_an_error_and_a_fixed_file_imports(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("imp_page", 1);
        var client = await app.ClientAsAsync("imp_page1");
        var token = await client.AntiforgeryTokenAsync("/enterprise/reports/import");
        var rows = IndicatorRows();
        var row = RowOf(rows, "revenue");
        rows[row - 2][3] = "1,000";
        var bad = await client.PostAsync("/enterprise/reports/import",
            Form(await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, rows)), ("__RequestVerificationToken", token), ("period", "2021-08"), ("fillerName", "王五")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains($"工作表“指标”第 {row} 行第 D 列（本年本月）：“1,000”含有千位分隔符", html);
        Assert.Equal(0, await ReportCountAsync(app, e.Id));

        rows[row - 2][3] = 1000;
        var good = await client.PostAsync("/enterprise/reports/import",
            Form(await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, rows)), ("__RequestVerificationToken", token), ("period", "2021-08"), ("fillerName", "王五")));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(1, await ReportCountAsync(app, e.Id));
    }

    [Theory, Providers]
    public async Task A_warning_keeps_the_import_as_a_draft_that_needs_an_explanation_before_submit(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("imp_warn", 1);
        var rows = IndicatorRows();
        // Receivables above total assets: a balance-check warning, not an error.
        var receivables = rows[RowOf(rows, "receivables") - 2];
        (receivables[3], receivables[4]) = (60_000, 60_000);
        var result = await app.ImportAsync(e, await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, rows)));
        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
        Assert.Equal("assets-over-receivables", Assert.Single(result.Warnings).RuleId);
        Assert.Equal(ReportStatus.Draft, result.Report!.Status);
    }
}
