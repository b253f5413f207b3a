using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Bench;

/// <summary>
/// The review queue (企业上报数据审核, REV-3) over 50,000 reports of one province (浙江: 10,000 enterprises × 5 months; 编辑, 审核中 at
/// every level, 退回, 审核通过; 1 in 10 failed screening), as a province and a county administrator meet it: ReviewService.ListAsync
/// (count + page, as the page runs it) for the default view and with period, screening and keyword filters, and the real page
/// GET /admin/reviews over HTTP with the administrator's sign-in cookie; against the same count + page written by hand in SQL
/// (ADO.NET on the app's connection) in the same run. Target p95 ≤ 100 ms. SQLite, then PostgreSQL when configured.
/// </summary>
public sealed class ReviewQueueBenchmark : IBenchmark
{
    private const int Enterprises = 10_000, Months = 5, Runs = 150, PageSize = 20;
    private const int Year = 2024;

    public string Name => "review-queue";
    public string Description => $"review queue over {Enterprises * Months:N0} reports of a province (SQLite, PostgreSQL if configured): ListAsync and GET /admin/reviews p50/p95 vs hand-written SQL";

    public Task RunAsync() => Benchmarks.OnEachDatabaseAsync(RunOnAsync);

    private sealed record Case(string Name, Administrator Admin, ReviewQuery Query, string Url);

