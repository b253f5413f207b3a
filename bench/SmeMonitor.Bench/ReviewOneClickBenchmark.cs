using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Bench;

/// <summary>
/// 一键接收 (REV-5) of 5,000 reports waiting for a city administrator (杭州市, with the grant), each from an enterprise of 上城区
/// whose direct reviewer (直接授权审核员) is the county administrator: ReviewService.OneClickAcceptAsync, one transaction per report
/// (load, hold check, audit, workflow resumed: Condition → SetStatus InReview:Province → wait at the province). Target ≤ 10 s on
/// PostgreSQL. Baseline in the same run: as many bare transactions of one single-row UPDATE of the report and one audit INSERT.
/// Seeding: one report goes the real way (保存, 下一步, 确认, 上报, then the county's 接收); the other 4,999 are written by
/// ReportHistoryWriter (values, confirmations, transitions) and brought to exactly the state the real one reached — the same
/// report columns, transitions, a waiting workflow instance with the same variables, the same audit rows — which is checked.
/// </summary>
public sealed class ReviewOneClickBenchmark : IBenchmark
{
    private const int Reports = 5_000;
    private static readonly ReportPeriod Period = new(2021, 8);

    public string Name => "review-oneclick";
    public string Description => $"一键接收 of {Reports:N0} waiting reports by a city administrator (SQLite, PostgreSQL if configured) vs bare UPDATE + audit transactions";

    public Task RunAsync() => Benchmarks.OnEachDatabaseAsync(RunOnAsync);

    private sealed record Actors(Administrator Province, Administrator City, Administrator County, List<Enterprise> Enterprises);

