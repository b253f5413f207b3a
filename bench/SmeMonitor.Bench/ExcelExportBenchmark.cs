using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Excel;

namespace SmeMonitor.Bench;

/// <summary>
/// REP-11/13 export size: 50,000 rows × 20 decimal columns through ExcelService (.xlsx) against the same data
/// written as CSV with a StreamWriter, in the same run. Aim: ≤ 3 s and ≤ 300 MB peak for the .xlsx.
/// </summary>
public sealed class ExcelExportBenchmark : IBenchmark
{
    private const int Rows = 50_000, Columns = 20;

    public string Name => "excel-export";
    public string Description => $"{Rows:N0} rows × {Columns} decimal columns to .xlsx (ExcelService) vs CSV (StreamWriter)";

    public async Task RunAsync()
    {
        using var provider = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources")
            .AddSingleton(Options.Create(new ExcelOptions())).AddSingleton<ExcelService>().BuildServiceProvider();
        var excel = provider.GetRequiredService<ExcelService>();
        var columns = Enumerable.Range(1, Columns).Select(c => new ExcelColumn($"指标{c}", ExcelColumnType.Decimal)).ToArray();
        var folder = System.IO.Directory.CreateTempSubdirectory("excel-export-");
        try
        {
            // Warm-up on a small file: JIT and MiniExcel's first-use costs are not what a running server pays.
            await excel.WriteFileAsync(Path.Combine(folder.FullName, "warm.xlsx"), [new ExcelSheet("数据", columns, Data(500))]);
            await WriteCsvAsync(Path.Combine(folder.FullName, "warm.csv"), columns, Data(500));

            var csvPath = Path.Combine(folder.FullName, "data.csv");
            var csv = await MeasureAsync(() => WriteCsvAsync(csvPath, columns, Data(Rows)));
            var xlsxPath = Path.Combine(folder.FullName, "data.xlsx");
            var xlsx = await MeasureAsync(() => excel.WriteFileAsync(xlsxPath, [new ExcelSheet("数据", columns, Data(Rows))]));

            Console.WriteLine($"csv : {csv.Seconds:F2} s, allocated {csv.AllocatedMb:F0} MB, peak working set {csv.PeakMb:F0} MB, file {new FileInfo(csvPath).Length / 1048576d:F1} MB");
            Console.WriteLine($"xlsx: {xlsx.Seconds:F2} s, allocated {xlsx.AllocatedMb:F0} MB, peak working set {xlsx.PeakMb:F0} MB, file {new FileInfo(xlsxPath).Length / 1048576d:F1} MB");
            Console.WriteLine($"ratio xlsx / csv: time {xlsx.Seconds / csv.Seconds:F1}×, allocated {xlsx.AllocatedMb / csv.AllocatedMb:F1}×");
            Console.WriteLine($"aim ≤ 3 s and ≤ 300 MB peak: {(xlsx.Seconds <= 3 && xlsx.PeakMb <= 300 ? "met" : "NOT met")}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Streamed rows, as a query would give them: amounts with two decimals.</summary>
    private static IEnumerable<IReadOnlyList<object?>> Data(int rows)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = new object?[Columns];
            for (var c = 0; c < Columns; c++) row[c] = (r * 37 + c * 101) % 1_000_000 / 100m;
            yield return row;
        }
    }

    private static async Task WriteCsvAsync(string path, ExcelColumn[] columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => c.Title)));
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(((decimal)row[c]!).ToString(CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
    }

    /// <summary>Wall-clock time, bytes allocated, and the peak working set sampled while it runs (the process's own peak only rises).</summary>
    private static async Task<(double Seconds, double AllocatedMb, double PeakMb)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(10);
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, allocated / 1048576d, peak / 1048576d);
    }
}
