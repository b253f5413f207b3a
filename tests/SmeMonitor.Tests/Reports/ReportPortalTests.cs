using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>
/// The enterprise portal's report pages: the 当期报送 wizard (REP-6: save, next, warnings confirmed with explanations, products,
/// questionnaires, submit; errors beside fields storing nothing; stale versions; read-only statuses) and 历史报送 (REP-10:
/// filters, the actions offered and refused, 撤销), and who may open them.
/// </summary>
public partial class ReportPortalTests(AppFixture apps) : IClassFixture<AppFixture>
{
    /// <summary>A past quarter-end month: 补报, 18 indicators for an industrial enterprise, and the assets balance checks apply.</summary>
    private static readonly ReportPeriod August = new(2021, 8);
    private static readonly string FillUrl = ReportUrls.Fill(August);

    private static async Task<(Enterprise Enterprise, HttpClient Client)> EnterpriseAsync(TestApp app, string user, int n)
    {
        var e = await app.ApprovedEnterpriseAsync(user, $"门户{n}测试有限公司", Code("330102", 900 + n));
        return (e, await app.ClientAsAsync(user));
    }

    /// <summary>The wizard's form as the browser posts it: every applicable indicator's four columns, the products, the filler.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string command, int step, int version,
        Dictionary<string, IndicatorValues>? values = null, Dictionary<string, string>? texts = null, IEnumerable<string?[]>? products = null,
        Dictionary<string, string>? explanations = null, string url = "", string filler = "王五")
    {
        url = url.Length == 0 ? FillUrl : url;
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(url)),
            new("command", command), new("step", step.ToString()), new("version", version.ToString()), new("filler", filler),
        };
        foreach (var (code, x) in values ?? [])
            foreach (var (key, value) in new[] { ("m", x.Month), ("c", x.Cumulative), ("lm", x.LastYearMonth), ("lc", x.LastYearCumulative) })
                form.Add(new($"v.{code}.{key}", value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        foreach (var (name, text) in texts ?? [])
        {
            form.RemoveAll(f => f.Key == name);
            form.Add(new(name, text));
        }
        var row = 0;
        foreach (var p in products ?? [])
        {
            string[] keys = ["name", "code", "unit", "production", "sales", "stock"];
            for (var k = 0; k < keys.Length; k++) form.Add(new($"p.{row}.{keys[k]}", p[k] ?? ""));
            row++;
        }
        foreach (var (rule, text) in explanations ?? []) form.Add(new($"explain.{rule}", text));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static Task<Report?> ReportAsync(TestApp app, long enterpriseId, ReportPeriod period) =>
        app.WithDbAsync(db => db.Set<Report>().AsNoTracking().Include(r => r.Values).Include(r => r.Products).Include(r => r.Confirmations)
            .FirstOrDefaultAsync(r => r.EnterpriseId == enterpriseId && r.Year == period.Year && r.Month == period.Month));

    private static int VersionOn(string html) => int.Parse(VersionField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    private static async Task<Report> SubmitAsync(TestApp app, Enterprise e, ReportPeriod period)
    {
        var key = new ReportKey(e.Id, "monthly", period);
        var saved = await app.WithAsync<ReportService, ReportResult>(s => s.NextAsync(key, new ReportEntry(Complete(Industrial, period), [], "王五", 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        var submitted = await app.WithAsync<ReportService, ReportResult>(s => s.SubmitAsync(key, saved.Report!.Version, e.UserId));
        Assert.True(submitted.Succeeded, string.Join(" ", submitted.Errors.Select(x => x.Message)));
        return submitted.Report!;
    }

    private static async Task<ResumeResult> ReviewAsync(TestApp app, long reportId, string action, string? reason = null)
    {
        // The review chain has a task per level with an administrator (REV-1); other tests of this shared app add
        // administrators, so "accept" is given at each level until the report leaves review.
        for (var levels = 1; ; levels++)
        {
            Assert.True(levels <= 4, "county, city, province and nation at most");
            var result = await app.RunAsync(r => r.ResumeAsync(ReportService.SubjectOf(reportId), action,
                new Dictionary<string, string?> { [ReportService.UserIdVariable] = "reviewer-1", [ReportService.ReasonVariable] = reason }));
            if (action != "accept" || result.Status != ResumeStatus.Resumed) return result;
            var status = await app.WithDbAsync(db => db.Set<Report>().Where(r => r.Id == reportId).Select(r => r.Status).SingleAsync());
            if (status != ReportStatus.InReview) return result;
        }
    }

    [Theory, Providers]
    public async Task The_wizard_shows_the_enterprise_the_applicable_indicators_the_rules_and_an_empty_questionnaire_step(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_show", 1);

        var current = ReportPeriod.Current(app.Clock);
        var first = await client.GetAsync(ReportUrls.FillCurrent);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(ReportUrls.Fill(current), first.Headers.Location!.OriginalString);

        var html = await client.GetStringAsync(FillUrl);
        Assert.Contains(e.Name, html);
        Assert.Contains("data-testid=\"change-link\"", html);
        Assert.Contains("href=\"/enterprise/registration\"", html);
        Assert.Equal(18, Regex.Matches(html, "data-indicator=\"").Count);
        Assert.Equal(18 * 4, Regex.Matches(html, "name=\"v\\.[A-Za-z]+\\.(m|c|lm|lc)\"").Count);
        Assert.Contains($"src=\"{SmeMonitor.Core.Scripting.RulesScript.Path}\"", html);
        Assert.Contains("/_content/SmeMonitor.Reports/report-wizard.js", html);
        Assert.Contains("assets-over-receivables", html); // the definition's rules, for the browser twin
        Assert.Contains("name=\"version\" value=\"0\"", html);
        Assert.DoesNotContain("data-testid=\"read-only\"", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/SmeMonitor.Reports/report-wizard.js")).StatusCode);

        var step4 = await client.GetStringAsync(ReportUrls.Fill(August, 4));
        Assert.Contains("本期没有需要填写的调查问卷。", step4);
        Assert.Contains("data-testid=\"submit\"", step4);
        Assert.Null(await ReportAsync(app, e.Id, August)); // opening creates nothing

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/enterprise/reports/2021-13/fill")).StatusCode);
        var menu = await client.GetStringAsync("/enterprise");
        Assert.Contains("href=\"/enterprise/reports\"", menu);
        Assert.Contains("href=\"/enterprise/reports/fill\"", menu);
        Assert.Contains($"href=\"{ReportUrls.Fill(current)}\"", menu); // the home page's period rows
    }

    [Theory, Providers]
    public async Task Values_of_last_years_approved_report_are_prefilled_and_marked_as_suggestions(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_prefill", 11);
        var lastYear = August.SameMonthLastYear;
        var approved = await SubmitAsync(app, e, lastYear);
        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, approved.Id, "accept")).Status);
        var revenue = Complete(Industrial, lastYear)["revenue"];

        var html = await client.GetStringAsync(ReportUrls.Fill(August, 2));
        var lm = Regex.Match(html, "<input[^>]*name=\"v\\.revenue\\.lm\"[^>]*>").Value;
        Assert.Contains("suggested", lm);
        Assert.Contains($"value=\"{revenue.Month}\"", lm);
        var m = Regex.Match(html, "<input[^>]*name=\"v\\.revenue\\.m\"[^>]*>").Value;
        Assert.DoesNotContain("suggested", m);
        Assert.DoesNotContain("value=", m); // blank: nothing typed, nothing to suggest
        Assert.Contains("建议值", html);
        Assert.Contains("\"lastYear\":{", html); // the approved report goes to the browser's rules too
        Assert.Contains("\"lastMonth\":null", html);
    }

    [Theory, Providers]
    public async Task Errors_are_shown_beside_their_fields_with_the_typed_text_and_nothing_is_stored(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_errors", 2);
        var values = Complete(Industrial, August);

        var thousands = await PostAsync(client, "save", 2, 0, values, new() { ["v.revenue.m"] = "1,000" });
        Assert.Equal(HttpStatusCode.OK, thousands.StatusCode);
        var html = await thousands.Content.ReadAsStringAsync();
        Assert.Contains("请不要输入千分位分隔符（逗号）。", html);
        Assert.Contains("value=\"1,000\"", html);
        Assert.Contains("is-invalid", html);

        var negative = await (await PostAsync(client, "next", 2, 0, values.With("revenue", V(-5, null)))).Content.ReadAsStringAsync();
        Assert.Contains("营业收入（本年本月）不能为负数。", negative);
        Assert.Contains("营业收入（本年1-本月）不能为空。", negative);
        Assert.Contains("value=\"-5\"", negative);

        var product = await (await PostAsync(client, "save", 3, 0, values, products: [["电机", "", "台", "0", "1", "1"]])).Content.ReadAsStringAsync();
        Assert.Contains("第1行产品：生产量应为正数（最多两位小数）。", product);

        var noFiller = await (await PostAsync(client, "save", 2, 0, values, filler: " ")).Content.ReadAsStringAsync();
        Assert.Contains("请填写填报人。", noFiller);
        Assert.Null(await ReportAsync(app, e.Id, August));
    }

    [Theory, Providers]
    public async Task A_whole_report_is_saved_warnings_are_explained_products_added_and_submitted_to_review(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_flow", 3);
        var values = Complete(Industrial, August);

        var saved = await PostAsync(client, "save", 2, 0, values);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(ReportUrls.Fill(August, 2), saved.Headers.Location!.OriginalString);
        var report = (await ReportAsync(app, e.Id, August))!;
        Assert.Equal((ReportStatus.Draft, "王五"), (report.Status, report.FillerName));
        var page = await client.GetStringAsync(ReportUrls.Fill(August, 2));
        Assert.Contains("已保存。", page);
        Assert.Equal(report.Version, VersionOn(page));

        // 下一步 with receivables above assets: saved, but the warning must be explained before moving on.
        var warned = values.With("receivables", V(60_000, 60_000));
        var next = await PostAsync(client, "next", 2, report.Version, warned);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var nextHtml = await next.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"warnings\"", nextHtml);
        Assert.Contains("name=\"explain.assets-over-receivables\"", nextHtml);
        var version = VersionOn(nextHtml);
        Assert.Equal(60_000, (await ReportAsync(app, e.Id, August))!.Values.Single(v => v.IndicatorCode == "receivables" && v.Column == ValueColumn.Cumulative).Value);

        var blank = await (await PostAsync(client, "confirm", 2, version, warned, explanations: new() { ["assets-over-receivables"] = " " })).Content.ReadAsStringAsync();
        Assert.Contains("请填写说明。", blank);
        Assert.Empty((await ReportAsync(app, e.Id, August))!.Confirmations);
        version = VersionOn(blank);

        var confirmed = await PostAsync(client, "confirm", 2, version, warned, explanations: new() { ["assets-over-receivables"] = "应收账款含集团往来" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(ReportUrls.Fill(August, 3), confirmed.Headers.Location!.OriginalString);
        Assert.Equal("应收账款含集团往来", (await ReportAsync(app, e.Id, August))!.Confirmations.Single().Explanation);

        // Products: add a row (nothing stored), then 下一步 stores it.
        version = VersionOn(await client.GetStringAsync(ReportUrls.Fill(August, 3)));
        var added = await (await PostAsync(client, "add-product", 3, version, warned)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"p.0.name\"", added);
        var toStep4 = await PostAsync(client, "next", 3, version, warned, products: [["电机", null, "台", "10", "8", "2"]]);
        Assert.Equal(ReportUrls.Fill(August, 4), toStep4.Headers.Location!.OriginalString);
        Assert.Equal("电机", (await ReportAsync(app, e.Id, August))!.Products.Single().Name);

        version = VersionOn(await client.GetStringAsync(ReportUrls.Fill(August, 4)));
        var submitted = await PostAsync(client, "submit", 4, version, warned, products: [["电机", null, "台", "10", "8", "2"]]);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal($"{ReportUrls.History}?year=2021", submitted.Headers.Location!.OriginalString);
        Assert.Equal(ReportStatus.InReview, (await ReportAsync(app, e.Id, August))!.Status);

        var history = await client.GetStringAsync(submitted.Headers.Location!.OriginalString);
        Assert.Contains("2021-08报表已上报，等待审核。", history);
        var row = Row(history, August);
        Assert.Contains("审核中", row);
        Assert.Contains("data-action=\"withdraw\"", row);

        // Now read-only, with the reason.
        var readOnly = await client.GetStringAsync(FillUrl);
        Assert.Contains("报表状态为“审核中”，不能修改。", readOnly);
        Assert.Contains("<fieldset disabled=\"disabled\">", readOnly);
    }

    [Theory, Providers]
    public async Task A_stale_version_is_told_the_report_changed_keeps_the_typed_values_and_stores_nothing(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_stale", 4);
        var values = Complete(Industrial, August);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "save", 2, 0, values)).StatusCode);
        var before = (await ReportAsync(app, e.Id, August))!;

        // A second window still at version 0 types another revenue.
        var stale = await PostAsync(client, "save", 2, 0, values.With("revenue", V(777, 777)));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"conflict\"", html);
        Assert.Contains("value=\"777\"", html);
        var after = (await ReportAsync(app, e.Id, August))!;
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Values, v => v.Value == 777);
    }

    [Theory, Providers]
    public async Task A_frozen_current_report_is_read_only_with_the_reason_and_a_post_stores_nothing(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_frozen", 5);
        await app.SetAsync(e.Id, x => x.ReportFrozen = true);
        var current = ReportPeriod.Current(app.Clock);
        var url = ReportUrls.Fill(current);

        var html = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"read-only\"", html);
        Assert.Contains("报表已冻结", html);
        Assert.DoesNotContain("value=\"save\"", html);

        var post = await PostAsync(client, "save", 2, 0, Complete(Industrial, current), url: url);
        Assert.Contains("报表已冻结", await post.Content.ReadAsStringAsync());
        Assert.Null(await ReportAsync(app, e.Id, current));
        // Past periods stay open (补报).
        Assert.DoesNotContain("data-testid=\"read-only\"", await client.GetStringAsync(FillUrl));
        var row = Row(await client.GetStringAsync(ReportUrls.History), current);
        Assert.Contains("冻结", row);
        Assert.DoesNotContain("data-action=", row);
    }

    private static string Row(string html, ReportPeriod period)
    {
        var start = html.IndexOf($"data-period=\"{period}\"", StringComparison.Ordinal);
        Assert.True(start > 0, $"No row for {period}.");
        var end = html.IndexOf("data-period=\"", start + 10, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    [Theory, Providers]
    public async Task History_filters_by_year_and_status_and_offers_exactly_the_allowed_actions(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_history", 6);
        var (july, june, may) = (new ReportPeriod(2021, 7), new ReportPeriod(2021, 6), new ReportPeriod(2021, 5));
        await SubmitAsync(app, e, August);
        var key = new ReportKey(e.Id, "monthly", july);
        Assert.True((await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key, new ReportEntry(Complete(Industrial, july), [], "王五", 0), e.UserId))).Succeeded);
        var returned = await SubmitAsync(app, e, june);
        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, returned.Id, "return", "用电量与上月差异过大")).Status);
        var approved = await SubmitAsync(app, e, may);
        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, approved.Id, "accept")).Status);

        var current = ReportPeriod.Current(app.Clock);
        var byDefault = await client.GetStringAsync(ReportUrls.History);
        Assert.Contains($"<option value=\"{current.Year}\" selected=\"selected\">", byDefault);
        Assert.Contains("data-action=\"edit\"", Row(byDefault, current));
        Assert.DoesNotContain("data-period=\"2021-08\"", byDefault);

        var year = await client.GetStringAsync($"{ReportUrls.History}?year=2021");
        Assert.Equal(12, Regex.Matches(year, "data-period=\"2021-").Count);
        var august = Row(year, August);
        Assert.Contains("审核中（县/区级）", august);
        Assert.Contains("data-action=\"withdraw\"", august);
        Assert.Contains("data-action=\"view\"", august);
        Assert.Contains($"href=\"{ReportUrls.Detail(August)}\"", august);
        Assert.DoesNotContain("data-action=\"supplement\"", august);
        var julyRow = Row(year, july);
        Assert.Contains("编辑", julyRow);
        Assert.Contains("data-action=\"supplement\"", julyRow);
        Assert.Contains("data-action=\"view\"", julyRow);
        Assert.DoesNotContain("data-action=\"withdraw\"", julyRow);
        var juneRow = Row(year, june);
        Assert.Contains("data-action=\"return-reason\"", juneRow);
        Assert.Contains("用电量与上月差异过大", juneRow);
        Assert.Contains("data-action=\"supplement\"", juneRow);
        var mayRow = Row(year, may);
        Assert.Contains("审核通过", mayRow);
        Assert.Single(Regex.Matches(mayRow, "data-action="));
        var aprilRow = Row(year, new ReportPeriod(2021, 4));
        Assert.Contains("未填报", aprilRow);
        Assert.Single(Regex.Matches(aprilRow, "data-action=\"supplement\""));
        Assert.DoesNotContain("data-action=\"view\"", aprilRow);

        var inReview = await client.GetStringAsync($"{ReportUrls.History}?all=true&status=InReview");
        Assert.Single(Regex.Matches(inReview, "data-period=\""));
        Assert.Contains("data-period=\"2021-08\"", inReview);
        var unfilled = await client.GetStringAsync($"{ReportUrls.History}?year=2021&status=Unfilled");
        Assert.Equal(8, Regex.Matches(unfilled, "data-period=\"").Count);

        // The list service directly: scoped to the enterprise, paged across years.
        var all = await app.WithAsync<ReportHistory, ReportHistoryPage>(h => h.ListAsync(e, new ReportHistoryFilter(AllYears: true, PageSize: 10, Page: 2)));
        Assert.Equal(current.Index - ReportHistory.FirstPeriod.Index + 1, all.Total);
        Assert.Equal(10, all.Items.Count);
        Assert.Equal(current.Index - 10, all.Items[0].Period.Index);
        var (other, _) = await EnterpriseAsync(app, "rp_history_other", 7);
        var theirs = await app.WithAsync<ReportHistory, ReportHistoryPage>(h => h.ListAsync(other, new ReportHistoryFilter(Year: 2021)));
        Assert.All(theirs.Items, r => Assert.Null(r.Status));
    }

    [Theory, Providers]
    public async Task Withdraw_returns_a_report_to_editing_and_is_refused_once_an_administrator_acted(string provider)
    {
        var app = apps.Get(provider);
        var (e, client) = await EnterpriseAsync(app, "rp_withdraw", 8);
        var report = await SubmitAsync(app, e, August);
        var url = $"/enterprise/reports/{August}/withdraw";
        var history = $"{ReportUrls.History}?year=2021";

        async Task<HttpResponseMessage> WithdrawAsync(int version) => await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(history), ["version"] = version.ToString(),
        }));

        var withdrawn = await WithdrawAsync(report.Version);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(ReportStatus.Draft, (await ReportAsync(app, e.Id, August))!.Status);
        var page = await client.GetStringAsync(history);
        Assert.Contains("2021-08报表已撤销，可以修改后重新上报。", page);
        Assert.Contains("data-action=\"supplement\"", Row(page, August));

        // Submitted again and accepted by a reviewer: 撤销 is no longer offered, and a post is refused.
        var again = (await ReportAsync(app, e.Id, August))!;
        var resubmitted = await app.WithAsync<ReportService, ReportResult>(s => s.SubmitAsync(new ReportKey(e.Id, "monthly", August), again.Version, e.UserId));
        Assert.True(resubmitted.Succeeded);
        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, report.Id, "accept")).Status);
        var accepted = (await ReportAsync(app, e.Id, August))!;
        Assert.DoesNotContain("data-action=\"withdraw\"", Row(await client.GetStringAsync(history), August));
        var refused = await WithdrawAsync(accepted.Version);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("不能撤销", await client.GetStringAsync(history));
        Assert.Equal(ReportStatus.Approved, (await ReportAsync(app, e.Id, August))!.Status);

        // Without the antiforgery token nothing happens.
        var forged = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = accepted.Version.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Theory, Providers]
    public async Task Administrators_and_accounts_without_an_enterprise_are_refused_and_an_enterprise_reaches_only_its_own_reports(string provider)
    {
        var app = apps.Get(provider);
        var (owner, _) = await EnterpriseAsync(app, "rp_owner", 9);
        await SubmitAsync(app, owner, August);
        await app.CreateAdministratorAsync("rp_admin", AdminLevel.County, "330102");
        await app.CreateUserAsync("rp_nobody");
        var admin = await app.ClientAsAsync("rp_admin");
        var nobody = await app.ClientAsAsync("rp_nobody");

        foreach (var path in new[] { FillUrl, ReportUrls.History, ReportUrls.FillCurrent })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync(path)).StatusCode);
        }
        Assert.DoesNotContain("href=\"/enterprise/reports\"", await admin.GetStringAsync("/"));
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(FillUrl)).StatusCode);

        // Another enterprise sees its own (empty) August, and its posts reach only its own report.
        var (other, client) = await EnterpriseAsync(app, "rp_other", 10);
        var html = await client.GetStringAsync(FillUrl);
        Assert.DoesNotContain(owner.Name, html);
        Assert.Contains("name=\"version\" value=\"0\"", html);
        var withdraw = await client.PostAsync($"/enterprise/reports/{August}/withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await client.AntiforgeryTokenAsync(ReportUrls.History), ["version"] = "2",
        }));
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.Equal(ReportStatus.InReview, (await ReportAsync(app, owner.Id, August))!.Status);
        Assert.Null(await ReportAsync(app, other.Id, August));
    }
}
