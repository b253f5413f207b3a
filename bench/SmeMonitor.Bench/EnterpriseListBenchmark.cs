using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Bench;

/// <summary>
/// 监测企业信息管理 list over 50,000 enterprises (target p95 ≤ 50 ms): the real app's EnterpriseDirectory
/// (count + page + region names, as the page and the API run it) for a province administrator, with
/// region prefix + keyword + status, page 1 and a deep page, against the same query written by hand in SQL
/// (ADO.NET on the app's connection) in the same run. SQLite always; PostgreSQL too when
/// SMEMONITOR_BENCH_POSTGRES (or SMEMONITOR_TEST_POSTGRES) holds a server connection string.
/// </summary>
public sealed class EnterpriseListBenchmark : IBenchmark
{
    public string Name => "enterprise-list";
    public string Description => "enterprise list with filters over 50,000 enterprises (SQLite, PostgreSQL if configured): p50/p95 vs hand-written SQL";

    private const int Enterprises = 50_000;
    private const int Runs = 300;
    private const int PageSize = 20;

    public Task RunAsync() => Benchmarks.OnEachDatabaseAsync(RunOnAsync);

    private static async Task RunOnAsync(string provider, string connectionString)
    {
        await using var app = new BenchHost(provider, connectionString);
        var started = Stopwatch.StartNew();
        _ = app.Services; // starts the host: migrations and the national recipe
        Console.WriteLine($"{provider}: started with the national recipe in {started.ElapsedMilliseconds} ms");
        started.Restart();
        var actor = await SeedAsync(app.Services);
        if (provider == "postgres")
        {
            // Autovacuum would analyze the fresh tables at some moment during the runs and change the plans midway
            // (seen: the deep page went from ~30 to ~100 ms p95 between two runs); a live database has its statistics.
            await using var s = app.Services.CreateAsyncScope();
            await s.ServiceProvider.GetRequiredService<SmeDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
        }
        Console.WriteLine($"{provider}: {Enterprises:N0} enterprises inserted in {started.ElapsedMilliseconds} ms");

        var scope = RegionScope.For(actor);
        var cases = new (string Name, EnterpriseFilter Filter)[]
        {
            ("city + keyword + status, page 1", new EnterpriseFilter("330100", "机械", RegistrationStatus.Approved, null, 1, PageSize)),
            ("province, page 1", new EnterpriseFilter(null, null, null, null, 1, PageSize)),
            ("province, deep page (1,000)", new EnterpriseFilter(null, null, null, null, 1000, PageSize)),
            ("city + status, deep page (last)", new EnterpriseFilter("330100", null, RegistrationStatus.Approved, null, int.MaxValue / PageSize, PageSize)),
        };
        foreach (var (name, filter) in cases)
        {
            // Same page both ways: clamp "last page" to the real count first.
            var total = await WithDirectoryAsync(app.Services, d => d.ListAsync(d.Manageable(scope), filter with { Page = 1 }));
            var f = filter with { Page = Math.Min(filter.Page, Math.Max(1, (total.Total + PageSize - 1) / PageSize)) };
            var service = new List<double>(Runs);
            var hand = new List<double>(Runs);
            for (var i = 0; i < 20; i++) { await TimeServiceAsync(app.Services, scope, f); await TimeHandAsync(app.Services, provider, actor, f); }
            for (var i = 0; i < Runs; i++)
            {
                service.Add(await TimeServiceAsync(app.Services, scope, f));
                hand.Add(await TimeHandAsync(app.Services, provider, actor, f));
            }
            var p50 = Benchmarks.Percentile(service, 50);
            var p95 = Benchmarks.Percentile(service, 95);
            Console.WriteLine($"{provider}: {name} (total {total.Total:N0}, page {f.Page})");
            Console.WriteLine($"  service  p50 {p50:0.00} ms  p95 {p95:0.00} ms");
            Console.WriteLine($"  hand SQL p50 {Benchmarks.Percentile(hand, 50):0.00} ms  p95 {Benchmarks.Percentile(hand, 95):0.00} ms");
            Console.WriteLine($"  ratio service/hand: p50 {p50 / Benchmarks.Percentile(hand, 50):0.00}×, p95 {p95 / Benchmarks.Percentile(hand, 95):0.00}×; target p95 ≤ 50 ms: {(p95 <= 50 ? "met" : "NOT met")}");
        }
    }

