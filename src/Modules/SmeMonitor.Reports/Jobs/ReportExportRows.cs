using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Jobs;

/// <summary>
/// The rows of the period export's 报表 and 产品 sheets, read from the database a page of reports at a time (by id, no
/// tracking, lean projections). The next page is read while the writer takes the current one, so the export costs about the
/// longer of reading and writing instead of their sum.
/// </summary>
public sealed class ReportExportRows(SmeDbContext db, IStringLocalizer<Strings> T)
{
    public const int DefaultPageSize = 1000;
    /// <summary>Before the indicators: 统一社会信用代码, 企业名称, 地区代码, 状态, 填报人, 填报日期.</summary>
    public const int HeadColumns = 6;
    /// <summary>Per indicator: its four typed columns, then 累计同比增长.</summary>
    public const int IndicatorColumns = 5;

    private sealed record Head(long Id, string? CreditCode, string Name, string RegionCode, ReportStatus Status, string FillerName, DateTimeOffset UpdatedAt);

    private sealed record Value(long ReportId, string IndicatorCode, ValueColumn Column, decimal Amount);

    /// <summary>
    /// One row per report of <paramref name="reports"/>, in id order: the head columns, then per indicator of
    /// <paramref name="indicators"/> (in order) its four columns and 累计同比增长. <paramref name="progress"/> gets the number of
    /// reports read so far after each page. The database is only used by the reading side; it is free again when the
    /// enumeration ends (completed, failed or abandoned).
    /// </summary>
    public async IAsyncEnumerable<object?[]> ReportRowsAsync(IQueryable<Report> reports, IReadOnlyList<string> indicators, Func<int, Task> progress,
        int pageSize = DefaultPageSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var index = indicators.Select((code, n) => (code, n)).ToDictionary(x => x.code, x => x.n, StringComparer.Ordinal);
        var statusText = Enum.GetValues<ReportStatus>().ToDictionary(s => s, s => T[ReportActions.StatusText(s)].Value);
        // Two pages ahead at most: memory stays flat whatever the number of reports.
        var pages = Channel.CreateBounded<object?[][]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                var done = 0;
                await foreach (var (heads, last) in PagesAsync(reports, pageSize, stop.Token))
                {
                    var rows = await PageRowsAsync(reports, heads, last, index, statusText, stop.Token);
                    await pages.Writer.WriteAsync(rows, stop.Token);
                    done += rows.Length;
                    await progress(done);
                }
                pages.Writer.Complete();
            }
            catch (Exception e)
            {
                pages.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(ct))
                foreach (var row in page)
                    yield return row;
        }
        finally
        {
            // Abandoned or failed: stop reading before anyone else uses the context.
            await stop.CancelAsync();
            await reading;
        }
    }

    /// <summary>The heads of the reports, a page at a time in id order: each page starts after the last id of the one before (no OFFSET).</summary>
    private async IAsyncEnumerable<(List<Head> Heads, long Last)> PagesAsync(IQueryable<Report> reports, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        for (long after = 0; ;)
        {
            var page = await (from r in reports.Where(r => r.Id > after)
                              join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id
                              orderby r.Id
                              select new Head(r.Id, e.CreditCode, e.Name, r.RegionCode, r.Status, r.FillerName, r.UpdatedAt))
                .Take(pageSize).AsNoTracking().ToListAsync(ct);
            if (page.Count > 0) yield return (page, page[^1].Id);
            if (page.Count < pageSize) yield break;
            after = page[^1].Id;
        }
    }

    /// <summary>
    /// The rows of one page. Its values are the values of the same reports query within the page's id range (first to last
    /// id): exactly the page's reports, read in one pass without an id list.
    /// </summary>
    private async Task<object?[][]> PageRowsAsync(IQueryable<Report> reports, List<Head> heads, long last, Dictionary<string, int> index,
        Dictionary<ReportStatus, string> statusText, CancellationToken ct)
    {
        var first = heads[0].Id;
        var width = HeadColumns + index.Count * IndicatorColumns;
        var rows = new object?[heads.Count][];
        var byId = new Dictionary<long, object?[]>(heads.Count);
        for (var i = 0; i < heads.Count; i++)
        {
            var h = heads[i];
            var row = rows[i] = new object?[width];
            (row[0], row[1], row[2], row[3], row[4], row[5]) = (h.CreditCode, h.Name, h.RegionCode, statusText[h.Status], h.FillerName,
                h.UpdatedAt.ToOffset(ReportPeriod.ChinaOffset).ToString("yyyy-MM-dd HH:mm"));
            byId[h.Id] = row;
        }
        var values = from v in db.Set<ReportValue>()
                     join r in reports on v.ReportId equals r.Id
                     where r.Id >= first && r.Id <= last
                     select new Value(v.ReportId, v.IndicatorCode, v.Column, v.Value);
        // The values come report by report in practice: the last row found is kept for the next value.
        var (currentId, current) = (0L, (object?[]?)null);
        await foreach (var v in values.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            if (v.ReportId != currentId) (currentId, current) = (v.ReportId, byId[v.ReportId]);
            if (index.TryGetValue(v.IndicatorCode, out var n))
                current![HeadColumns + n * IndicatorColumns + (int)v.Column - 1] = v.Amount;
        }
        foreach (var row in rows)
            for (var n = 0; n < index.Count; n++)
            {
                var at = HeadColumns + n * IndicatorColumns;
                row[at + 4] = IndicatorValues.Growth((decimal?)row[at + 1], (decimal?)row[at + 3]);
            }
        return rows;
    }

    /// <summary>The products of the same reports, report by report (id order), each in form order: one streamed query.</summary>
    public async IAsyncEnumerable<object?[]> ProductRowsAsync(IQueryable<Report> reports, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var products = from p in db.Set<ReportProduct>()
                       join r in reports on p.ReportId equals r.Id
                       join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id
                       orderby p.ReportId, p.Row
                       select new { e.CreditCode, e.Name, Product = p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock };
        await foreach (var p in products.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            yield return [p.CreditCode, p.Name, p.Product, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock];
    }
}
