using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>
/// The dashboard's rule editor (REP-1, /admin/report-types): rules added, edited and deleted as new versions, bad rules refused
/// beside their field with nothing stored, stale versions refused keeping what was typed, only national administrators with
/// Reports.EditRules, and reports keeping the version they were filled with.
/// </summary>
public partial class ReportRuleEditorTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const string Root = "/admin/report-types";
    private const string Monthly = Root + "/monthly";
    private static readonly ReportPeriod August = new(2021, 8);

    /// <summary>A rule that the complete reports of <see cref="ReportsKit.Complete"/> (100 employees) break.</summary>
    private static Dictionary<string, string> EmployeesRule(string id = "test-employees-max") => new()
    {
        ["id"] = id, ["severity"] = "error", ["expression"] = "isBlank(v.employees.m) || v.employees.m < 50",
        ["message"] = "从业人员不能超过50人。", ["messageEn"] = "At most 50 employees.", ["indicators"] = "employees",
    };

    private static async Task<HttpClient> NationalAsync(TestApp app, string name)
    {
        await app.CreateAdministratorAsync(name, AdminLevel.Nation, RegionScope.NationCode);
        return await app.ClientAsAsync(name);
    }

    private static Task<int> TypeVersionAsync(TestApp app) =>
        app.WithDbAsync(db => db.Set<ReportType>().Where(t => t.Name == "monthly").Select(t => t.Version).SingleAsync());

    private static Task<int> VersionCountAsync(TestApp app) =>
        app.WithDbAsync(db => db.Set<ReportTypeVersion>().CountAsync(v => v.ReportTypeId == db.Set<ReportType>().Single(t => t.Name == "monthly").Id));

    private static Task<ReportDefinition> CurrentAsync(TestApp app) =>
        app.WithAsync<ReportTypeService, ReportDefinition>(async s => (await s.FindAsync("monthly"))!.Definition);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, int version,
        string? token = null, params string[] needs)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        form.Add(new("version", version.ToString()));
        form.Add(new("__RequestVerificationToken", token ?? await client.AntiforgeryTokenAsync(Monthly)));
        form.AddRange(needs.Select(n => new KeyValuePair<string, string>("needs", n)));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [Theory, Providers]
    public async Task A_rule_is_added_edited_and_deleted_each_save_a_new_audited_version(string provider)
    {
        var app = apps.Get(provider);
        using var client = await NationalAsync(app, $"rules_n1_{provider}");
        var list = await client.GetStringAsync(Root);
        Assert.Contains("中小企业经济指标月报", list);
        Assert.Contains("href=\"/admin/report-types/monthly\"", list);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(Monthly));
        Assert.Contains("output-january", page);
        Assert.Contains("资产总计", page); // indicators, read-only
        Assert.Contains("/admin/report-types", await client.GetStringAsync("/admin")); // the menu item

        var versions = await VersionCountAsync(app);
        var added = await PostAsync(client, Monthly + "/rules", new(EmployeesRule("test-added")) { ["command"] = "save" }, await TypeVersionAsync(app));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{Monthly}?saved={versions + 1}", added.Headers.Location!.OriginalString);
        Assert.Contains("已保存为第", await client.GetStringAsync(added.Headers.Location.OriginalString));
        var rule = (await CurrentAsync(app)).Rules[^1];
        Assert.Equal(("test-added", RuleSeverity.Error, "employees"), (rule.Id, rule.Severity, Assert.Single(rule.Indicators)));

        // Edit in place (renamed, now a warning that needs last month), then delete.
        var position = (await CurrentAsync(app)).Rules.Count - 1;
        var edited = await PostAsync(client, Monthly + "/rules", new(EmployeesRule("test-edited"))
        {
            ["originalId"] = "test-added", ["severity"] = "warning", ["message"] = "从业人员比上月变化过大。",
            ["expression"] = "isBlank(v.employees.m) || isBlank(lastMonth.employees.m) || v.employees.m < lastMonth.employees.m * 2",
        }, await TypeVersionAsync(app), null, "lastMonth");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var definition = await CurrentAsync(app);
        Assert.DoesNotContain(definition.Rules, r => r.Id == "test-added");
        var changed = definition.Rules[position];
        Assert.Equal(("test-edited", RuleSeverity.Warning, "从业人员比上月变化过大。", "lastMonth"),
            (changed.Id, changed.Severity, changed.Message, Assert.Single(changed.Needs)));

        var deleted = await PostAsync(client, Monthly + "/rules/delete", new() { ["id"] = "test-edited" }, await TypeVersionAsync(app));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain((await CurrentAsync(app)).Rules, r => r.Id == "test-edited");
        Assert.Equal(versions + 3, await VersionCountAsync(app));

        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.EntityType == "ReportType" && a.EntityId == "monthly")
            .Select(a => new { a.Action, a.Details }).ToListAsync());
        Assert.Single(audit, a => a.Action == "report-type.rule.add" && a.Details!.Contains("\"rule\":\"test-added\""));
        Assert.Single(audit, a => a.Action == "report-type.rule.edit" && a.Details!.Contains("\"rule\":\"test-edited\",\"was\":\"test-added\""));
        Assert.Single(audit, a => a.Action == "report-type.rule.delete" && a.Details!.Contains("\"rule\":\"test-edited\""));

        // 检查规则 only checks: nothing stored.
        var check = await PostAsync(client, Monthly + "/rules", new(EmployeesRule("test-checked")) { ["command"] = "check" }, await TypeVersionAsync(app));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("检查通过", await HtmlAsync(check));
        Assert.Equal(versions + 3, await VersionCountAsync(app));
    }

    [Theory, Providers]
    public async Task A_bad_rule_is_refused_beside_its_field_in_Chinese_and_English_and_nothing_is_stored(string provider)
    {
        var app = apps.Get(provider);
        using var client = await NationalAsync(app, $"rules_n2_{provider}");
        var versions = await VersionCountAsync(app);
        var version = await TypeVersionAsync(app);

        var bad = await PostAsync(client, Monthly + "/rules", new()
        {
            ["id"] = "output-january", ["severity"] = "error", ["expression"] = "v.revenue.m > 0 && eval('1')", ["message"] = " ",
            ["indicators"] = "revenue, nothing", ["applies"] = "v.revenue.m > 0", ["command"] = "save",
        }, version);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await HtmlAsync(bad);
        Assert.Contains("已有编号为“output-january”的规则。", html);
        Assert.Contains("请填写提示信息。", html);
        Assert.Contains("“nothing”不是本报表的指标。", html);
        Assert.Matches("data-field=\"Expression\">[^<]*eval", html); // the whitelist's message, beside the field
        Assert.Matches("data-field=\"Applies\">[^<]+<", html); // v is not available to "applies"
        Assert.Contains("v.revenue.m > 0 && eval('1')</textarea>", html); // what was typed is kept

        var unknown = await PostAsync(client, Monthly + "/rules?culture=en", new(EmployeesRule("test-unknown"))
        {
            ["expression"] = "v.employes.m < 50", ["command"] = "save",
        }, version);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("“employes” in the expression is not an indicator of this report type.", await HtmlAsync(unknown));
        var lastYearUnticked = await PostAsync(client, Monthly + "/rules", new(EmployeesRule("test-needs"))
        {
            ["expression"] = "isBlank(lastYear) || v.employees.m > 0", ["command"] = "save",
        }, version);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lastYearUnticked.StatusCode); // lastYear only when ticked
        var duplicateEn = await PostAsync(client, Monthly + "/rules?culture=en", new(EmployeesRule("output-january")) { ["message"] = "", ["command"] = "check" }, version);
        var en = await HtmlAsync(duplicateEn);
        Assert.Contains("There is already a rule with the id “output-january”.", en);
        Assert.Contains("Enter the message.", en);
        Assert.Equal(versions, await VersionCountAsync(app));
        Assert.Equal(version, await TypeVersionAsync(app));

        var english = WebUtility.HtmlDecode(await client.GetStringAsync(Monthly + "?culture=en"));
        foreach (var text in new[] { "Add a rule", "Rule id", "Save as a new version", "Check the rule", "Earlier reports needed", "Indicator code" })
            Assert.Contains(text, english);
        Assert.Contains("Report types and rules", WebUtility.HtmlDecode(await client.GetStringAsync(Root + "?culture=en")));
    }

    [Theory, Providers]
    public async Task A_save_from_a_stale_version_is_refused_keeping_what_was_typed(string provider)
    {
        var app = apps.Get(provider);
        using var first = await NationalAsync(app, $"rules_n3_{provider}");
        using var second = await NationalAsync(app, $"rules_n4_{provider}");
        var opened = await TypeVersionAsync(app); // both opened the page at this version
        var saved = await PostAsync(first, Monthly + "/rules", new(EmployeesRule($"test-first-{provider}")) { ["command"] = "save" }, opened);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var versions = await VersionCountAsync(app);
        var current = await CurrentAsync(app);

        var stale = await PostAsync(second, Monthly + "/rules", new(EmployeesRule($"test-second-{provider}"))
        {
            ["message"] = "第二位管理员的规则。", ["command"] = "save",
        }, opened);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await HtmlAsync(stale);
        Assert.Contains("其他管理员已修改了本报表的规则，您的更改未保存。", html);
        Assert.Contains("value=\"第二位管理员的规则。\"", html);
        Assert.Contains($"test-first-{provider}", html); // the current rules, with the other administrator's change
        Assert.Equal(await TypeVersionAsync(app), int.Parse(VersionField().Match(html).Groups[1].Value));
        Assert.Equal(versions, await VersionCountAsync(app));
        Assert.Equal(current, await CurrentAsync(app), DefinitionComparer.Instance);

        var staleDelete = await PostAsync(second, Monthly + "/rules/delete", new() { ["id"] = "output-january" }, opened);
        Assert.Equal(HttpStatusCode.Conflict, staleDelete.StatusCode);
        Assert.Contains(current.Rules, r => r.Id == "output-january");
        Assert.Equal(versions, await VersionCountAsync(app));

        // The service refuses the same way (nothing stored, not even an orphan version row).
        var result = await app.WithAsync<ReportRuleEditor, RuleEditResult>(e =>
            e.SaveRuleAsync("monthly", null, new RuleInput("test-service", "error", "v.employees.m < 50", "过多。", null, [], null, null), opened));
        Assert.Equal(RuleEditOutcome.Conflict, result.Outcome);
        Assert.Equal(versions, await VersionCountAsync(app));
    }

    [Theory, Providers]
    public async Task Only_national_administrators_with_the_grant_open_or_change_the_rules(string provider)
    {
        var app = apps.Get(provider);
        using var national = await NationalAsync(app, $"rules_n5_{provider}");
        await app.CreateAdministratorAsync($"rules_p_{provider}", AdminLevel.Province, "330000"); // holds Reports.EditRules through its role
        using var province = await app.ClientAsAsync($"rules_p_{provider}");
        var noGrant = await app.CreateUserAsync($"rules_g_{provider}");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
            db.Add(new Administrator { UserId = noGrant.Id, Level = AdminLevel.Nation, RegionCode = RegionScope.NationCode, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        using var withoutGrant = await app.ClientAsAsync(noGrant.UserName!);
        await app.ApprovedEnterpriseAsync($"rules_e_{provider}", $"规则{provider}测试有限公司", Code("330102", provider == "sqlite" ? 951 : 952));
        using var enterprise = await app.ClientAsAsync($"rules_e_{provider}");

        var versions = await VersionCountAsync(app);
        var version = await TypeVersionAsync(app);
        foreach (var client in new[] { province, withoutGrant })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Root)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Monthly)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Monthly + "?edit=output-january")).StatusCode);
            Assert.DoesNotContain("/admin/report-types", await client.GetStringAsync("/admin")); // no menu item
            var token = await client.AntiforgeryTokenAsync("/admin"); // a valid token of their own
            Assert.Equal(HttpStatusCode.Forbidden,
                (await PostAsync(client, Monthly + "/rules", new(EmployeesRule()) { ["command"] = "save" }, version, token)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await PostAsync(client, Monthly + "/rules/delete", new() { ["id"] = "output-january" }, version, token)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync(Monthly)).StatusCode);
        // The super administrator holds every permission and is no regional administrator: it may edit.
        await app.CreateUserAsync($"rules_s_{provider}", null, PermissionClaims.SuperAdminRole);
        using var superAdmin = await app.ClientAsAsync($"rules_s_{provider}");
        Assert.Equal(HttpStatusCode.OK, (await superAdmin.GetAsync(Monthly)).StatusCode);
        Assert.Contains("/admin/report-types", await superAdmin.GetStringAsync("/admin"));

        // Antiforgery: a national administrator's post without the token changes nothing.
        var noToken = await national.PostAsync(Monthly + "/rules", new FormUrlEncodedContent(new Dictionary<string, string>(EmployeesRule())
        {
            ["version"] = version.ToString(), ["command"] = "save",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(versions, await VersionCountAsync(app));
        Assert.Equal(HttpStatusCode.NotFound, (await national.GetAsync(Root + "/no-such-type")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await national.GetAsync(Monthly + "?edit=no-such-rule")).StatusCode);
    }

    [Theory, Providers]
    public async Task A_report_keeps_its_version_after_a_rule_edit_and_new_reports_are_checked_with_the_new_one(string provider)
    {
        await using var app = new TestApp(provider);
        var key = (long enterpriseId) => new ReportKey(enterpriseId, "monthly", August);
        var old = await app.ApprovedEnterpriseAsync("pin_old", "版本旧报表测试有限公司", Code("330102", 961));
        var fresh = await app.ApprovedEnterpriseAsync("pin_new", "版本新报表测试有限公司", Code("330102", 962));
        var before = (await app.WithAsync<ReportTypeService, CurrentReportType?>(s => s.FindAsync("monthly")))!;
        var saved = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key(old.Id), new ReportEntry(Complete(Industrial, August), [], "张三", 0), old.UserId));
        Assert.True(saved.Succeeded);
        Assert.Equal(before.VersionId, saved.Report!.ReportTypeVersionId);

        using var admin = await NationalAsync(app, "pin_admin");
        var edit = await PostAsync(admin, Monthly + "/rules", new(EmployeesRule()) { ["command"] = "save" }, before.Type.Version);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var after = (await app.WithAsync<ReportTypeService, CurrentReportType?>(s => s.FindAsync("monthly")))!;
        Assert.NotEqual(before.VersionId, after.VersionId);
        var numbers = await app.WithDbAsync(db => db.Set<ReportTypeVersion>().Where(v => v.Id == before.VersionId || v.Id == after.VersionId)
            .OrderBy(v => v.Number).Select(v => v.Number).ToListAsync());
        Assert.Equal(numbers[0] + 1, numbers[1]);

        // The old report is saved again with the same 100 employees: its version N knows no such rule.
        var again = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key(old.Id), new ReportEntry(Complete(Industrial, August), [], "张三", saved.Report.Version), old.UserId));
        Assert.True(again.Succeeded, string.Join(" ", again.Errors.Select(e => e.Message)));
        Assert.Equal(before.VersionId, again.Report!.ReportTypeVersionId);

        // A new report gets N+1, and the edited rule refuses it on the server.
        var refused = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key(fresh.Id), new ReportEntry(Complete(Industrial, August), [], "李四", 0), fresh.UserId));
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Errors, e => e.Message == "从业人员不能超过50人。");
        var accepted = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key(fresh.Id),
            new ReportEntry(Complete(Industrial, August).With("employees", V(40, 40, 40, 40)), [], "李四", 0), fresh.UserId));
        Assert.True(accepted.Succeeded, string.Join(" ", accepted.Errors.Select(e => e.Message)));
        Assert.Equal(after.VersionId, accepted.Report!.ReportTypeVersionId);

        // The wizard serves each report its own rules for the browser.
        var third = await app.ApprovedEnterpriseAsync("pin_third", "版本第三测试有限公司", Code("330102", 963));
        using var oldClient = await app.ClientAsAsync("pin_old");
        using var thirdClient = await app.ClientAsAsync("pin_third");
        Assert.DoesNotContain("test-employees-max", await oldClient.GetStringAsync(ReportUrls.Fill(August)));
        Assert.Contains("test-employees-max", await thirdClient.GetStringAsync(ReportUrls.Fill(August)));
    }

    /// <summary>Definitions hold lists, so records compare them by reference; compare the normalized JSON.</summary>
    private sealed class DefinitionComparer : IEqualityComparer<ReportDefinition>
    {
        public static readonly DefinitionComparer Instance = new();
        public bool Equals(ReportDefinition? x, ReportDefinition? y) => x?.ToJson() == y?.ToJson();
        public int GetHashCode(ReportDefinition d) => d.ToJson().GetHashCode();
    }
}