    private static async Task<T> WithDirectoryAsync<T>(IServiceProvider services, Func<EnterpriseDirectory, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<EnterpriseDirectory>());
    }

    private static async Task<double> TimeServiceAsync(IServiceProvider services, RegionScope scope, EnterpriseFilter filter)
    {
        await using var s = services.CreateAsyncScope();
        var directory = s.ServiceProvider.GetRequiredService<EnterpriseDirectory>();
        var watch = Stopwatch.StartNew();
        var page = await directory.ListAsync(directory.Manageable(scope), filter);
        watch.Stop();
        if (page.Items.Count == 0) throw new InvalidOperationException("The benchmark's filter found nothing.");
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>The same count, page and region names in plain SQL, on the same pooled connection kind.</summary>
    private static async Task<double> TimeHandAsync(IServiceProvider services, string provider, Administrator actor, EnterpriseFilter filter)
    {
        await using var s = services.CreateAsyncScope();
        var connection = s.ServiceProvider.GetRequiredService<SmeDbContext>().Database.GetDbConnection();
        var watch = Stopwatch.StartNew();
        await connection.OpenAsync();
        try
        {
            var where = $"""
                FROM "Enterprise" e
                LEFT JOIN "Administrator" r ON r."Id" = e."ReviewerId"
                WHERE e."RegionCode" LIKE @scope
                  AND (e."ReviewerId" IS NULL OR e."ReviewerId" = @actor OR (r."Level" > @level AND r."RegionCode" LIKE @scope))
                """;
            var prefix = filter.RegionCode is null ? null : RegionScope.PrefixOf(RegionScope.LevelOf(filter.RegionCode), filter.RegionCode);
            if (prefix is not null) where += """ AND e."RegionCode" LIKE @region AND e."RegionCode" >= @regionLow AND e."RegionCode" < @regionHigh""";
            if (filter.Keyword is not null) where += """ AND (e."Name" LIKE @keyword OR e."UserId" IN (SELECT u."Id" FROM "AspNetUsers" u WHERE u."UserName" LIKE @keyword))""";
            if (filter.Status is not null) where += """ AND e."Status" = @status""";

            void Bind(DbCommand c)
            {
                Add(c, "scope", actor.RegionPrefix + "%");
                Add(c, "actor", actor.Id);
                Add(c, "level", (int)actor.Level);
                if (prefix is not null)
                {
                    Add(c, "region", prefix + "%");
                    Add(c, "regionLow", prefix);
                    Add(c, "regionHigh", Next(prefix));
                }
                if (filter.Keyword is not null) Add(c, "keyword", "%" + filter.Keyword + "%");
                if (filter.Status is not null) Add(c, "status", (int)filter.Status.Value);
            }

            await using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) " + where;
                Bind(count);
                await count.ExecuteScalarAsync();
            }
            var rows = 0;
            await using (var page = connection.CreateCommand())
            {
                page.CommandText = $"""
                    SELECT e."Id", e."Name", u."UserName", e."RegionCode", g."Path", e."CreditCode", e."Size", e."Status", e."Disabled",
                           e."ReviewerId", ru."DisplayName", e."SubmittedAt", e."Version"
                    FROM (SELECT e."Id" {where} ORDER BY e."Id" DESC LIMIT {filter.SafePageSize} OFFSET {(filter.SafePage - 1) * filter.SafePageSize}) p
                    JOIN "Enterprise" e ON e."Id" = p."Id"
                    JOIN "AspNetUsers" u ON u."Id" = e."UserId"
                    LEFT JOIN "Region" g ON g."Code" = e."RegionCode"
                    LEFT JOIN "Administrator" r ON r."Id" = e."ReviewerId"
                    LEFT JOIN "AspNetUsers" ru ON ru."Id" = r."UserId"
                    ORDER BY e."Id" DESC
                    """;
                Bind(page);
                await using var reader = await page.ExecuteReaderAsync();
                while (await reader.ReadAsync()) rows++;
            }
            watch.Stop();
            if (rows == 0) throw new InvalidOperationException("The hand-written query found nothing.");
            return watch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>The code prefix after this one ("3301" → "3302"): the end of its range of codes.</summary>
    private static string Next(string prefix) => (long.Parse(prefix) + 1).ToString().PadLeft(prefix.Length, '0');

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>
    /// A province administrator of Zhejiang with two city and two county administrators as reviewers, and 50,000 enterprises:
    /// 80% in Zhejiang's counties, the rest in Henan's; one in ten has 机械 in its name; statuses spread like a live system.
    /// </summary>
    private static async Task<Administrator> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var counties = await db.Set<Region>().Where(r => r.Level == 3 && (r.Code.StartsWith("33") || r.Code.StartsWith("41")))
            .OrderBy(r => r.Code).Select(r => r.Code).ToListAsync();
        var zhejiang = counties.Where(c => c.StartsWith("33")).ToList();
        var henan = counties.Where(c => c.StartsWith("41")).ToList();

        var now = DateTimeOffset.UtcNow;
        Administrator Admin(string name, AdminLevel level, string region)
        {
            var user = new User { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString() };
            db.Add(user);
            var admin = new Administrator { UserId = user.Id, Level = level, RegionCode = region, CreatedAt = now };
            db.Add(admin);
            return admin;
        }
        var province = Admin("bench_zj", AdminLevel.Province, "330000");
        var reviewers = new[]
        {
            province, Admin("bench_hz", AdminLevel.City, "330100"), Admin("bench_nb", AdminLevel.City, "330200"),
            Admin("bench_sc", AdminLevel.County, "330102"), Admin("bench_ha", AdminLevel.Province, "410000"),
        };
        await db.SaveChangesAsync();

        var random = new Random(7);
        var words = new[] { "机械", "科技", "食品", "纺织", "建材", "电子", "物流", "化工", "服装", "农业" };
        for (var batch = 0; batch < Enterprises; batch += 5_000)
        {
            for (var i = batch; i < batch + 5_000; i++)
            {
                var region = random.NextDouble() < 0.8 ? zhejiang[random.Next(zhejiang.Count)] : henan[random.Next(henan.Count)];
                var userName = $"bench{i:D6}";
                var user = new User { UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName, CreatedAt = now, SecurityStamp = "s" };
                var reviewer = reviewers.Where(r => RegionScope.For(r).Contains(region)).OrderBy(_ => random.Next()).FirstOrDefault();
                var roll = random.Next(100);
                db.Add(user);
                db.Add(new Enterprise
                {
                    UserId = user.Id, Name = $"{words[i % words.Length]}企业{i:D6}有限公司", RegionCode = region, IndustryCode = "3610",
                    CreditCode = $"91{i:D16}", Status = roll < 80 ? RegistrationStatus.Approved : roll < 92 ? RegistrationStatus.PendingReview : roll < 97 ? RegistrationStatus.Returned : RegistrationStatus.Draft,
                    ReviewerId = random.Next(10) == 0 ? null : reviewer?.Id, Disabled = random.Next(50) == 0, Size = EnterpriseSize.Small,
                    CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
                });
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return province;
    }
}
