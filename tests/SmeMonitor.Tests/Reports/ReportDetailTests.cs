using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Reports.ReportImportKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>报表详情, export and print (REP-11): the owner and administrators of the region see it; another region gets 404.</summary>
public class ReportDetailTests(AppFixture apps) : IClassFixture<AppFixture>
{
    /// <summary>An August report saved with a balance warning, confirmed and submitted (审核中).</summary>
    internal static async Task<Report> SubmittedAsync(TestApp app, Enterprise e)
    {
        var key = new ReportKey(e.Id, "monthly", August);
        var values = Complete(Industrial, August).With("receivables", V(60_000, 60_000));
        var saved = await app.WithAsync<ReportService, ReportResult>(s => s.NextAsync(key, new ReportEntry(values, [new("电机", "M1", "台", 10, 8, 2)], "张三", 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        var confirmed = await app.WithAsync<ReportService, ReportResult>(s => s.ConfirmAsync(key, new Dictionary<string, string> { ["assets-over-receivables"] = "应收账款含集团往来" }, saved.Report!.Version, e.UserId));
        var submitted = await app.WithAsync<ReportService, ReportResult>(s => s.SubmitAsync(key, confirmed.Report!.Version, e.UserId));
        Assert.True(submitted.Succeeded, string.Join(" ", submitted.Errors.Select(x => x.Message)));
        return submitted.Report!;
    }

    [Theory, Providers]
    public async Task The_owner_sees_the_three_parts_exports_the_same_content_and_can_print(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("det_own", 1);
        await app.EnterpriseAsync("det_own", 2);
        await SubmittedAsync(app, e);
        var client = await app.ClientAsAsync("det_own1");

        var page = await client.GetAsync("/enterprise/reports/2021-08");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        foreach (var text in new[] { e.Name, e.CreditCode!, "营业收入", "累计同比增长(%)", "11.11", "电机", "应收账款含集团往来", "审核中", "编辑", "打印", "data-testid=\"report-timeline\"" })
            Assert.Contains(text, html);
        // The print stylesheet: landscape, navigation hidden.
        Assert.Contains("@page { size: A4 landscape;", html);
        Assert.Contains("@media print", html);
        Assert.Contains("nav, header, footer, .navbar, .admin-nav", html);

        var export = await client.GetAsync("/enterprise/reports/2021-08/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var book = await app.ReadAsync(await export.Content.ReadAsByteArrayAsync());
        Assert.Equal(["报表信息", "指标", "产品", "提示说明", "状态记录"], book.Sheets.Select(s => s.Name));
        Assert.Equal(e.CreditCode, book.Sheet("报表信息")!.Rows.Single(r => (string)r["A"]!.Value == "统一社会信用代码")["B"]!.Value);
        var revenue = book.Sheet("指标")!.Rows.Single(r => (string)r["A"]!.Value == "营业收入");
        Assert.Equal(new object[] { 100d, 800d, 90d, 720d, 11.11d }, new[] { "C", "D", "E", "F", "G" }.Select(c => revenue[c]!.Value));
        Assert.Equal(("电机", 10d), ((string)book.Sheet("产品")!.Rows[0]["A"]!.Value, (double)book.Sheet("产品")!.Rows[0]["D"]!.Value));
        Assert.Equal("应收账款含集团往来", book.Sheet("提示说明")!.Rows.Single()["B"]!.Value);
        Assert.Equal(["编辑", "审核中"], book.Sheet("状态记录")!.Rows.Select(r => r["C"]!.Value));

        // 未填报 months and other enterprises' reports are not found.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/enterprise/reports/2021-07")).StatusCode);
        var other = await app.ClientAsAsync("det_own2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/enterprise/reports/2021-08")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/enterprise/reports/2021-08/export")).StatusCode);
    }

    [Theory, Providers]
    public async Task Administrators_of_the_region_see_the_report_and_another_region_gets_404(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("det_adm", 1);
        var report = await SubmittedAsync(app, e);
        await app.CreateAdministratorAsync("det_adm_zj", AdminLevel.Province, "330000");
        await app.CreateAdministratorAsync("det_adm_sc", AdminLevel.County, "330102");
        await app.CreateAdministratorAsync("det_adm_hz2", AdminLevel.County, "330105");
        await app.CreateAdministratorAsync("det_adm_ha", AdminLevel.Province, "410000");

        foreach (var name in new[] { "det_adm_zj", "det_adm_sc" })
        {
            var admin = await app.ClientAsAsync(name);
            var page = await admin.GetAsync($"/admin/reports/{report.Id}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(e.Name, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/reports/{report.Id}/export")).StatusCode);
        }
        foreach (var name in new[] { "det_adm_hz2", "det_adm_ha", "det_adm1" })
        {
            var outsider = await app.ClientAsAsync(name);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/admin/reports/{report.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/admin/reports/{report.Id}/export")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientAsAsync("det_adm_zj")).GetAsync("/admin/reports/999999")).StatusCode);
    }

    [Theory, Providers]
    public async Task The_enterprise_sees_status_changes_and_reasons_and_administrators_see_who_reviewed(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("det_who", 1);
        var report = await SubmittedAsync(app, e);
        var reviewer = await app.CreateAdministratorAsync("det_who_zj", AdminLevel.Province, "330000");
        var returned = await app.RunAsync(r => r.ResumeAsync(ReportService.SubjectOf(report.Id), "return",
            new Dictionary<string, string?> { [ReportService.UserIdVariable] = reviewer.Id, [ReportService.ReasonVariable] = "营业收入请核实" }));
        Assert.Equal(ResumeStatus.Resumed, returned.Status);

        var own = WebUtility.HtmlDecode(await (await app.ClientAsAsync("det_who1")).GetStringAsync("/enterprise/reports/2021-08"));
        Assert.Contains("营业收入请核实", own);
        Assert.Contains("审核管理员", own);
        Assert.Contains("det_who1", own); // its own saves and 上报
        Assert.DoesNotContain("det_who_zj", own);
        var admin = WebUtility.HtmlDecode(await (await app.ClientAsAsync("det_who_zj")).GetStringAsync($"/admin/reports/{report.Id}"));
        Assert.Contains("det_who_zj", admin);
        Assert.Contains("营业收入请核实", admin);
    }
}
