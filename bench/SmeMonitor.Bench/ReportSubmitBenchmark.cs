using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Bench;

/// <summary>
/// A complete monthly report submitted over HTTP at 32 concurrent clients (SQLite; PostgreSQL when SMEMONITOR_BENCH_POSTGRES
/// or SMEMONITOR_TEST_POSTGRES is set): the real path — what the API's PUT runs, ReportService.SaveAndSubmitAsync, i.e. every
/// rule, the reads of last month's and last year's approved reports, the writes, the review workflow with its screening — against
/// a bare endpoint that inserts the same report and value rows with EF and checks nothing. Throughput ratio (aim ≥ 0.5×),
/// p95 latency, and the CPU each spends per report: the app's process and, on PostgreSQL, the local server's processes. Each enterprise has 13 approved months (ReportHistoryWriter) and submits the 14th, consistent with them.
/// Both endpoints are added to the in-process host by this benchmark (no sign-in, no antiforgery, the enterprise's user id in
/// the query), so that neither pays for authentication.
/// </summary>
public sealed class ReportSubmitBenchmark : IBenchmark
{
    // The warm-up lets the tiered JIT settle on both paths: after 32 reports each, the bare insert's CPU per report still
    // varied from 7.4 to 15.1 ms between runs on PostgreSQL; after 160, from 9.0 to 12.9 ms, and both paths still spent twice
    // the CPU per report they spend when SQLite's run has warmed the process first (real 24.5 against 9.0 ms). After 640
    // reports each, PostgreSQL alone gives real 12.1–12.2 and bare 6.2 ms.
    private const int Clients = 32, Measured = 256, WarmUp = 640;

    public string Name => "report-submit";
    public string Description => $"report submit over HTTP at {Clients} clients (real path vs bare insert; SQLite, PostgreSQL if configured)";

    public Task RunAsync() => Benchmarks.OnEachDatabaseAsync(RunOnAsync);

    private sealed record Job(long EnterpriseId, string UserId, ReportPeriod Period, Dictionary<string, decimal?[]> Values);

    private static async Task RunOnAsync(string provider, string connectionString)
    {
        _type = null;
        await using var app = new BenchHost(provider, connectionString, b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, Endpoints>()));
        var watch = Stopwatch.StartNew();
        _ = app.Services;
        Console.WriteLine($"{provider}: started with the national recipe in {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var (real, bare, rows) = await SeedAsync(app.Services);
        Console.WriteLine($"{provider}: {real.Count + bare.Count} enterprises with 13 approved months each in {watch.ElapsedMilliseconds} ms; a report = {rows} value rows");

        using var client = app.CreateClient();
        // Warm-up on their own enterprises (JIT, pools, Jint), then the measured runs, bare first and real second, then bare again:
        // the database grows during the runs, so the bare figure is the mean of before and after.
        await RunAsync(client, provider, "/bench/report-submit", real.Take(WarmUp));
        await RunAsync(client, provider, "/bench/report-insert", bare.Take(WarmUp));
        var bare1 = await RunAsync(client, provider, "/bench/report-insert", bare.Skip(WarmUp).Take(Measured / 2));
        _explained = 0;
        var submit = await RunAsync(client, provider, "/bench/report-submit", real.Skip(WarmUp).Take(Measured));
        var explained = _explained;
        var bare2 = await RunAsync(client, provider, "/bench/report-insert", bare.Skip(WarmUp + Measured / 2).Take(Measured / 2));
        var bareRate = (bare1.PerSecond + bare2.PerSecond) / 2;
        var bareP95 = Math.Max(bare1.P95, bare2.P95);
        Console.WriteLine($"{provider}: real submit (SaveAndSubmitAsync): {submit.PerSecond:F1} reports/s, p50 {submit.P50:F0} ms, p95 {submit.P95:F0} ms, CPU {submit.CpuMs:F1} ms/report{Server(submit.ServerCpuMs)} ({Measured} reports, {Clients} clients)");
        Console.WriteLine($"{provider}:   of which {explained} warned and were sent again with explanations");
        Console.WriteLine($"{provider}: bare insert, no checks:             {bareRate:F1} reports/s (runs {bare1.PerSecond:F1}, {bare2.PerSecond:F1}), p95 {bareP95:F0} ms, CPU {(bare1.CpuMs + bare2.CpuMs) / 2:F1} ms/report{Server((bare1.ServerCpuMs + bare2.ServerCpuMs) / 2)}");
        if (!double.IsNaN(submit.ServerCpuMs))
        {
            var (realCpu, bareCpu) = (submit.CpuMs + submit.ServerCpuMs, (bare1.CpuMs + bare1.ServerCpuMs + bare2.CpuMs + bare2.ServerCpuMs) / 2);
            Console.WriteLine($"{provider}: CPU per report, app + server: real {realCpu:F1} ms, bare {bareCpu:F1} ms (bare / real {bareCpu / realCpu:F2})");
        }
        Console.WriteLine($"{provider}: ratio real / bare throughput: {submit.PerSecond / bareRate:F2}× (aim ≥ 0.5×: {(submit.PerSecond / bareRate >= 0.5 ? "met" : "NOT met")})");
    }

