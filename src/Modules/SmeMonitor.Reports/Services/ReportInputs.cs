using SmeMonitor.Directory.Models;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>The four typed columns of one indicator; null = blank (未填).</summary>
public sealed record IndicatorValues(decimal? Month = null, decimal? Cumulative = null, decimal? LastYearMonth = null, decimal? LastYearCumulative = null)
{
    public static readonly IndicatorValues Empty = new();

    public decimal? this[ValueColumn column] => column switch
    {
        ValueColumn.Month => Month,
        ValueColumn.Cumulative => Cumulative,
        ValueColumn.LastYearMonth => LastYearMonth,
        _ => LastYearCumulative,
    };

    public bool IsEmpty => Month is null && Cumulative is null && LastYearMonth is null && LastYearCumulative is null;

    /// <summary>
    /// 累计同比增长 (%): (本年1-本月 − 上年1-本月) ÷ 上年1-本月 × 100, rounded to two decimals; null when either is blank
    /// or last year's cumulative is 0. Computed for display and export, never stored or typed.
    /// </summary>
    public decimal? CumulativeGrowth => Growth(Cumulative, LastYearCumulative);

    /// <summary><see cref="CumulativeGrowth"/> of 本年1-本月 and 上年1-本月 (the export computes it without building the record).</summary>
    public static decimal? Growth(decimal? cumulative, decimal? lastYearCumulative) =>
        cumulative is { } c && lastYearCumulative is { } lc && lc != 0 ? Math.Round((c - lc) / Math.Abs(lc) * 100, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>The values of stored rows, by indicator code.</summary>
    public static Dictionary<string, IndicatorValues> From(IEnumerable<ReportValue> rows) =>
        rows.GroupBy(r => r.IndicatorCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            decimal? Get(ValueColumn c) => g.FirstOrDefault(r => r.Column == c)?.Value;
            return new IndicatorValues(Get(ValueColumn.Month), Get(ValueColumn.Cumulative), Get(ValueColumn.LastYearMonth), Get(ValueColumn.LastYearCumulative));
        }, StringComparer.Ordinal);

    public static readonly ValueColumn[] Columns = [ValueColumn.Month, ValueColumn.Cumulative, ValueColumn.LastYearMonth, ValueColumn.LastYearCumulative];
}

/// <summary>One typed row of 主要产品产销存 (REP-7); blanks are null.</summary>
public sealed record ProductRow(string? Name, string? Code, string? Unit, decimal? Production, decimal? Sales, decimal? ClosingStock);

/// <summary>
/// What rules may know of the enterprise: county code, GB/T 4754 小类, its 门类 letter (from the Directory's industry
/// table; B, C, D are 工业) and size. Rules see it as <c>enterprise</c> = { region, industry, section, size }.
/// </summary>
public sealed record EnterpriseFacts(string RegionCode, string? IndustryCode, string? Section, EnterpriseSize? Size);

/// <summary>
/// Everything one check needs. <see cref="LastMonth"/> and <see cref="LastYear"/> are the values of the enterprise's
/// reports of the previous month and of the same month last year, given only when those are 审核通过 (else null).
/// </summary>
public sealed record ReportCheckInput(
    ReportDefinition Definition,
    EnterpriseFacts Enterprise,
    ReportPeriod Period,
    IReadOnlyDictionary<string, IndicatorValues> Values,
    IReadOnlyList<ProductRow> Products,
    IReadOnlyDictionary<string, IndicatorValues>? LastMonth = null,
    IReadOnlyDictionary<string, IndicatorValues>? LastYear = null);
