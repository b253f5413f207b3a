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
    public static IEnumerable<IBenchmark> All => [new ColdStartBenchmark(), new PickerBenchmark(), new RuleBenchmark(), new EnterpriseListBenchmark(), new ExcelExportBenchmark(), new ReportRulesBenchmark(), new ReportSubmitBenchmark(), new ReportExportBenchmark(), new ReportImportBenchmark(), new ReviewOneClickBenchmark(), new ReviewQueueBenchmark()];

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

    /// <summary>
    /// Wall-clock time, bytes allocated, and memory sampled every 10 ms while the work runs: the peak of the managed heap above
    /// its size at the start (GC.GetTotalMemory, what the work keeps alive at once) and the peak working set of the process
    /// (Process.WorkingSet64: the managed heap, native buffers such as SQLite's cache and zip streams, code), as an absolute
    /// figure and above the working set at the start; and the process's CPU time. Collects garbage first, so the start is what stays alive.
    /// </summary>
    public static async Task<(T Result, Measured Measure)> MeasureMemoryAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var (startSet, startHeap) = (process.WorkingSet64, GC.GetTotalMemory(false));
        var (peakSet, peakHeap) = (startSet, startHeap);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakSet = Math.Max(peakSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(10);
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await work();
        var seconds = watch.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();
        const double Mb = 1048576d;
        return (result, new Measured(seconds, (process.TotalProcessorTime - cpu).TotalSeconds, allocated / Mb, peakSet / Mb, (peakSet - startSet) / Mb, (peakHeap - startHeap) / Mb));
    }

    /// <summary>
    /// Runs the benchmark on a fresh SQLite file, then on a throwaway PostgreSQL database when SMEMONITOR_BENCH_POSTGRES (or
    /// SMEMONITOR_TEST_POSTGRES) names a server; both are removed afterwards. SMEMONITOR_BENCH_ONLY=sqlite|postgres runs one of them.
    /// </summary>
    public static async Task OnEachDatabaseAsync(Func<string, string, Task> run)
    {
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        // SMEMONITOR_BENCH_ONLY=postgres (or sqlite) runs one provider only, e.g. while profiling.
        var only = Environment.GetEnvironmentVariable("SMEMONITOR_BENCH_ONLY");
        if (only is null or "" or "sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "smemonitor-bench", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(folder);
            try
            {
                await run("sqlite", $"Data Source={Path.Combine(folder, "bench.db")}");
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                System.IO.Directory.Delete(folder, true);
            }
        }
        if (only == "sqlite") return;

        var server = Environment.GetEnvironmentVariable("SMEMONITOR_BENCH_POSTGRES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("SMEMONITOR_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            Console.WriteLine("postgres: skipped (set SMEMONITOR_BENCH_POSTGRES or SMEMONITOR_TEST_POSTGRES to a server connection string)");
            return;
        }
        var database = "smemonitor_bench_" + Guid.NewGuid().ToString("N")[..12];
        await PostgresAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await run("postgres", new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task PostgresAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>What <see cref="Benchmarks.MeasureMemoryAsync"/> saw (MB = 2^20 bytes).</summary>
/// <param name="CpuSeconds">CPU time of the whole process meanwhile (all threads, GC included): on a shared, busy machine the wall-clock mostly measures the neighbours.</param>
public sealed record Measured(double Seconds, double CpuSeconds, double AllocatedMb, double PeakWorkingSetMb, double WorkingSetGrowthMb, double PeakHeapGrowthMb)
{
    public override string ToString() =>
        $"{Seconds:F2} s ({CpuSeconds:F2} s CPU), allocated {AllocatedMb:F0} MB, managed heap peak +{PeakHeapGrowthMb:F0} MB, working set peak {PeakWorkingSetMb:F0} MB (+{WorkingSetGrowthMb:F0} MB)";
}
