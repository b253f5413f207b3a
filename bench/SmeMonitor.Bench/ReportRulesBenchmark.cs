using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Directory.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Bench;

/// <summary>
/// REP-4/5: every check of one report (ReportChecker with the national definition from the recipe, warnings on, warm) against
/// the same checks hand-written in C# in the same run. The report: an industrial enterprise's quarter-end month (all 18
/// indicators, every rule that can run), generated consistent by ReportHistoryGenerator, with last month and last year approved.
/// Target ≤ 100 µs per report.
/// </summary>
public sealed class ReportRulesBenchmark : IBenchmark
{
    private const int Runs = 20_000;

    public string Name => "report-rules";
    public string Description => "all checks of one national report (ReportChecker, Jint) vs the same checks in C#";

    public Task RunAsync()
    {
        using var provider = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources")
            .AddSingleton<RuleService>().AddSingleton<ReportChecker>().AddSingleton<ReportHistoryGenerator>().BuildServiceProvider();
        var checker = provider.GetRequiredService<ReportChecker>();
        var definition = National();
        var facts = new EnterpriseFacts("330102", "3360", "C", EnterpriseSize.Small);
        var history = provider.GetRequiredService<ReportHistoryGenerator>().Generate(definition, facts, new ReportPeriod(2021, 1), 20, seed: 42);
        var august = history.Single(r => r.Period == new ReportPeriod(2022, 8));
        var index = history.ToList().IndexOf(august);
        var input = new ReportCheckInput(definition, facts, august.Period, august.Values, [], history[index - 1].Values, history[index - 12].Values);

        var first = checker.Check(input, warnings: true);
        if (first.HasErrors || first.Warnings.Count > 0 || first.Skipped.Count > 0 || !Hand(input))
            throw new InvalidOperationException("The benchmark report must pass every check both ways.");
        var rulesRun = definition.Rules.Count(r => r.Applies != "period.month == 1");

        Benchmarks.WarmUp(() => Check(checker.Check(input, warnings: true).Errors.Count == 0));
        Benchmarks.WarmUp(() => Check(Hand(input)));
        var jint = Benchmarks.CpuMicroseconds(Runs, () => Check(checker.Check(input, warnings: true).Errors.Count == 0));
        var csharp = Benchmarks.CpuMicroseconds(Runs * 50, () => Check(Hand(input)));

        Console.WriteLine($"report: 18 indicators × 4 columns, {rulesRun} of {definition.Rules.Count} rules apply (August, industrial), last month and last year approved");
        Console.WriteLine($"ReportChecker (Jint): {jint:F1} µs/report (CPU); target ≤ 100 µs: {(jint <= 100 ? "met" : "NOT met")}");
        Console.WriteLine($"hand-written C#:      {csharp:F2} µs/report (CPU)");
        Console.WriteLine($"ratio ReportChecker / C#: {jint / csharp:F0}×");
        return Task.CompletedTask;
    }

    private static ReportDefinition National()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "recipes", "national.recipe.json");
        var step = JsonNode.Parse(File.ReadAllText(path))!["steps"]!.AsArray().Single(s => (string)s!["name"]! == "report-types")!;
        return ReportDefinition.FromJson(step["types"]![0]!.ToJsonString());
    }

    /// <summary>
    /// The national checks written by hand: applicability, 非空/非负/two decimals/range per column, and the 14 balance rules
    /// (the January, cumulative, revenue/cost and assets rules), with their applicability and needs.
    /// </summary>
    private static bool Hand(ReportCheckInput input)
    {
        var v = input.Values;
        var industrial = input.Enterprise.Section is "B" or "C" or "D";
        var month = input.Period.Month;
        var quarterEnd = month is 2 or 5 or 8 or 11 or 12;
        var problems = 0;
        foreach (var code in Codes)
        {
            var applies = code switch
            {
                "output" or "exportValue" or "electricity" or "capacityUtilization" or "finishedGoods" => industrial,
                "overdueReceivables" or "payroll" or "assets" or "liabilities" or "fixedInvestment" => quarterEnd,
                _ => true,
            };
            var x = v.GetValueOrDefault(code);
            if (!applies)
            {
                if (x is { IsEmpty: false }) problems++;
                continue;
            }
            var required = code is "output" or "electricity" or "revenue" or "cost" or "receivables" or "profit" or "employees"
                or "overdueReceivables" or "payroll" or "assets" or "liabilities";
            var nonNegative = code is not ("financeCost" or "finishedGoods" or "profit" or "taxes" or "payroll");
            if (x is null) { if (required) problems += 2; continue; }
            foreach (var value in (ReadOnlySpan<decimal?>)[x.Month, x.Cumulative, x.LastYearMonth, x.LastYearCumulative])
            {
                if (value is not { } d) continue;
                if (Math.Abs(d) > ReportChecker.MaxValue || d != Math.Round(d, 2) || (nonNegative && d < 0)) problems++;
            }
            if (required && (x.Month is null || x.Cumulative is null)) problems++;
        }

        var last = input.LastMonth;
        static bool Eq(decimal? a, decimal? b) => a is { } x && b is { } y && Math.Abs(x - y) < 0.005m;
        static decimal? Sum(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
        foreach (var code in (string[])["output", "exportValue", "electricity"])
        {
            if (!industrial) break;
            var x = v.GetValueOrDefault(code) ?? IndicatorValues.Empty;
            if (month == 1) { if (!(Eq(x.Month, x.Cumulative) && Eq(x.LastYearMonth, x.LastYearCumulative))) problems++; }
            else if (last is not null)
            {
                var l = last.GetValueOrDefault(code) ?? IndicatorValues.Empty;
                if (!((x.Cumulative is null || Eq(x.Cumulative, Sum(x.Month, l.Cumulative))) && (x.LastYearCumulative is null || Eq(x.LastYearCumulative, Sum(x.LastYearMonth, l.LastYearCumulative)))))
                    problems++;
            }
        }
        if (month != 1 && last is not null)
            foreach (var code in (string[])["revenue", "cost"])
            {
                var (x, l) = (v.GetValueOrDefault(code) ?? IndicatorValues.Empty, last.GetValueOrDefault(code) ?? IndicatorValues.Empty);
                if (x.Cumulative is { } c && l.Cumulative is { } lc && c < lc) problems++;
                if (x.LastYearCumulative is { } yc && l.LastYearCumulative is { } ylc && yc < ylc) problems++;
            }
        if (quarterEnd)
        {
            var assets = v.GetValueOrDefault("assets") ?? IndicatorValues.Empty;
            foreach (var code in (string[])["receivables", "finishedGoods"])
            {
                if (code == "finishedGoods" && !industrial) continue;
                var x = v.GetValueOrDefault(code) ?? IndicatorValues.Empty;
                if (assets.Cumulative is { } a && x.Cumulative is { } b && a <= b) problems++;
                if (assets.LastYearCumulative is { } la && x.LastYearCumulative is { } lb && la <= lb) problems++;
            }
        }
        return problems == 0;
    }

    private static readonly string[] Codes =
    [
        "output", "exportValue", "electricity", "capacityUtilization", "revenue", "cost", "loans", "financeCost", "receivables",
        "finishedGoods", "profit", "taxes", "employees", "overdueReceivables", "payroll", "assets", "liabilities", "fixedInvestment",
    ];



    private static void Check(bool passed)
    {
        if (!passed) throw new InvalidOperationException("The benchmark report must pass.");
    }
}