    private static async Task RunOnAsync(string provider, string connectionString)
    {
        await using var app = new BenchHost(provider, connectionString);
        var watch = Stopwatch.StartNew();
        _ = app.Services;
        Console.WriteLine($"{provider}: started with the national recipe in {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        var (province, county, counts) = await SeedAsync(app);
        if (provider == "postgres") await app.WithAsync(s => s.GetRequiredService<SmeDbContext>().Database.ExecuteSqlRawAsync("ANALYZE"));
        Console.WriteLine($"{provider}: {Enterprises * Months:N0} reports of {Enterprises:N0} enterprises seeded in {watch.ElapsedMilliseconds} ms ({counts})");

        var cases = new Case[]
        {
            new("province, default (waiting)", province, new ReviewQuery(), "/admin/reviews"),
            new("province, waiting, period", province, new ReviewQuery(Year: Year, Month: Months), $"/admin/reviews?year={Year}&month={Months}"),
            new("province, waiting, screening failed", province, new ReviewQuery(ScreeningPassed: false), "/admin/reviews?screening=failed"),
            new("province, waiting, keyword", province, new ReviewQuery(Keyword: "机械"), "/admin/reviews?q=" + Uri.EscapeDataString("机械")),
            new("province, all, period, page 10", province, new ReviewQuery(ReviewQuery.All, Year: Year, Month: 3, Page: 10), $"/admin/reviews?view=all&year={Year}&month=3&page=10"),
            new("county, default (waiting)", county, new ReviewQuery(), "/admin/reviews"),
            new("county, waiting, keyword", county, new ReviewQuery(Keyword: "机械"), "/admin/reviews?q=" + Uri.EscapeDataString("机械")),
        };
        var clients = new Dictionary<long, HttpClient>();
        foreach (var admin in new[] { province, county }) clients[admin.Id] = await ClientAsync(app, admin);
        try
        {
            foreach (var c in cases)
            {
                var total = (await app.WithAsync(s => s.GetRequiredService<ReviewService>().ListAsync(c.Admin, c.Query))).Total;
                var hand = await HandAsync(app, provider, c.Admin, c.Query);
                if (hand != total) throw new InvalidOperationException($"{c.Name}: the hand-written query counts {hand}, ListAsync {total}.");
                var client = clients[c.Admin.Id];
                var (service, sql, page) = (new List<double>(Runs), new List<double>(Runs), new List<double>(Runs));
                for (var i = 0; i < 10; i++)
                {
                    await TimeServiceAsync(app, c);
                    await TimeHandAsync(app, provider, c);
                    await TimePageAsync(client, c);
                }
                for (var i = 0; i < Runs; i++)
                {
                    service.Add(await TimeServiceAsync(app, c));
                    sql.Add(await TimeHandAsync(app, provider, c));
                    page.Add(await TimePageAsync(client, c));
                }
                double P(List<double> x, int p) => Benchmarks.Percentile(x, p);
                Console.WriteLine($"{provider}: {c.Name} (total {total:N0})");
                Console.WriteLine($"  ListAsync      p50 {P(service, 50),7:0.00} ms  p95 {P(service, 95),7:0.00} ms");
                Console.WriteLine($"  GET page       p50 {P(page, 50),7:0.00} ms  p95 {P(page, 95),7:0.00} ms");
                Console.WriteLine($"  hand SQL       p50 {P(sql, 50),7:0.00} ms  p95 {P(sql, 95),7:0.00} ms");
                Console.WriteLine($"  ratio ListAsync/hand p50 {P(service, 50) / P(sql, 50):0.00}×, p95 {P(service, 95) / P(sql, 95):0.00}×; page/hand p95 {P(page, 95) / P(sql, 95):0.00}×; " +
                                  $"target p95 ≤ 100 ms: ListAsync {(P(service, 95) <= 100 ? "met" : "NOT met")}, page {(P(page, 95) <= 100 ? "met" : "NOT met")}");
            }
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
    }

    private static async Task<double> TimeServiceAsync(BenchHost app, Case c)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
        var watch = Stopwatch.StartNew();
        var page = await reviews.ListAsync(c.Admin, c.Query);
        watch.Stop();
        if (page.Items.Count == 0) throw new InvalidOperationException($"{c.Name}: the queue is empty.");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimePageAsync(HttpClient client, Case c)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(c.Url);
        var html = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (!response.IsSuccessStatusCode || !html.Contains("/admin/reviews/", StringComparison.Ordinal))
            throw new InvalidOperationException($"GET {c.Url}: {(int)response.StatusCode}, no report row in the page.");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> TimeHandAsync(BenchHost app, string provider, Case c)
    {
        var watch = Stopwatch.StartNew();
        await HandAsync(app, provider, c.Admin, c.Query);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>ListAsync's count and page by hand: reports × enterprise × the enterprise's direct reviewer; returns the count.</summary>
    private static async Task<int> HandAsync(BenchHost app, string provider, Administrator admin, ReviewQuery query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<SmeDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var where = query.View is null or ReviewQuery.Waiting
                ? """
                  r."Status" = 'InReview' AND r."ReviewLevel" = @level AND r."RegionCode" LIKE @scope
                  AND (e."ReviewerId" IS NULL OR e."ReviewerId" = @admin OR a."Level" <> @levelNumber OR NOT a."Enabled")
                  """
                : """r."RegionCode" LIKE @scope AND r."Status" IN ('InReview', 'Approved', 'Returned')""";
            if (query.Year is not null) where += """ AND r."Year" = @year""";
            if (query.Month is not null) where += """ AND r."Month" = @month""";
            if (query.ScreeningPassed is not null) where += """ AND r."ScreeningPassed" = @passed""";
            if (query.Keyword is not null) where += """ AND (e."Name" LIKE @keyword OR e."CreditCode" LIKE @code)""";
            var from = $"""
                FROM "Reports" r
                JOIN "Enterprise" e ON e."Id" = r."EnterpriseId"
                LEFT JOIN "Administrator" a ON a."Id" = e."ReviewerId"
                WHERE {where}
                """;
            void Bind(DbCommand command)
            {
                Add(command, "level", admin.Level.ToString());
                Add(command, "levelNumber", (int)admin.Level);
                Add(command, "scope", admin.RegionPrefix + "%");
                Add(command, "admin", admin.Id);
                if (query.Year is { } y) Add(command, "year", y);
                if (query.Month is { } m) Add(command, "month", m);
                if (query.ScreeningPassed is { } p) Add(command, "passed", p);
                if (query.Keyword is { } k)
                {
                    Add(command, "keyword", "%" + k + "%");
                    Add(command, "code", k + "%");
                }
            }
            int total;
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) " + from;
                Bind(count);
                total = Convert.ToInt32(await count.ExecuteScalarAsync());
            }
            await using (var page = connection.CreateCommand())
            {
                page.CommandText = $"""
                    SELECT r."Id", r."EnterpriseId", e."Name", e."CreditCode", r."RegionCode", r."Year", r."Month", r."Status", r."ReviewLevel",
                           r."ScreeningPassed", r."SubmittedAt", e."ReviewerId", a."Level", a."Enabled"
                    {from}
                    ORDER BY r."Year", r."Month", r."Id"
                    LIMIT {PageSize} OFFSET {(Math.Max(1, query.Page) - 1) * PageSize}
                    """;
                Bind(page);
                await using var reader = await page.ExecuteReaderAsync();
                var rows = 0;
                while (await reader.ReadAsync()) rows++;
                if (rows == 0) throw new InvalidOperationException("The hand-written query found no row.");
            }
            return total;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>A client with the cookie the app issues to the administrator at sign-in (redirects not followed).</summary>
    private static async Task<HttpClient> ClientAsync(BenchHost app, Administrator admin)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<User>>().FindByIdAsync(admin.UserId) ?? throw new InvalidOperationException("No user.");
        var principal = await sp.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user);
        var options = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var cookie = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, new AuthenticationProperties(), IdentityConstants.ApplicationScheme));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{options.Cookie.Name}={cookie}");
        return client;
    }

    /// <summary>
    /// 浙江's province administrator; 杭州市 and 宁波市 administrators; county administrators of two 杭州 counties and one 宁波 county;
    /// 10,000 enterprises over the province's counties (1 in 10 with 机械 in its name), direct reviewer the lowest administrator
    /// above them (1 in 10 none); January to May of each: older months mostly 审核通过, the latest mostly 编辑 or 审核中, a report
    /// 审核中 waits at a level of its chain (from the direct reviewer up, levels with an administrator, the nation always).
    /// </summary>
    private static async Task<(Administrator Province, Administrator County, string Counts)> SeedAsync(BenchHost app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<SmeDbContext>();
        var type = (await sp.GetRequiredService<ReportTypeService>().FindAsync("monthly"))!;
        var counties = await db.Set<Region>().Where(r => r.Level == 3 && r.Code.StartsWith("33")).OrderBy(r => r.Code).Select(r => r.Code).ToListAsync();
        var hzCounties = counties.Where(c => c.StartsWith("3301")).Take(2).ToList();
        var nbCounty = counties.First(c => c.StartsWith("3302"));

        var admins = new List<Administrator>
        {
            BenchHost.AddAdministrator(db, "bench_q_zj", AdminLevel.Province, "330000"),
            BenchHost.AddAdministrator(db, "bench_q_hz", AdminLevel.City, "330100"),
            BenchHost.AddAdministrator(db, "bench_q_nb", AdminLevel.City, "330200"),
            BenchHost.AddAdministrator(db, "bench_q_c1", AdminLevel.County, hzCounties[0]),
            BenchHost.AddAdministrator(db, "bench_q_c2", AdminLevel.County, hzCounties[1]),
            BenchHost.AddAdministrator(db, "bench_q_c3", AdminLevel.County, nbCounty),
        };
        await db.SaveChangesAsync();
        var users = sp.GetRequiredService<UserManager<User>>();
        foreach (var a in admins)
        {
            var result = await users.AddToRoleAsync(a.User!, PermissionClaims.AdministratorRole);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        db.ChangeTracker.Clear();
        foreach (var a in admins) a.User = null;
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var random = new Random(11);
        var words = new[] { "机械", "科技", "食品", "纺织", "建材", "电子", "物流", "化工", "服装", "农业" };
        var now = DateTimeOffset.UtcNow;
        var statusCounts = new Dictionary<string, int>();
        for (var batch = 0; batch < Enterprises; batch += 1_000)
        {
            var enterprises = new List<Enterprise>();
            for (var i = batch; i < batch + 1_000; i++)
            {
                // A third of the enterprises in the administrators' counties (where a county reviews), the rest anywhere in the province.
                var region = random.Next(3) == 0 ? admins[3 + random.Next(3)].RegionCode : counties[random.Next(counties.Count)];
                var chain = admins.Where(a => RegionScope.For(a).Contains(region)).OrderByDescending(a => a.Level).ToList();
                var name = $"bench_q{i:D6}";
                var user = new User { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, CreatedAt = now, SecurityStamp = "s" };
                db.Add(user);
                var e = new Enterprise
                {
                    UserId = user.Id, Name = $"{words[i % words.Length]}审核企业{i:D6}有限公司", RegionCode = region, IndustryCode = "3360",
                    CreditCode = $"9133{i:D14}", Status = RegistrationStatus.Approved, Size = EnterpriseSize.Small,
                    ReviewerId = random.Next(10) == 0 ? null : chain[0].Id, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
                };
                db.Add(e);
                enterprises.Add(e);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();

            foreach (var e in enterprises)
            {
                // Levels this enterprise's reports pass through: the direct reviewer's and those above with an administrator, and the nation.
                var direct = e.ReviewerId is { } rid ? admins.First(a => a.Id == rid).Level : AdminLevel.County;
                var levels = admins.Where(a => a.Level <= direct && RegionScope.For(a).Contains(e.RegionCode)).Select(a => a.Level)
                    .Append(AdminLevel.Nation).Distinct().ToList();
                for (var month = 1; month <= Months; month++)
                {
                    var roll = random.Next(100);
                    // Older months are mostly decided; the latest are still being filled and reviewed.
                    var age = Months - month;
                    var status = roll < 10 + 5 * (4 - age) ? ReportStatus.Draft
                        : roll < 30 + 10 * (4 - age) ? ReportStatus.InReview
                        : roll < 35 + 10 * (4 - age) ? ReportStatus.Returned
                        : ReportStatus.Approved;
                    var submitted = new DateTimeOffset(Year, month, 1, 9, 0, 0, ReportPeriod.ChinaOffset).AddMonths(1).AddDays(random.Next(10));
                    var r = new Report
                    {
                        EnterpriseId = e.Id, ReportTypeId = type.Type.Id, ReportTypeVersionId = type.VersionId, Year = Year, Month = month,
                        Status = status, FillerName = "王明", RegionCode = e.RegionCode, IndustryCode = e.IndustryCode, Size = e.Size, FillMode = FillMode.Online,
                        CreatedAt = submitted.AddHours(-2), UpdatedAt = submitted, Version = 2,
                        SubmittedAt = status == ReportStatus.Draft ? null : submitted,
                        ApprovedAt = status == ReportStatus.Approved ? submitted.AddDays(3) : null,
                        ReviewLevel = status == ReportStatus.InReview ? levels[random.Next(levels.Count)] : null,
                        ReturnReason = status == ReportStatus.Returned ? "营业收入与上月差异过大，请核实。" : null,
                        ScreeningPassed = status == ReportStatus.Draft ? null : random.Next(10) != 0,
                    };
                    db.Add(r);
                    var key = status == ReportStatus.InReview ? $"InReview:{r.ReviewLevel}" : status.ToString();
                    statusCounts[key] = statusCounts.GetValueOrDefault(key) + 1;
                }
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return (admins[0], admins[3], string.Join(", ", statusCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value:N0}")));
    }
}
