using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Api;
using SmeMonitor.Reports.Models;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Reports.ReportImportKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>/api/v1/reports: submit with an enterprise token (same checks), scoped reads, template and import.</summary>
public class ReportsApiTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static object Body(Dictionary<string, SmeMonitor.Reports.Services.IndicatorValues> values, int version = 0) => new
    {
        fillerName = "钱七",
        version,
        submit = true,
        values = values.ToDictionary(v => v.Key, v => new { month = v.Value.Month, cumulative = v.Value.Cumulative, lastYearMonth = v.Value.LastYearMonth, lastYearCumulative = v.Value.LastYearCumulative }),
        products = new[] { new { name = "电机", code = (string?)null, unit = "台", production = 10, sales = 8, closingStock = 2 } },
        explanations = new Dictionary<string, string> { ["assets-over-receivables"] = "集团往来" },
    };

    [Theory, Providers]
    public async Task An_enterprise_token_submits_with_the_same_checks_and_reads_only_its_own(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("api_e", 1);
        var other = await app.EnterpriseAsync("api_e", 2);
        var api = await app.TokenClientAsync(e.UserId);

        // An error: 400 keyed by indicator and column, nothing stored.
        var bad = await api.PutAsJsonAsync("/api/v1/reports/2021-08", Body(Complete(Industrial, August).With("revenue", V(-5, 800))));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Contains("不能为负数", (string)problem["errors"]!["values.revenue.month"]![0]!);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == e.Id)));

        // Saved, the warning explained, submitted.
        var ok = await api.PutAsJsonAsync("/api/v1/reports/2021-08", Body(Complete(Industrial, August).With("receivables", V(60_000, 60_000))));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var saved = (await ok.Content.ReadFromJsonAsync<ReportSaveDto>())!;
        Assert.Equal(("InReview", "钱七", "集团往来"), (saved.Report.Status, saved.Report.FillerName, saved.Report.Warnings.Single().Explanation));
        Assert.Equal(11.11m, saved.Report.Values["revenue"].CumulativeGrowth);
        // A stale version is a conflict.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutAsJsonAsync("/api/v1/reports/2021-08", Body(Complete(Industrial, August)))).StatusCode);

        var list = (await api.GetFromJsonAsync<ReportListDto>("/api/v1/reports?year=2021"))!;
        Assert.Equal([saved.Report.Id], list.Items.Select(i => i.Id));
        Assert.Empty((await api.GetFromJsonAsync<ReportListDto>("/api/v1/reports?status=Approved"))!.Items);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/reports?status=Nope")).StatusCode);
        var one = (await api.GetFromJsonAsync<ReportDto>($"/api/v1/reports/{saved.Report.Id}"))!;
        Assert.Equal((e.Id, "2021-08", 1), (one.EnterpriseId, one.Period, one.Products.Count));

        var otherApi = await app.TokenClientAsync(other.UserId);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/reports/{saved.Report.Id}")).StatusCode);
        Assert.Empty((await otherApi.GetFromJsonAsync<ReportListDto>("/api/v1/reports"))!.Items);
    }

    [Theory, Providers]
    public async Task Administrators_read_the_reports_of_their_region_only(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("api_adm", 1);
        var report = await ReportDetailTests.SubmittedAsync(app, e);
        var zj = await app.CreateAdministratorAsync("api_adm_zj", AdminLevel.Province, "330000");
        var ha = await app.CreateAdministratorAsync("api_adm_ha", AdminLevel.Province, "410000");

        var inside = await app.TokenClientAsync(zj.Id);
        Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync($"/api/v1/reports/{report.Id}")).StatusCode);
        Assert.Contains(report.Id, (await inside.GetFromJsonAsync<ReportListDto>("/api/v1/reports?year=2021&month=8&pageSize=200"))!.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await inside.PutAsJsonAsync("/api/v1/reports/2021-08", Body(Complete(Industrial, August)))).StatusCode);

        var outside = await app.TokenClientAsync(ha.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/api/v1/reports/{report.Id}")).StatusCode);
        Assert.DoesNotContain(report.Id, (await outside.GetFromJsonAsync<ReportListDto>("/api/v1/reports?pageSize=200"))!.Items.Select(i => i.Id));
        // The batch template lists the region's enterprises only.
        var template = await app.ReadAsync(await outside.GetByteArrayAsync("/api/v1/reports/template?period=2021-08"));
        Assert.DoesNotContain(e.CreditCode, template.Sheet("指标")!.Rows.Select(r => r["A"]?.Value as string));
    }

    [Theory, Providers]
    public async Task An_enterprise_downloads_its_template_and_imports_a_file_through_the_api(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.EnterpriseAsync("api_imp", 1);
        var api = await app.TokenClientAsync(e.UserId);
        var template = await api.GetAsync("/api/v1/reports/template?period=2021-08");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(IndicatorRows().Select(r => r[0]), (await app.ReadAsync(await template.Content.ReadAsByteArrayAsync())).Sheet("指标")!.Rows.Select(r => r["A"]!.Value));

        var rows = IndicatorRows();
        rows[0][3] = "１００";
        var refused = await api.PostAsync("/api/v1/reports/import", Form(await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, rows)), ("period", "2021-08"), ("fillerName", "孙八")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("工作表“指标”第 2 行第 D 列（本年本月）：“１００”含有全角字符", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["file"]![0]!);

        var imported = await api.PostAsync("/api/v1/reports/import", Form(await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, IndicatorRows())), ("period", "2021-08"), ("fillerName", "孙八")));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var report = (await imported.Content.ReadFromJsonAsync<ReportSaveDto>())!.Report;
        Assert.Equal(("Draft", "Import", "孙八"), (report.Status, report.FillMode, report.FillerName));

        // The import takes a personal access token only (no cookie-borne cross-site upload).
        var cookie = await app.ClientAsAsync("api_imp1");
        Assert.NotEqual(HttpStatusCode.OK, (await cookie.PostAsync("/api/v1/reports/import", Form(await app.BytesAsync(EnterpriseFile("2021-08", e.CreditCode, IndicatorRows())), ("period", "2021-08"), ("fillerName", "孙八")))).StatusCode);
    }
}
