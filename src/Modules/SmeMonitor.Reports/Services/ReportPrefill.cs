namespace SmeMonitor.Reports.Services;

/// <summary>
/// 预填 (REP-3): suggestions for blank columns from the enterprise's approved reports. Typed values always win.
/// <list type="bullet">
/// <item>上年本月 = last year's same-month report's 本年本月; 上年1-本月 = its 本年1-本月 (every indicator).</item>
/// <item>本年1-本月 of a flow = last month's approved 本年1-本月 + this 本年本月; in January it equals 本年本月.
/// Without this month's value, or (after January) without an approved last month, there is no suggestion.</item>
/// </list>
/// The wizard runs the same arithmetic as the user types; the balance checks say when a typed value disagrees.
/// </summary>
public static class ReportPrefill
{
    /// <param name="typed">What the user typed so far (may be empty).</param>
    /// <param name="lastMonth">The approved previous-month report's values, or null.</param>
    /// <param name="lastYear">The approved same-month-last-year report's values, or null.</param>
    /// <returns>For every applicable indicator: the typed values with blanks filled in where a suggestion exists.</returns>
    public static Dictionary<string, IndicatorValues> Apply(IReadOnlyList<IndicatorDefinition> applicable, ReportPeriod period,
        IReadOnlyDictionary<string, IndicatorValues> typed, IReadOnlyDictionary<string, IndicatorValues>? lastMonth,
        IReadOnlyDictionary<string, IndicatorValues>? lastYear)
    {
        var result = new Dictionary<string, IndicatorValues>(StringComparer.Ordinal);
        foreach (var indicator in applicable)
        {
            var x = typed.GetValueOrDefault(indicator.Code) ?? IndicatorValues.Empty;
            var year = lastYear?.GetValueOrDefault(indicator.Code);
            var cumulative = x.Cumulative;
            if (cumulative is null && indicator.Kind == IndicatorKind.Flow && x.Month is { } month)
                cumulative = period.IsJanuary ? month
                    : lastMonth?.GetValueOrDefault(indicator.Code)?.Cumulative is { } before ? before + month : null;
            result[indicator.Code] = x with
            {
                Cumulative = cumulative,
                LastYearMonth = x.LastYearMonth ?? year?.Month,
                LastYearCumulative = x.LastYearCumulative ?? year?.Cumulative,
            };
        }
        return result;
    }
}
