using System.Diagnostics;
using System.Net;
using System.Reflection;

namespace SmeMonitor.Bench;

/// <summary>
/// Cold start: from starting the process to the first HTTP 200 on GET /. The platform runs as built
/// (`dotnet SmeMonitor.Web.dll --urls …`) on a SQLite database already set up with the national and
/// demo recipes; the baseline is a bare ASP.NET Core app (bench/BareApp) with one endpoint, started
/// the same way. Runs alternate between the two so that the machine's load hits both alike. Besides
/// wall-clock time it reports the CPU time the process used until then, which the other work on a
/// shared machine disturbs far less.
/// </summary>
public sealed class ColdStartBenchmark : IBenchmark
{
    // 15: on this shared 2-core machine the ratio of medians of 7 runs, one build, went from 3.0x to 4.3x in five runs of the benchmark.
    private const int Runs = 15;
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public string Name => "coldstart";
    public string Description => $"process start to first HTTP 200 of GET /: platform (SQLite, national + demo) vs bare ASP.NET Core, {Runs} alternating runs each";

    public async Task RunAsync()
    {
        var configuration = typeof(ColdStartBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var root = HostProcess.RepositoryRoot();
        var platform = Path.Combine(root, "src", "SmeMonitor.Web", "bin", configuration, "net10.0", "SmeMonitor.Web.dll");
        var bare = Path.Combine(root, "bench", "BareApp", "bin", configuration, "net10.0", "BareApp.dll");
        foreach (var dll in new[] { platform, bare })
            if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the bench ({configuration}) first.");
        if (configuration != "Release") Console.WriteLine($"   note: {configuration} build; run with -c Release for figures that mean something.");

        var work = System.IO.Directory.CreateTempSubdirectory("smemonitor-coldstart-").FullName;
        try
        {
            var database = Path.Combine(work, "platform.db");
            var env = new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = $"Data Source={database}",
                ["Database__Provider"] = "Sqlite",
            };
            // Set up the database once: first start applies the national recipe, then the demo recipe.
            var setup = await RunToExitAsync(platform, ["recipe", "apply", "demo.recipe.json"], env);
            if (setup != 0) throw new InvalidOperationException($"Setting up the database failed (exit {setup}).");

            var platformRuns = new List<Start>();
            var bareRuns = new List<Start>();
            for (var i = 0; i < Runs; i++)
            {
                // Alternate which goes first.
                if (i % 2 == 0)
                {
                    bareRuns.Add(await TimeToFirstOkAsync(bare, NoEnvironment));
                    platformRuns.Add(await TimeToFirstOkAsync(platform, env));
                }
                else
                {
                    platformRuns.Add(await TimeToFirstOkAsync(platform, env));
                    bareRuns.Add(await TimeToFirstOkAsync(bare, NoEnvironment));
                }
                Console.WriteLine($"   run {i + 1}: platform {platformRuns[^1]}   bare {bareRuns[^1]}");
            }

            var wall = (P: Median(platformRuns, r => r.WallMs), B: Median(bareRuns, r => r.WallMs));
            var cpu = (P: Median(platformRuns, r => r.CpuMs), B: Median(bareRuns, r => r.CpuMs));
            Console.WriteLine($"   median wall: platform {wall.P:F0} ms, bare ASP.NET Core {wall.B:F0} ms, ratio {wall.P / wall.B:F2}x (aim <= 3x: {(wall.P / wall.B <= 3 ? "met" : "NOT met")})");
            Console.WriteLine($"   median CPU:  platform {cpu.P:F0} ms, bare ASP.NET Core {cpu.B:F0} ms, ratio {cpu.P / cpu.B:F2}x");
        }
        finally
        {
            System.IO.Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Start(double WallMs, double CpuMs)
    {
        public override string ToString() => $"{WallMs,6:F0} ms (CPU {CpuMs,6:F0} ms)";
    }

    private static double Median(List<Start> runs, Func<Start, double> value) => Benchmarks.Percentile(runs.Select(value).ToList(), 50);

    private static async Task<int> RunToExitAsync(string dll, string[] args, IReadOnlyDictionary<string, string> env)
    {
        using var process = Process.Start(HostProcess.StartInfo(dll, args, env))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) Console.WriteLine(await output + await error);
        return process.ExitCode;
    }

    /// <summary>Time from process start to the first 200 on GET /, and the CPU time it used; the process is then stopped.</summary>
    private static async Task<Start> TimeToFirstOkAsync(string dll, IReadOnlyDictionary<string, string> env)
    {
        var url = $"http://127.0.0.1:{HostProcess.FreePort()}/";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var start = HostProcess.StartInfo(dll, ["--urls", url], env);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        // Drain the logs so that the process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode} before answering.");
                if (clock.Elapsed > Limit) throw new TimeoutException($"{Path.GetFileName(dll)} did not answer 200 within {Limit}.");
                try
                {
                    using var response = await http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK)
                        return new Start(clock.Elapsed.TotalMilliseconds, process.TotalProcessorTime.TotalMilliseconds);
                    throw new InvalidOperationException($"{Path.GetFileName(dll)} answered {(int)response.StatusCode} on GET /.");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(5); // not listening yet
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
