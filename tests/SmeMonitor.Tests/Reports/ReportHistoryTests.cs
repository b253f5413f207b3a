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

/// <summary>The data generator: its reports pass the national checks except its deliberate mistakes, and add up; the writer and the report-history step.</summary>
public class ReportHistoryTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static readonly ReportHistoryGenerator Generator = new(Checker);
    private static readonly ReportPeriod Start = new(2020, 1);
    private static readonly EnterpriseFacts Shop = Industrial with { Section = "F", IndustryCode = "5211" };

    public static TheoryData<string, int> Enterprises => new() { { "C", 1 }, { "A", 2 }, { "F", 3 }, { "D", 4 }, { "C", 5 } };

    /// <summary>Checks every report as the service would: last month's and last year's reports are the generated (approved) ones.</summary>
    private static List<(GeneratedReport Report, ReportCheck Check)> CheckAll(EnterpriseFacts facts, IReadOnlyList<GeneratedReport> reports) =>
        [.. reports.Select((r, i) => (r, Checker.Check(new ReportCheckInput(National, facts, r.Period, r.Values, [],
            i > 0 ? reports[i - 1].Values : null, i >= 12 ? reports[i - 12].Values : null), warnings: true)))];

    [Theory, MemberData(nameof(Enterprises))]
    public void Clean_history_passes_every_national_rule(string section, int seed)
    {
        var facts = Industrial with { Section = section };
        var reports = Generator.Generate(National, facts, Start, 36, seed);
        Assert.Equal(36, reports.Count);
        foreach (var (report, check) in CheckAll(facts, reports))
        {
            Assert.Empty(check.Errors);
            Assert.Empty(check.Warnings);
            Assert.Empty(report.Violations);
            Assert.Equal(Checker.Applicable(National, facts, report.Period).Select(i => i.Code).Order(), report.Values.Keys.Order());
        }
    }

    [Theory, MemberData(nameof(Enterprises))]
    public void Deliberate_mistakes_raise_exactly_their_documented_warnings(string section, int seed)
    {
        var facts = Industrial with { Section = section };
        var reports = Generator.Generate(National, facts, Start, 36, seed, violationRate: 0.25);
        var checks = CheckAll(facts, reports);
        foreach (var (report, check) in checks)
        {
            Assert.Empty(check.Errors);
            Assert.Equal(report.ExpectedWarnings.Order(), check.Warnings.Select(w => w.RuleId!).Order());
        }
        Assert.Contains(reports, r => r.Violations.Contains(HistoryViolation.ReceivablesOverAssets));
        Assert.Contains(reports, r => r.Violations.Contains(HistoryViolation.RevenueCumulativeDrop));
        // A mistake carries into next year's last-year columns.
        Assert.Contains(reports, r => r.ExpectedWarnings.Any(w => w.EndsWith("last-year") || w == "revenue-last-year-cumulative"));
        Assert.Empty(reports[0].Violations);
    }

    [Fact]
    public void Cumulatives_add_up_last_year_columns_are_last_years_values_and_balances_hold()
    {
        var reports = Generator.Generate(National, Industrial, Start, 36, seed: 7, violationRate: 0.1);
        var flows = National.Indicators.Where(i => i.Kind == IndicatorKind.Flow).Select(i => i.Code).ToHashSet();
        for (var i = 0; i < reports.Count; i++)
        {
            var (r, previous) = (reports[i], i > 0 ? reports[i - 1] : null);
            foreach (var (code, x) in r.Values)
            {
                Assert.True(x.Month is not null && x.Cumulative is not null && x.LastYearMonth is not null && x.LastYearCumulative is not null, $"{r.Period} {code}");
                foreach (var column in IndicatorValues.Columns)
                    Assert.Equal(Math.Round(x[column]!.Value, 2), x[column]);
                if (National.FindIndicator(code)!.NonNegative) Assert.True(x.Month >= 0 && x.Cumulative >= 0, $"{r.Period} {code}");
                // Last year's columns are last year's report as it was written.
                if (i >= 12)
                {
                    Assert.Equal(reports[i - 12].Values[code].Month, x.LastYearMonth);
                    Assert.Equal(reports[i - 12].Values[code].Cumulative, x.LastYearCumulative);
                }
                if (!flows.Contains(code)) continue;
                var revenueMistake = code == "revenue" && (r.Violations.Contains(HistoryViolation.RevenueCumulativeDrop)
                                                          || previous?.Violations.Contains(HistoryViolation.RevenueCumulativeDrop) == true);
                if (r.Period.IsJanuary) Assert.Equal(x.Month, x.Cumulative);
                else if (previous!.Values.TryGetValue(code, out var before) && !revenueMistake) Assert.Equal(before.Cumulative + x.Month, x.Cumulative);
            }
            if (r.Values.TryGetValue("assets", out var assets) && !r.Violations.Contains(HistoryViolation.ReceivablesOverAssets))
            {
                Assert.True(assets.Cumulative > r.Values["receivables"].Cumulative);
                Assert.True(assets.Cumulative > r.Values["finishedGoods"].Cumulative);
            }
            Assert.Equal(r.Period.Month is 2 or 5 or 8 or 11 or 12, r.Values.ContainsKey("assets"));
        }
        // Quarter-end-only flows (应付职工薪酬) still sum every month of the year: March = its own months plus January and February.
        var year = reports.Where(r => r.Period.Year == 2021).ToList();
        Assert.True(year.Single(r => r.Period.Month == 5).Values["payroll"].Cumulative > year.Single(r => r.Period.Month == 2).Values["payroll"].Cumulative);
    }

    [Fact]
    public void Same_seed_same_data_and_realistic_growth()
    {
        var a = Generator.Generate(National, Shop, Start, 24, seed: 11);
        var b = Generator.Generate(National, Shop, Start, 24, seed: 11);
        var c = Generator.Generate(National, Shop, Start, 24, seed: 12);
        Assert.Equal(a.SelectMany(r => r.Values).Select(kv => (kv.Key, kv.Value)), b.SelectMany(r => r.Values).Select(kv => (kv.Key, kv.Value)));
        Assert.NotEqual(a[0].Values["revenue"], c[0].Values["revenue"]);
        foreach (var seed in Enumerable.Range(1, 30))
        {
            var december = Generator.Generate(National, Shop, Start, 12, seed)[11].Values["revenue"];
            var growth = (double)(december.Cumulative! / december.LastYearCumulative!) - 1;
            Assert.InRange(growth, -0.2, 0.2);
        }
    }

    [Theory, Providers]
    public async Task The_writer_stores_approved_reports_that_prefill_the_next_month_and_is_idempotent(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("hist_u1", "历史数据测试有限公司", Code("330102", 901));
        var first = new ReportPeriod(2020, 1);
        var written = await app.WithAsync<ReportHistoryWriter, HistoryWritten>(w => w.WriteAsync("monthly", first, 24, 3, 0.1, [e.Id]));
        Assert.Equal((1, 24), (written.Enterprises, written.Reports));
        var stored = await app.WithDbAsync(db => db.Set<Report>().AsNoTracking().Include(r => r.Values).Include(r => r.Transitions).Include(r => r.Confirmations)
            .Where(r => r.EnterpriseId == e.Id).OrderBy(r => r.Year).ThenBy(r => r.Month).ToListAsync());
        Assert.Equal(24, stored.Count);
        Assert.All(stored, r => Assert.Equal(ReportStatus.Approved, r.Status));
        Assert.All(stored, r => Assert.Equal([ReportStatus.Draft, ReportStatus.InReview, ReportStatus.Approved], r.Transitions.OrderBy(t => t.At).Select(t => t.To)));
        Assert.Equal(written.Values, stored.Sum(r => r.Values.Count));
        Assert.Equal(written.Violations > 0, stored.Any(r => r.Confirmations.Count > 0));

        // The month after the history: last month's and last year's approved values are prefilled.
        var form = await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(new ReportKey(e.Id, "monthly", new ReportPeriod(2022, 1))));
        Assert.NotNull(form!.LastMonth);
        Assert.NotNull(form.LastYear);
        var januaryLastYear = IndicatorValues.From(stored.Single(r => r.Year == 2021 && r.Month == 1).Values);
        Assert.Equal(januaryLastYear["revenue"].Cumulative, form.Suggested["revenue"].LastYearCumulative);

        var again = await app.WithAsync<ReportHistoryWriter, HistoryWritten>(w => w.WriteAsync("monthly", first, 24, 3, 0.1, [e.Id]));
        Assert.Equal(0, again.Reports);
    }

    [Theory, Providers]
    public async Task The_report_history_step_fills_up_to_last_month_and_leaves_the_current_period_unfilled(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("hist_u2", "历史步骤测试有限公司", Code("330102", 902));
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(
                """{ "name": "history", "steps": [ { "name": "report-history", "type": "monthly", "years": 1, "seed": 5 } ] }""", null);
        }
        var current = ReportPeriod.Current(app.Clock);
        var periods = await app.WithDbAsync(db => db.Set<Report>().Where(r => r.EnterpriseId == e.Id).Select(r => new { r.Year, r.Month }).ToListAsync());
        Assert.Equal(12, periods.Count);
        Assert.Contains(periods, p => new ReportPeriod(p.Year, p.Month) == current.Previous);
        Assert.DoesNotContain(periods, p => new ReportPeriod(p.Year, p.Month) >= current);

        await using (var scope = app.Scope())
        {
            var bad = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(
                """{ "name": "history", "steps": [ { "name": "report-history", "type": "nope", "years": 1 } ] }""", null));
            Assert.Equal("$.steps[0].type", bad.Path);
        }
    }

    [Theory, Providers]
    public async Task The_demo_recipe_gives_approved_enterprises_two_years_and_leaves_ent_demos_current_period_unfilled(string provider)
    {
        await using var app = new TestApp(provider, ["national.recipe.json", "demo.recipe.json"]);
        var current = ReportPeriod.Current(app.Clock);
        var demo = await app.WithDbAsync(db => db.Set<SmeMonitor.Enterprises.Models.Enterprise>().AsNoTracking()
            .SingleAsync(e => db.Users.Any(u => u.Id == e.UserId && u.UserName == "ent_demo")));
        var periods = await app.WithDbAsync(db => db.Set<Report>().Where(r => r.EnterpriseId == demo.Id && r.Status == ReportStatus.Approved)
            .Select(r => new { r.Year, r.Month }).ToListAsync());
        Assert.Equal(24, periods.Count);
        Assert.Contains(periods, p => new ReportPeriod(p.Year, p.Month) == current.Previous);
        Assert.DoesNotContain(periods, p => new ReportPeriod(p.Year, p.Month) >= current);
        var form = await app.WithAsync<ReportService, ReportForm?>(s => s.OpenAsync(new ReportKey(demo.Id, "monthly", current)));
        Assert.Null(form!.Status);
        Assert.NotNull(form.LastMonth);

        var (approved, withReports) = await app.WithDbAsync(async db => (
            await db.Set<SmeMonitor.Enterprises.Models.Enterprise>().CountAsync(e => e.Status == SmeMonitor.Enterprises.Models.RegistrationStatus.Approved && !e.Disabled),
            await db.Set<Report>().Select(r => r.EnterpriseId).Distinct().CountAsync()));
        Assert.Equal(approved, withReports);
    }
}
