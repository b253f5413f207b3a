using System.Diagnostics;
using System.Reflection;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Operations;

/// <summary>
/// Runs the host's commands (`dotnet SmeMonitor.Web.dll recipe …`, `backup …`) as a separate process
/// against a test app's database, from the host's own build folder, and captures what it prints.
/// </summary>
public static class WebCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    private static readonly string HostFolder = typeof(WebCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SmeMonitor.Web.OutputPath").Value!;

    /// <summary>`dotnet SmeMonitor.Web.dll ARGS` from the host's build folder, in the Testing environment, on the database given.</summary>
    public static ProcessStartInfo StartInfo(string provider, string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = HostFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(HostFolder, "SmeMonitor.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite";
        start.Environment["ConnectionStrings__Default"] = connectionString;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        return start;
    }

    public static async Task<Result> RunAsync(TestApp app, params string[] args)
    {
        var start = StartInfo(app.Provider, app.ConnectionString, args);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', args)}` did not finish in 2 minutes.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
