using System.Buffers;
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
/// The rows of the period export's 报表 and 产品 sheets, read from the database a page of reports at a time (by id range, no
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
        var pages = Channel.CreateBounded<Page>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                // The scope and the period select the ids once (8 bytes a report); each page then reads its id range by primary
                // key, keeping only those ids, instead of filtering the period again per page (SQLite would walk the whole
                // period's index for every page).
                // One connection for the whole read. On SQLite every pooled connection maps the database file into memory
                // (SqliteConnectionTuning): a query per page on whichever connection the pool hands out maps the period's pages
                // into several of them, each counted in the host's resident memory (bench report-export: 465 MB peak instead of 279).
                await db.Database.OpenConnectionAsync(stop.Token);
                try
                {
                    var ids = await reports.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(stop.Token);
                    for (var start = 0; start < ids.Count; start += pageSize)
                    {
                        var page = await PageAsync(ids.GetRange(start, Math.Min(pageSize, ids.Count - start)), index, statusText, stop.Token);
                        await pages.Writer.WriteAsync(page, stop.Token);
                        await progress(Math.Min(start + pageSize, ids.Count));
                    }
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
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
            {
                for (var r = 0; r < page.Count; r++) yield return page.Row(r);
                page.Release();
            }
        }
        finally
        {
            // Abandoned or failed: stop reading before anyone else uses the context.
            await stop.CancelAsync();
            await reading;
        }
    }

    /// <summary>
    /// A page of reports as read: per report its head cells, and its indicator cells (per indicator the four columns and
    /// 累计同比增长) in one pooled block. A page waits for the writer behind the one being written, long enough for the garbage
    /// collector to promote whatever it holds; kept as a few arrays, and each row's cells boxed only when the writer takes the
    /// row, the export's garbage dies young instead of filling the old generation (bench report-export: the host's peak).
    /// </summary>
    private sealed class Page(int count, string?[] heads, decimal?[] cells, int cellsPerRow)
    {
        public int Count => count;

        public object?[] Row(int r)
        {
            var row = new object?[HeadColumns + cellsPerRow];
            Array.Copy(heads, r * HeadColumns, row, 0, HeadColumns);
            for (int c = 0, at = r * cellsPerRow; c < cellsPerRow; c++, at++) row[HeadColumns + c] = cells[at];
            return row;
        }

        /// <summary>The cells go back to the pool: no row of this page is asked for afterwards.</summary>
        public void Release() => ArrayPool<decimal?>.Shared.Return(cells);
    }

    /// <summary>The reports <paramref name="ids"/> (ascending), read by their id range; ids in the range that are not theirs are skipped.</summary>
    private async Task<Page> PageAsync(List<long> ids, Dictionary<string, int> index, Dictionary<ReportStatus, string> statusText, CancellationToken ct)
    {
        var (first, last) = (ids[0], ids[^1]);
        var cellsPerRow = index.Count * IndicatorColumns;
        var wanted = ids.ToHashSet();
        var rowOf = new Dictionary<long, int>(ids.Count);
        var headCells = new string?[ids.Count * HeadColumns];
        var cells = ArrayPool<decimal?>.Shared.Rent(Math.Max(1, ids.Count * cellsPerRow));
        Array.Clear(cells, 0, ids.Count * cellsPerRow);
        var heads = from r in db.Set<Report>()
                    join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id
                    where r.Id >= first && r.Id <= last
                    orderby r.Id
                    select new Head(r.Id, e.CreditCode, e.Name, r.RegionCode, r.Status, r.FillerName, r.UpdatedAt);
        var count = 0;
        await foreach (var h in heads.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!wanted.Contains(h.Id)) continue;
            var at = count * HeadColumns;
            (headCells[at], headCells[at + 1], headCells[at + 2], headCells[at + 3], headCells[at + 4], headCells[at + 5]) = (h.CreditCode, h.Name, h.RegionCode,
                statusText[h.Status], h.FillerName, h.UpdatedAt.ToOffset(ReportPeriod.ChinaOffset).ToString("yyyy-MM-dd HH:mm"));
            rowOf[h.Id] = count++;
        }
        var values = db.Set<ReportValue>().Where(v => v.ReportId >= first && v.ReportId <= last)
            .Select(v => new Value(v.ReportId, v.IndicatorCode, v.Column, v.Value));
        // The values come report by report: the row of the last one is kept for the next.
        var (currentId, current) = (0L, -1);
        await foreach (var v in values.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            if (v.ReportId != currentId) (currentId, current) = (v.ReportId, rowOf.GetValueOrDefault(v.ReportId, -1));
            if (current >= 0 && index.TryGetValue(v.IndicatorCode, out var n))
                cells[current * cellsPerRow + n * IndicatorColumns + (int)v.Column - 1] = v.Amount;
        }
        for (var r = 0; r < count; r++)
            for (var n = 0; n < index.Count; n++)
            {
                var at = r * cellsPerRow + n * IndicatorColumns;
                cells[at + 4] = IndicatorValues.Growth(cells[at + 1], cells[at + 3]);
            }
        return new Page(count, headCells, cells, cellsPerRow);
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
