using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Scripting;

namespace SmeMonitor.Bench;

/// <summary>
/// A REP-5 balance rule through RuleService (Jint, all limits on) against the same check in C#, over
/// a month report's inputs (18 indicators × 4 columns for this month and last month).
/// </summary>
public sealed class RuleBenchmark : IBenchmark
{
    private const string Rule = "period.month === 1 ? eq(v.output.cum, v.output.month) : eq(v.output.cum, v.output.month + prev.output.cum)";
    private const int Runs = 200_000;
    private const int CallRuns = 20_000;

    public string Name => "rules";
    public string Description => "balance rule in Jint with limits vs the same check in C#";

    public Task RunAsync()
    {
        using var provider = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources")
            .AddSingleton<RuleService>().BuildServiceProvider();
        var rules = provider.GetRequiredService<RuleService>();
        var rule = rules.Validate(Rule, new RuleGlobals("v", "prev", "period")).Rule
                   ?? throw new InvalidOperationException("The benchmark rule must be valid.");
        var v = Report(2100.0004, 300);
        var prev = Report(1800, 280);
        var period = new Dictionary<string, object?> { ["year"] = 2018, ["month"] = 7 };
        var inputs = new Dictionary<string, object?> { ["v"] = v, ["prev"] = prev, ["period"] = period };

        // Warm up the pool and the JIT on all paths. By time, not by count: tiered compilation recompiles hot
        // methods only after 100 ms without new tier-0 code, so a short warm-up times the tier-0 code instead
        // of what a running server executes.
        using (var warm = rules.Begin(inputs))
            Benchmarks.WarmUp(() => Check(warm.Evaluate(rule).Passed), batch: 1_000);
        Benchmarks.WarmUp(() => Check(rules.Evaluate(rule, inputs).Passed), batch: 1_000);
        Benchmarks.WarmUp(() => Check(CSharp(v, prev, period)), batch: 1_000);

        double session, trivial;
        using (var open = rules.Begin(inputs))
        {
            session = Benchmarks.CpuMicroseconds(Runs, () => Check(open.Evaluate(rule).Passed));
            var constant = rules.Validate("true", new RuleGlobals("v")).Rule!;
            trivial = Benchmarks.CpuMicroseconds(Runs, () => Check(open.Evaluate(constant).Passed));
        }
        var call = Benchmarks.CpuMicroseconds(CallRuns, () => Check(rules.Evaluate(rule, inputs).Passed));
        var csharp = Benchmarks.CpuMicroseconds(Runs, () => Check(CSharp(v, prev, period)));

        Console.WriteLine($"rule: {Rule}");
        Console.WriteLine($"Jint, session (inputs converted once): {session:F2} µs/eval");
        Console.WriteLine($"Jint, session, the rule `true` (overhead): {trivial:F2} µs/eval");
        Console.WriteLine($"Jint, one call (converts 2×18×4 values): {call:F2} µs/eval");
        Console.WriteLine($"C#, same check:                          {csharp:F3} µs/eval");
        Console.WriteLine($"ratio session / C#: {session / csharp:F0}×; one call / C#: {call / csharp:F0}×");
        return Task.CompletedTask;
    }



    private static void Check(bool passed)
    {
        if (!passed) throw new InvalidOperationException("The balance rule must pass on the benchmark data.");
    }

    private static bool CSharp(Dictionary<string, Dictionary<string, object?>> v, Dictionary<string, Dictionary<string, object?>> prev,
        Dictionary<string, object?> period)
    {
        var cum = Convert.ToDouble(v["output"]["cum"]);
        var month = Convert.ToDouble(v["output"]["month"]);
        return Convert.ToInt32(period["month"]) == 1
            ? Math.Abs(cum - month) <= 0.001
            : Math.Abs(cum - (month + Convert.ToDouble(prev["output"]["cum"]))) <= 0.001;
    }

    /// <summary>A month report: output with the given cumulative and month, and 17 more indicators.</summary>
    private static Dictionary<string, Dictionary<string, object?>> Report(double outputCum, double outputMonth)
    {
        var report = new Dictionary<string, Dictionary<string, object?>>
        {
            ["output"] = new() { ["month"] = outputMonth, ["cum"] = outputCum, ["lastMonth"] = 250.0, ["lastCum"] = 1700.0 },
        };
        for (var i = 1; i < 18; i++)
            report["indicator" + i] = new() { ["month"] = 10.0 * i, ["cum"] = 70.0 * i, ["lastMonth"] = 9.0 * i, ["lastCum"] = 60.0 * i };
        return report;
    }
}
