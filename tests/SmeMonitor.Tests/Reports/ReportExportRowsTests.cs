using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Jobs;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Reports.ReportImportKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>The period export's rows (REP-13) read page by page: every report of the scope once, with its own values, across page boundaries.</summary>
public class ReportExportRowsTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Pages_of_two_hold_every_report_of_the_scope_once_with_its_own_values_and_products(string provider)
    {
        var app = apps.Get(provider);
        // Zhejiang and Henan enterprises created in turns, so that out-of-scope ids fall inside and between the pages.
        var saved = new List<(int N, Enterprise Enterprise, Dictionary<string, IndicatorValues> Values, bool InScope)>();
        for (var n = 0; n < 7; n++)
        {
            var inScope = n % 3 != 1;
            var e = await app.EnterpriseAsync($"exr_{provider}_", n, inScope ? "330102" : "410102");
            var values = Complete(Industrial, August);
            values["revenue"] = V(1000 + n, 5000 + n, 900 + n, 4000 + n);
            var result = await app.WithAsync<ReportService, ReportResult>(s => s.SaveAsync(new ReportKey(e.Id, "monthly", August),
                new ReportEntry(values, [new($"产品{n}甲", null, "台", 2 + n, 1, 1), new($"产品{n}乙", "B", "件", 3, 2, 1)], $"填报人{n}", 0), e.UserId));
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(x => x.Message)));
            saved.Add((n, e, values, inScope));
        }
        var codes = saved.Select(s => s.Enterprise.CreditCode).ToHashSet();

        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var zhejiang = RegionScope.For(new Administrator { UserId = "x", Level = AdminLevel.Province, RegionCode = "330000" });
        var reports = services.GetRequiredService<ReportDetails>().InScope(zhejiang).Where(r => r.Year == August.Year && r.Month == August.Month);
        var export = services.GetRequiredService<ReportExportRows>();
        var indicators = National.Indicators.Select(i => i.Code).ToList();
        var progress = new List<int>();
        var rows = new List<object?[]>();
        await foreach (var row in export.ReportRowsAsync(reports, indicators, done => { progress.Add(done); return Task.CompletedTask; }, pageSize: 2))
            if (codes.Contains((string?)row[0])) rows.Add(row); // other tests' reports of the period may share the database

        var expected = saved.Where(s => s.InScope).ToList();
        Assert.Equal(expected.Select(s => s.Enterprise.CreditCode), rows.Select(r => (string?)r[0]));
        Assert.True(progress.SequenceEqual(progress.Order()) && progress.Zip(progress.Skip(1), (a, b) => b - a).All(d => d is > 0 and <= 2), string.Join(",", progress));
        foreach (var (row, (_, e, values, _)) in rows.Zip(expected))
        {
            Assert.Equal(ReportExportRows.HeadColumns + indicators.Count * ReportExportRows.IndicatorColumns, row.Length);
            Assert.Equal((e.Name, e.RegionCode, "编辑"), ((string?)row[1], (string?)row[2], (string?)row[3]));
            for (var n = 0; n < indicators.Count; n++)
            {
                var at = ReportExportRows.HeadColumns + n * ReportExportRows.IndicatorColumns;
                var v = values.GetValueOrDefault(indicators[n]) ?? IndicatorValues.Empty;
                Assert.Equal([v.Month, v.Cumulative, v.LastYearMonth, v.LastYearCumulative, v.CumulativeGrowth], row[at..(at + 5)].Select(x => (decimal?)x));
            }
        }
        Assert.Equal(25m, rows[0][ReportExportRows.HeadColumns + indicators.IndexOf("revenue") * ReportExportRows.IndicatorColumns + 4]); // (5000 − 4000) ÷ 4000

        var products = new List<object?[]>();
        await foreach (var p in export.ProductRowsAsync(reports))
            if (codes.Contains((string?)p[0])) products.Add(p);
        Assert.Equal(expected.SelectMany(s => new[] { (s.Enterprise.CreditCode, s.Enterprise.Name, $"产品{s.N}甲", "台"), (s.Enterprise.CreditCode, s.Enterprise.Name, $"产品{s.N}乙", "件") }),
            products.Select(p => ((string?)p[0], (string)p[1]!, (string)p[2]!, (string)p[4]!)));
        // The reading side is done with the context once the enumeration ends.
        Assert.True(await services.GetRequiredService<SmeDbContext>().Set<Report>().AnyAsync());
    }
}
