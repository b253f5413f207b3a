using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SmeMonitor.Bench;

/// <summary>
/// The platform as built (`dotnet SmeMonitor.Web.dll`, Production, its own runtimeconfig: Server GC as a real host runs) started as
/// a fresh process on a benchmark's database, with its job worker on: what a web node costs in memory, without the benchmark's own
/// heap. Memory is the kernel's account of the process (/proc/PID/status): resident now (VmRSS) and the peak since start or since
/// <see cref="ResetPeak"/> (VmHWM).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly Process _process;

    private HostProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts the host and returns once GET /health answers 200.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = typeof(HostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(RepositoryRoot(), "src", "SmeMonitor.Web", "bin", configuration, "net10.0", "SmeMonitor.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the bench ({configuration}) first.");
        var url = $"http://127.0.0.1:{FreePort()}";
        var process = Process.Start(StartInfo(dll, ["--urls", url], settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value)))!;
        // Its log (warnings and errors, as the settings ask) goes to the benchmark's console; the pipes must be drained anyway.
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine("   host: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine("   host: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode} before answering.");
                if (clock.Elapsed > Limit) throw new TimeoutException($"The host did not answer within {Limit}.");
                try
                {
                    using var response = await http.GetAsync(url + "/health");
                    if (response.StatusCode == HttpStatusCode.OK) return host;
                    throw new InvalidOperationException($"The host answered {(int)response.StatusCode} on GET /health.");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(50); // not listening yet
                }
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory now (VmRSS), MB.</summary>
    public double ResidentMb() => Status("VmRSS");

    /// <summary>
    /// Resident memory now, split as the kernel counts it (MB): anonymous (the managed heap, native allocations such as SQLite's
    /// page cache, stacks) and file-backed (loaded assemblies, executable code, a memory-mapped SQLite database file).
    /// </summary>
    public (double Anonymous, double File) ResidentSplitMb() => (Status("RssAnon"), Status("RssFile") + Status("RssShmem"));

    /// <summary>The peak of resident memory (VmHWM), MB: since start, or since <see cref="ResetPeak"/>.</summary>
    public double PeakMb() => Status("VmHWM");

    /// <summary>Starts the peak afresh at the current resident size (writing 5 to /proc/PID/clear_refs); false when the kernel refuses.</summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>CPU time the process used so far (all threads, GC included), seconds.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    private double Status(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) / 1024d; // kB
        throw new InvalidOperationException($"/proc/{Id}/status has no {field}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>`dotnet DLL ARGS` in Production with the environment given, its output redirected.</summary>
    internal static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // Its own build folder, as `dotnet run` does: appsettings.json and the recipes are there.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in env) start.Environment[k] = v;
        return start;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmeMonitor.sln"))) return dir.FullName;
        throw new InvalidOperationException("SmeMonitor.sln not found above " + AppContext.BaseDirectory);
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
