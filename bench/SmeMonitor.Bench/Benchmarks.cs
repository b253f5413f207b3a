using System.Diagnostics;

namespace SmeMonitor.Bench;

public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task RunAsync();
}

public static class Benchmarks
{
    /// <summary>Every benchmark; add new ones here.</summary>
    public static IEnumerable<IBenchmark> All => [new ColdStartBenchmark(), new PickerBenchmark(), new RuleBenchmark(), new EnterpriseListBenchmark(), new ExcelExportBenchmark(), new ReportRulesBenchmark(), new ReportSubmitBenchmark()];

    /// <summary>The p-th percentile (0..100) of the samples.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>Runs the action for a second, in batches, so that the JIT and the caches settle before timing.</summary>
    public static void WarmUp(Action action, int batch = 100)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(1))
            for (var i = 0; i < batch; i++) action();
    }

    /// <summary>µs per run, by process CPU time: on a shared, busy machine wall-clock mostly measures the neighbours.</summary>
    public static double CpuMicroseconds(int runs, Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) action();
        var wall = watch.Elapsed.TotalMicroseconds / runs;
        process.Refresh();
        var used = (process.TotalProcessorTime - cpu).TotalMicroseconds / runs;
        Console.WriteLine($"  ({runs:N0} runs: {wall:F3} µs/run wall-clock, {used:F3} µs/run CPU)");
        return used;
    }
}
