using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>The report-types recipe step (REP-1): versions, a province's additions without code, bad definitions.</summary>
public class ReportTypesStepTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static async Task<RecipeResult> Apply(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    private static string Recipe(string step) => $$"""{ "name": "test", "steps": [ {{step}} ] }""";

    private static Task<List<ReportTypeVersion>> VersionsAsync(TestApp app, string type) =>
        app.WithDbAsync(db => db.Set<ReportTypeVersion>().AsNoTracking()
            .Where(v => db.Set<ReportType>().Any(t => t.Name == type && t.Id == v.ReportTypeId)).OrderBy(v => v.Number).ToListAsync());

    [Theory, Providers]
    public async Task The_national_recipe_defines_one_version_and_applying_it_again_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var version = Assert.Single(await VersionsAsync(app, "monthly"));
        Assert.Equal(1, version.Number);
        Assert.Equal(National.ToJson(), version.Json);
        Assert.Equal(0, (await Apply(app, Recipe(Step("national.recipe.json").ToJsonString()))).Changes);
        Assert.Single(await VersionsAsync(app, "monthly"));
    }

    [Theory, Providers]
    public async Task A_province_adds_an_indicator_and_a_rule_as_a_new_version_and_old_reports_keep_theirs(string provider)
    {
        await using var app = new TestApp(provider);
        var zj = await app.ApprovedEnterpriseAsync("rtp_zj", "浙江版本测试有限公司", Code("330102", 801));
        var hn = await app.ApprovedEnterpriseAsync("rtp_hn", "河南版本测试有限公司", Code("410102", 802), "410102");
        var july = new ReportPeriod(2021, 7);
        var key = new ReportKey(zj.Id, "monthly", july);
        var before = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key, new ReportEntry(Complete(Industrial, july), [], "张三", 0), zj.UserId));
        Assert.True(before.Succeeded);

        var step = Step(Path.Combine("provinces", "zhejiang.recipe.json")).ToJsonString();
        Assert.True((await Apply(app, Recipe(step))).Changes > 0);
        Assert.Equal(0, (await Apply(app, Recipe(step))).Changes); // identical content: no new version
        var versions = await VersionsAsync(app, "monthly");
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        var latest = ReportDefinition.FromJson(versions[1].Json);
        Assert.Equal(National.Indicators.Count + 1, latest.Indicators.Count);
        Assert.Equal(National.Rules.Count + 1, latest.Rules.Count);

        // A new report of a Zhejiang enterprise gets 研发费用 and its error rule; Henan's does not.
        var august = new ReportPeriod(2021, 8);
        var zjForm = (await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(new ReportKey(zj.Id, "monthly", august))))!;
        Assert.Equal(19, zjForm.Indicators.Count);
        Assert.Equal(18, (await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(new ReportKey(hn.Id, "monthly", august))))!.Indicators.Count);
        var wrong = Complete(Industrial, august).With("rdExpense", V(50, 10));
        var refused = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(new ReportKey(zj.Id, "monthly", august), new ReportEntry(wrong, [], "张三", 0), zj.UserId));
        Assert.Equal("zj-rd-cumulative", Assert.Single(refused.Errors).RuleId);

        // The July report was filled with version 1 and keeps it.
        var old = (await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(key)))!;
        Assert.Equal(versions[0].Id, old.VersionId);
        Assert.Equal(13, old.Indicators.Count);
        Assert.True((await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(key, new ReportEntry(Complete(Industrial, july), [], "李四", old.Version), zj.UserId))).Succeeded);
        Assert.Equal(versions[0].Id, (await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(key)))!.VersionId);

        // The national recipe again replaces the definition: a third version, without Zhejiang's additions.
        Assert.True((await Apply(app, Recipe(Step("national.recipe.json").ToJsonString()))).Changes > 0);
        Assert.Equal(3, (await VersionsAsync(app, "monthly")).Count);
    }

    public static TheoryData<string, string> BadSteps => new()
    {
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a-b", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].indicators[0].code: must be a code" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flux", "order": 1 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].indicators[0].kind: must be flow, stock or ratio" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 }, { "code": "a", "name": "B", "unit": "元", "kind": "flow", "order": 2 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].indicators[1].code: 'a' is listed twice" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "applies": "v.a.m > 0", "order": 1 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].indicators[0].applies: " },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ], "rules": [ { "id": "r", "severity": "warning", "expression": "v.a.c >= lastMonth.a.c", "message": "M" } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].rules[0].expression: " },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ], "rules": [ { "id": "r", "severity": "fatal", "expression": "true", "message": "M" } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].rules[0].severity: must be error or warning" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ], "rules": [ { "id": "r", "severity": "error", "expression": "while (true) {}", "message": "M" } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].rules[0].expression: " },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ], "rules": [ { "id": "r", "severity": "error", "expression": "true", "message": "M", "needs": ["nextYear"], "indicators": ["zz"] } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].rules[0].needs[0]: must be one of lastMonth, lastYear" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "quarterEndMonths": [2, 13], "indicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].quarterEndMonths[1]: must be a month 1 to 12" },
        { """{ "name": "report-types", "types": [ { "name": "x", "title": "X", "indicators": [] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].indicators: must list at least one indicator" },
        { """{ "name": "report-types", "types": [ { "name": "nowhere", "addIndicators": [ { "code": "a", "name": "A", "unit": "元", "kind": "flow", "order": 1 } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].name: report type 'nowhere' does not exist" },
        { """{ "name": "report-types", "types": [ { "name": "monthly", "title": "改名", "addRules": [] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].title: an addition (addIndicators/addRules) names the type and adds" },
        { """{ "name": "report-types", "types": [ { "name": "monthly", "addRules": [ { "id": "r", "severity": "warning", "expression": "v.nothing.m > 0 && lastYear.revenue.c > 0", "message": "M" } ] } ] }""",
          "step #1 (report-types) at $.steps[0].types[0].addRules[0].expression: " },
    };

    [Theory, Providers]
    public async Task Bad_definitions_say_where_and_why_and_change_nothing(string provider)
    {
        var app = apps.Get(provider);
        foreach (var (step, message) in BadSteps.Select(r => ((string)r[0], (string)r[1])))
        {
            var error = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Recipe(step)));
            Assert.StartsWith(message, error.Message);
        }
        Assert.Single(await VersionsAsync(app, "monthly"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ReportType>().CountAsync(t => t.Name == "x" || t.Name == "nowhere")));
    }
}
