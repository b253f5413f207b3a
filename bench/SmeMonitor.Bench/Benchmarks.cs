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
}