    private static async Task RunOnAsync(string provider, string connectionString)
    {
        await using var app = new BenchHost(provider, connectionString);
        var watch = Stopwatch.StartNew();
        _ = app.Services;
        Console.WriteLine($"{provider}: started with the national recipe in {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var actors = await SeedAsync(app);
        var template = await SubmitTemplateAsync(app, actors);
        await CloneAsync(app, actors, template);
        await VerifyAsync(app, actors, template);
        if (provider == "postgres")
            await app.WithAsync(s => s.GetRequiredService<SmeDbContext>().Database.ExecuteSqlRawAsync("ANALYZE"));
        Console.WriteLine($"{provider}: {Reports:N0} reports waiting for the city seeded in {watch.ElapsedMilliseconds} ms (1 real, the rest checked equal to it)");

        var ids = await app.WithAsync(s => s.GetRequiredService<SmeDbContext>().Set<Report>().AsNoTracking()
            .Where(r => r.Status == ReportStatus.InReview).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());

        // The floor, half before and half after (the tables grow): one UPDATE of the report and one audit INSERT, one transaction each.
        var (bare1, bareCpu1) = await BareAsync(app, ids.Take(Reports / 2).ToList());
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        watch.Restart();
        var (summary, error) = await app.WithAsync(s => s.GetRequiredService<ReviewService>().OneClickAcceptAsync(actors.City, actors.City.UserId));
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var oneClickCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds / Reports;
        if (summary is null) throw new InvalidOperationException(error);
        if (summary.Accepted != Reports || summary.Skipped.Count != 0)
            throw new InvalidOperationException($"一键接收 accepted {summary.Accepted}, skipped {summary.Skipped.Count}: {summary.Skipped.FirstOrDefault()?.Reason}");
        var (bare2, bareCpu2) = await BareAsync(app, ids.Skip(Reports / 2).ToList());
        var atProvince = await app.WithAsync(s => s.GetRequiredService<SmeDbContext>().Set<Report>()
            .CountAsync(r => r.Status == ReportStatus.InReview && r.ReviewLevel == AdminLevel.Province));
        if (atProvince != Reports) throw new InvalidOperationException($"{atProvince} reports wait at the province after 一键接收, not {Reports}.");

        var rate = Reports / seconds;
        var bareRate = (bare1 + bare2) / 2;
        Console.WriteLine($"{provider}: 一键接收 {Reports:N0} reports in {seconds:F2} s = {rate:F0} reports/s (all now wait at the province); target ≤ 10 s: {(seconds <= 10 ? "met" : "NOT met")}");
        Console.WriteLine($"{provider}: bare UPDATE + audit INSERT transactions: {bareRate:F0} /s (runs {bare1:F0}, {bare2:F0})");
        Console.WriteLine($"{provider}: ratio 一键接收 / bare throughput: {rate / bareRate:F2}×");
        // This process's CPU per report (the database server's not included): on a busy shared machine wall-clock mostly measures the neighbours.
        var bareCpu = (bareCpu1 + bareCpu2) / 2;
        Console.WriteLine($"{provider}: app CPU per report: 一键接收 {oneClickCpu:F2} ms, bare {bareCpu:F2} ms ({oneClickCpu / bareCpu:F1}×)");
    }

    /// <summary>Zhejiang's province, 杭州市 (with 一键接收) and 上城区 administrators; 5,000 approved enterprises of 上城区 reviewed by the county.</summary>
    private static async Task<Actors> SeedAsync(BenchHost app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var province = BenchHost.AddAdministrator(db, "bench_zj", AdminLevel.Province, "330000");
        var city = BenchHost.AddAdministrator(db, "bench_hz", AdminLevel.City, "330100", oneClick: true);
        var county = BenchHost.AddAdministrator(db, "bench_sc", AdminLevel.County, "330102");
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var enterprises = new List<Enterprise>();
        for (var i = 0; i < Reports; i++)
        {
            var name = $"bench_oc{i:D5}";
            var user = new User { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, CreatedAt = now, SecurityStamp = "s" };
            db.Add(user);
            var e = new Enterprise
            {
                UserId = user.Id, Name = $"一键基准企业{i:D5}有限公司", RegionCode = "330102", IndustryCode = "3360", CreditCode = $"91330102B{i:D9}",
                Status = RegistrationStatus.Approved, Size = EnterpriseSize.Small, ReviewerId = county.Id, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
            };
            db.Add(e);
            enterprises.Add(e);
        }
        await db.SaveChangesAsync();
        foreach (var a in new[] { province, city, county }) a.User = null;
        return new Actors(province, city, county, enterprises);
    }

    private sealed record Template(Report Report, List<ReportTransition> Transitions, WorkflowInstance Instance, List<AuditEntry> Audit);

    /// <summary>The first enterprise's August: 保存 + 下一步 (+ 确认) + 上报 through ReportService, then 接收 by the county.</summary>
    private static async Task<Template> SubmitTemplateAsync(BenchHost app, Actors actors)
    {
        var e = actors.Enterprises[0];
        var definition = (await app.WithAsync(s => s.GetRequiredService<ReportTypeService>().FindAsync("monthly")))!.Definition;
        var values = app.Services.GetRequiredService<ReportHistoryGenerator>()
            .Generate(definition, new EnterpriseFacts(e.RegionCode, e.IndustryCode, "C", e.Size), Period, 1, ReportHistoryWriter.SeedOf(Seed, e))[0].Values
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var key = new ReportKey(e.Id, "monthly", Period);
        var id = await app.WithAsync(async s =>
        {
            var reports = s.GetRequiredService<ReportService>();
            var next = await reports.NextAsync(key, new ReportEntry(values, [], "王明", 0), e.UserId);
            if (!next.Succeeded) throw new InvalidOperationException(string.Join(" ", next.Errors.Select(x => x.Message)));
            var version = next.Report!.Version;
            if (next.Unconfirmed.Count > 0)
            {
                var confirmed = await reports.ConfirmAsync(key, next.Unconfirmed.ToDictionary(r => r, _ => "数据已核实，情况属实。"), version, e.UserId);
                if (!confirmed.Succeeded) throw new InvalidOperationException(string.Join(" ", confirmed.Errors.Select(x => x.Message)));
                version = confirmed.Report!.Version;
            }
            var submitted = await reports.SubmitAsync(key, version, e.UserId);
            if (!submitted.Succeeded) throw new InvalidOperationException(string.Join(" ", submitted.Errors.Select(x => x.Message)));
            return submitted.Report!.Id;
        });
        var accepted = await app.WithAsync(s => s.GetRequiredService<ReviewService>().AcceptAsync(actors.County, actors.County.UserId, id));
        if (!accepted.Succeeded) throw new InvalidOperationException(accepted.Error);
        return await LoadAsync(app, id);
    }

    private static Task<Template> LoadAsync(BenchHost app, long reportId) => app.WithAsync(async s =>
    {
        var db = s.GetRequiredService<SmeDbContext>();
        var subject = reportId.ToString(CultureInfo.InvariantCulture);
        var report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == reportId);
        var transitions = await db.Set<ReportTransition>().AsNoTracking().Where(t => t.ReportId == reportId).OrderBy(t => t.Id).ToListAsync();
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.SubjectType == ReportService.SubjectType && i.SubjectId == subject);
        var audit = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == ReportService.SubjectType && a.EntityId == subject).OrderBy(a => a.Id).ToListAsync();
        return new Template(report, transitions, instance, audit);
    });

    private const int Seed = 29;

    /// <summary>
    /// The other enterprises' August from ReportHistoryWriter (the same generator and seed the template used), then brought to the
    /// template's state: 审核中 at the city with its screening result and version, the 审核通过 transition gone, a workflow instance
    /// waiting where the template's waits (its variables with this report's enterprise), the template's audit rows for this report.
    /// </summary>
    private static async Task CloneAsync(BenchHost app, Actors actors, Template t)
    {
        var others = actors.Enterprises.Skip(1).ToList();
        await app.WithAsync(s => s.GetRequiredService<ReportHistoryWriter>().WriteAsync("monthly", Period, 1, Seed, 0, [.. others.Select(e => e.Id)], batchSize: 500));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var reports = db.Set<Report>().Where(r => r.Id != t.Report.Id && r.Year == Period.Year && r.Month == Period.Month);
        await reports.ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, t.Report.Status).SetProperty(r => r.ReviewLevel, t.Report.ReviewLevel)
            .SetProperty(r => r.ScreeningPassed, t.Report.ScreeningPassed).SetProperty(r => r.ScreeningMessages, t.Report.ScreeningMessages)
            .SetProperty(r => r.ApprovedAt, (DateTimeOffset?)null).SetProperty(r => r.Version, t.Report.Version));
        var kept = t.Transitions.Select(x => x.To).ToList();
        await db.Set<ReportTransition>().Where(x => x.ReportId != t.Report.Id && !kept.Contains(x.To)).ExecuteDeleteAsync();

        var byEnterprise = others.ToDictionary(e => e.Id);
        var rows = await reports.AsNoTracking().Select(r => new { r.Id, r.EnterpriseId, r.SubmittedAt }).ToListAsync();
        var templateVariables = t.Instance.GetVariables();
        var templateUser = actors.Enterprises[0].UserId;
        foreach (var chunk in rows.Chunk(1000))
        {
            var instances = chunk.Select(r =>
            {
                var variables = new Dictionary<string, string?>(templateVariables) { [ReportService.EnterpriseNameVariable] = byEnterprise[r.EnterpriseId].Name };
                var instance = new WorkflowInstance
                {
                    WorkflowName = t.Instance.WorkflowName, SubjectType = t.Instance.SubjectType, SubjectId = r.Id.ToString(CultureInfo.InvariantCulture),
                    Status = t.Instance.Status, BlockingActivityId = t.Instance.BlockingActivityId,
                    Variables = JsonSerializer.Serialize(variables, VariableJson),
                    CreatedAt = r.SubmittedAt!.Value, UpdatedAt = r.SubmittedAt.Value.AddDays(1), Version = t.Instance.Version,
                };
                db.Add(instance);
                return (r.Id, r.EnterpriseId, instance);
            }).ToList();
            await db.SaveChangesAsync();
            foreach (var (id, enterpriseId, instance) in instances)
                foreach (var a in t.Audit)
                    db.Add(new AuditEntry
                    {
                        At = instance.UpdatedAt.ToUniversalTime(), UserId = a.UserId, Action = a.Action, EntityType = a.EntityType, EntityId = id.ToString(CultureInfo.InvariantCulture),
                        Details = a.Details is null ? null : InstanceId().Replace(a.Details, $"\"instance\":{instance.Id}")
                            .Replace(templateUser, byEnterprise[enterpriseId].UserId, StringComparison.Ordinal),
                    });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private static readonly JsonSerializerOptions VariableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Regex InstanceId() => new("\"instance\":\\d+");

    /// <summary>A seeded report against the real one: the same report columns, transitions, instance (state and variables) and audit rows.</summary>
    private static async Task VerifyAsync(BenchHost app, Actors actors, Template t)
    {
        var last = actors.Enterprises[^1].Id;
        var otherId = await app.WithAsync(s => s.GetRequiredService<SmeDbContext>().Set<Report>().AsNoTracking()
            .Where(r => r.EnterpriseId == last).Select(r => r.Id).SingleAsync());
        var o = await LoadAsync(app, otherId);
        var problems = new List<string>();
        void Same<T>(string what, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) problems.Add($"{what}: real {a}, seeded {b}");
        }
        Same("status", t.Report.Status, o.Report.Status);
        Same("level", t.Report.ReviewLevel, o.Report.ReviewLevel);
        Same("screening", t.Report.ScreeningPassed, o.Report.ScreeningPassed);
        Same("version", t.Report.Version, o.Report.Version);
        Same("approved at", t.Report.ApprovedAt, o.Report.ApprovedAt);
        Same("submitted", t.Report.SubmittedAt is null, o.Report.SubmittedAt is null);
        Same("type version", t.Report.ReportTypeVersionId, o.Report.ReportTypeVersionId);
        Same("transitions", string.Join(",", t.Transitions.Select(x => $"{x.From}→{x.To}")), string.Join(",", o.Transitions.Select(x => $"{x.From}→{x.To}")));
        Same("instance", (t.Instance.WorkflowName, t.Instance.Status, t.Instance.BlockingActivityId), (o.Instance.WorkflowName, o.Instance.Status, o.Instance.BlockingActivityId));
        Same("variables", string.Join(",", t.Instance.GetVariables().Keys.Order()), string.Join(",", o.Instance.GetVariables().Keys.Order()));
        Same("audit", string.Join(",", t.Audit.Select(a => a.Action)), string.Join(",", o.Audit.Select(a => a.Action)));
        var values = await app.WithAsync(async s =>
        {
            var db = s.GetRequiredService<SmeDbContext>();
            return (await db.Set<ReportValue>().CountAsync(v => v.ReportId == t.Report.Id), await db.Set<ReportValue>().CountAsync(v => v.ReportId == otherId));
        });
        Same("value rows", values.Item1, values.Item2);
        // And as the product sees it: the task offered, the city's queue.
        var tasks = await app.WithAsync(async s =>
        {
            var runtime = s.GetRequiredService<IWorkflowRuntime>();
            var a = await runtime.FindTaskAsync(ReportService.SubjectOf(t.Report.Id));
            var b = await runtime.FindTaskAsync(ReportService.SubjectOf(otherId));
            return ($"{a?.ActivityId}:{string.Join("/", a?.Actions ?? [])}", $"{b?.ActivityId}:{string.Join("/", b?.Actions ?? [])}");
        });
        Same("task", tasks.Item1, tasks.Item2);
        var queue = await app.WithAsync(s => s.GetRequiredService<ReviewService>().ListAsync(actors.City, new ReviewQuery()));
        Same("city queue", Reports, queue.Total);
        if (problems.Count > 0) throw new InvalidOperationException("Seeded state differs from the real submit: " + string.Join("; ", problems));
        Console.WriteLine($"  seeded = real (report columns, transitions {string.Join(",", t.Transitions.Select(x => $"{x.From}→{x.To}"))}, instance at {t.Instance.BlockingActivityId}, " +
                          $"{t.Audit.Count} audit rows, {values.Item1} value rows, city queue {queue.Total:N0})");
    }

    /// <summary>Per second and app CPU ms per transaction: one transaction each of a single-row UPDATE of the report and an audit INSERT (EF, tracker cleared).</summary>
    private static async Task<(double PerSecond, double CpuMilliseconds)> BareAsync(BenchHost app, List<long> ids)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var watch = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.Version, r => r.Version + 1));
            audit.Record("bench.touch", ReportService.SubjectType, id.ToString(CultureInfo.InvariantCulture));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            db.ChangeTracker.Clear();
        }
        var perSecond = ids.Count / watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (perSecond, (process.TotalProcessorTime - cpu).TotalMilliseconds / ids.Count);
    }
}