    /// <param name="CpuMs">The whole process's CPU time during the run, per report (less noisy than the rates on a shared machine).</param>
    /// <param name="ServerCpuMs">The local PostgreSQL server's CPU time (all its processes) per report; NaN when none is seen here.</param>
    private sealed record Run(double PerSecond, double P50, double P95, double CpuMs, double ServerCpuMs);

    /// <summary>
    /// On this 2-core machine the app and the database share the cores, so the throughput ratio follows the CPU both spend
    /// per report: the server's share is printed next to the app's.
    /// </summary>
    private static string Server(double ms) => double.IsNaN(ms) ? "" : $" + PostgreSQL server {ms:F1} ms/report";

    /// <summary>CPU time (ms) of every local process named postgres, from /proc; NaN where there is no /proc or no such process (SQLite, a remote server).</summary>
    private static double PostgresCpuMs()
    {
        if (!System.IO.Directory.Exists("/proc")) return double.NaN;
        var ticks = 0L;
        var seen = false;
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("postgres", StringComparison.Ordinal)) continue;
                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                seen = true;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return seen ? ticks * 1000.0 / ClockTicksPerSecond : double.NaN;
    }

    /// <summary>USER_HZ: 100 on every Linux this runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    private static async Task<Run> RunAsync(HttpClient client, string provider, string path, IEnumerable<Job> jobs)
    {
        var queue = new ConcurrentQueue<Job>(jobs);
        var count = queue.Count;
        var latencies = new ConcurrentBag<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var server = provider == "postgres" ? PostgresCpuMs() : double.NaN;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var job))
            {
                var one = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync(
                    $"{path}/{job.EnterpriseId}/{job.Period.Year}/{job.Period.Month}?user={Uri.EscapeDataString(job.UserId)}", job.Values);
                latencies.Add(one.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"{path} for enterprise {job.EnterpriseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
        var serverMs = double.IsNaN(server) ? double.NaN : (PostgresCpuMs() - server) / count;
        var list = latencies.ToList();
        return new Run(count / seconds, Benchmarks.Percentile(list, 50), Benchmarks.Percentile(list, 95), cpuMs, serverMs);
    }

    /// <summary>Enterprises (industrial, in 上城区) with 13 approved months; the 14th month, consistent with them, is what each submits.</summary>
    private static async Task<(List<Job> Real, List<Job> Bare, int Rows)> SeedAsync(IServiceProvider services)
    {
        var total = 2 * (WarmUp + Measured);
        var current = ReportPeriod.Current(TimeProvider.System);
        var target = new ReportPeriod((current.Index - 3) / 12, (current.Index - 3) % 12 + 1);
        var first = new ReportPeriod((target.Index - 13) / 12, (target.Index - 13) % 12 + 1);
        var enterprises = new List<Enterprise>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < total; i++)
            {
                var name = $"bench_rep{i:D4}";
                var user = new User { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, CreatedAt = now, SecurityStamp = "s" };
                db.Add(user);
                var e = new Enterprise
                {
                    UserId = user.Id, Name = $"报表基准企业{i:D4}有限公司", RegionCode = "330102", IndustryCode = "3360", CreditCode = $"91330102{i:D10}",
                    Status = RegistrationStatus.Approved, Size = EnterpriseSize.Small, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
                };
                db.Add(e);
                enterprises.Add(e);
            }
            await db.SaveChangesAsync();
        }
        const int seed = 17;
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ReportHistoryWriter>().WriteAsync("monthly", first, 13, seed, 0, [.. enterprises.Select(e => e.Id)]);

        // The 14th month from the same generator and seed: it adds up with the stored 13.
        var generator = services.GetRequiredService<ReportHistoryGenerator>();
        ReportDefinition definition;
        await using (var scope = services.CreateAsyncScope())
            definition = (await scope.ServiceProvider.GetRequiredService<ReportTypeService>().FindAsync("monthly"))!.Definition;
        var facts = new EnterpriseFacts("330102", "3360", "C", EnterpriseSize.Small);
        var jobs = enterprises.Select(e =>
        {
            var month = generator.Generate(definition, facts, first, 14, ReportHistoryWriter.SeedOf(seed, e))[^1];
            return new Job(e.Id, e.UserId, month.Period, month.Values.ToDictionary(kv => kv.Key,
                kv => new[] { kv.Value.Month, kv.Value.Cumulative, kv.Value.LastYearMonth, kv.Value.LastYearCumulative }));
        }).ToList();
        var rows = jobs[0].Values.Values.Sum(v => v.Count(x => x is not null));
        return ([.. jobs.Take(total / 2)], [.. jobs.Skip(total / 2)], rows);
    }

    private static Dictionary<string, IndicatorValues> ToValues(Dictionary<string, decimal?[]> body) =>
        body.ToDictionary(kv => kv.Key, kv => new IndicatorValues(kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]));

    /// <summary>
    /// The real path as PUT /api/v1/reports/{period} drives it: ReportService.SaveAndSubmitAsync (保存, 下一步, 说明, 上报 at
    /// once). A report with warnings comes back asking for explanations, and is sent again with them, as an API client would.
    /// </summary>
    private static async Task<IResult> SubmitAsync(long enterprise, int year, int month, string user, Dictionary<string, decimal?[]> body, ReportService reports)
    {
        var key = new ReportKey(enterprise, "monthly", new ReportPeriod(year, month));
        var entry = new ReportEntry(ToValues(body), [], "基准", 0);
        var result = await reports.SaveAndSubmitAsync(key, entry, new Dictionary<string, string>(), user);
        if (!result.Succeeded && result.Unconfirmed.Count > 0)
        {
            Interlocked.Increment(ref _explained);
            result = await reports.SaveAndSubmitAsync(key, entry with { ExpectedVersion = result.Report!.Version },
                result.Unconfirmed.ToDictionary(id => id, _ => "已核实"), user);
        }
        return result.Succeeded ? Results.Ok() : Results.UnprocessableEntity(result.Errors.Select(e => e.Message));
    }

    private static int _explained;

    /// <summary>The same report and value rows (and its one transition), inserted with EF without reading or checking anything.</summary>
    private static async Task<IResult> InsertAsync(long enterprise, int year, int month, string user, Dictionary<string, decimal?[]> body, SmeDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var type = await TypeAsync(db);
        var report = new Report
        {
            EnterpriseId = enterprise, ReportTypeId = type.TypeId, ReportTypeVersionId = type.VersionId, Year = year, Month = month,
            Status = ReportStatus.InReview, FillerName = "基准", RegionCode = "330102", IndustryCode = "3360", Size = EnterpriseSize.Small,
            FillMode = FillMode.Online, CreatedAt = now, UpdatedAt = now, SubmittedAt = now, Version = 1,
        };
        foreach (var (code, x) in ToValues(body))
            foreach (var column in IndicatorValues.Columns)
                if (x[column] is { } value) report.Values.Add(new ReportValue { IndicatorCode = code, Column = column, Value = value });
        report.Transitions.Add(new ReportTransition { To = ReportStatus.InReview, UserId = user, At = now });
        db.Add(report);
        await db.SaveChangesAsync();
        return Results.Ok();
    }

    private static (long TypeId, long VersionId)? _type;

    /// <summary>The monthly type's current version, read once: the bare endpoint reads nothing per request.</summary>
    private static async Task<(long TypeId, long VersionId)> TypeAsync(SmeDbContext db)
    {
        if (_type is { } known) return known;
        var t = await db.Set<ReportType>().Where(t => t.Name == "monthly").Select(t => new { t.Id, t.CurrentVersionId }).FirstAsync();
        return (_type = (t.Id, t.CurrentVersionId!.Value)).Value;
    }

    /// <summary>
    /// The two benchmark endpoints, POST /bench/{report-submit|report-insert}/{enterprise}/{year}/{month}?user=…, in front of the
    /// app's own pipeline (plain middleware: no routing, sign-in or antiforgery involved).
    /// </summary>
    private sealed class Endpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var parts = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
                if (parts is not ["bench", var kind, var e, var y, var m] || !HttpMethods.IsPost(context.Request.Method))
                {
                    await following(context);
                    return;
                }
                var (enterprise, year, month) = (long.Parse(e, CultureInfo.InvariantCulture), int.Parse(y, CultureInfo.InvariantCulture), int.Parse(m, CultureInfo.InvariantCulture));
                var user = context.Request.Query["user"].ToString();
                var body = (await context.Request.ReadFromJsonAsync<Dictionary<string, decimal?[]>>())!;
                var services = context.RequestServices;
                var result = kind == "report-submit"
                    ? await SubmitAsync(enterprise, year, month, user, body, services.GetRequiredService<ReportService>())
                    : await InsertAsync(enterprise, year, month, user, body, services.GetRequiredService<SmeDbContext>());
                await result.ExecuteAsync(context);
            });
            next(app);
        };
    }
}
