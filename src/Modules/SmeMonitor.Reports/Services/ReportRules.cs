using SmeMonitor.Core.Scripting;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// The globals report rules see, and how inputs are shaped; the browser builds the same objects for rules.js.
/// <list type="bullet">
/// <item><c>enterprise</c> = { region: "330102", industry: "3610", section: "C", size: "Small" | null }</item>
/// <item><c>period</c> = { year: 2021, month: 9, quarterEnd: false }</item>
/// <item><c>v</c> = { CODE: { m, c, lm, lc } } for each indicator that applies to this report: 本年本月, 本年1-本月, 上年本月,
/// 上年1-本月 as numbers, null when blank.</item>
/// <item><c>lastMonth</c>, <c>lastYear</c> = the same shape for the approved report of the previous month / of the same month
/// last year (every indicator of the definition, null where blank). Declared only for rules that list them in "needs".</item>
/// </list>
/// Applicability expressions (indicator and rule "applies") see only <c>enterprise</c> and <c>period</c>.
/// </summary>
public static class ReportRules
{
    public const string Values = "v", Enterprise = "enterprise", Period = "period", LastMonth = "lastMonth", LastYear = "lastYear";

    /// <summary>The earlier reports a rule may need.</summary>
    public static readonly IReadOnlyList<string> Needs = [LastMonth, LastYear];

    public static readonly RuleGlobals ApplyGlobals = new(Enterprise, Period);

    private static readonly RuleGlobals Current = new(Values, Enterprise, Period), WithLastMonth = new(Values, Enterprise, Period, LastMonth),
        WithLastYear = new(Values, Enterprise, Period, LastYear), WithBoth = new(Values, Enterprise, Period, LastMonth, LastYear);

    /// <summary>The globals of a rule: v, enterprise, period and the reports it needs (in a fixed order).</summary>
    public static RuleGlobals GlobalsFor(IReadOnlyList<string> needs) => (needs.Contains(LastMonth), needs.Contains(LastYear)) switch
    {
        (false, false) => Current,
        (true, false) => WithLastMonth,
        (false, true) => WithLastYear,
        _ => WithBoth,
    };

    public static Dictionary<string, object?> EnterpriseInput(EnterpriseFacts e) => new()
    {
        ["region"] = e.RegionCode, ["industry"] = e.IndustryCode, ["section"] = e.Section, ["size"] = e.Size?.ToString(),
    };

    public static Dictionary<string, object?> PeriodInput(ReportPeriod p, ReportDefinition d) => new()
    {
        ["year"] = p.Year, ["month"] = p.Month, ["quarterEnd"] = d.QuarterEndMonths.Contains(p.Month),
    };

    private static readonly string[] ValueColumns = ["m", "c", "lm", "lc"];

    /// <summary>The <c>v</c>, <c>lastMonth</c> or <c>lastYear</c> input: the four columns of each indicator, null where blank or absent.</summary>
    public static RuleNumberRows ValuesInput(IEnumerable<string> codes, IReadOnlyDictionary<string, IndicatorValues> values)
    {
        var rows = codes as IReadOnlyList<string> ?? codes.ToList();
        var cells = new decimal?[rows.Count * ValueColumns.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            if (values.GetValueOrDefault(rows[r]) is not { } x) continue;
            var i = r * ValueColumns.Length;
            (cells[i], cells[i + 1], cells[i + 2], cells[i + 3]) = (x.Month, x.Cumulative, x.LastYearMonth, x.LastYearCumulative);
        }
        return new RuleNumberRows(rows, ValueColumns, cells);
    }
}
