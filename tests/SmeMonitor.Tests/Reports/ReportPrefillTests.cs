using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>REP-3: suggestions from the approved earlier reports; typed values win.</summary>
public class ReportPrefillTests
{
    private static readonly ReportPeriod July = new(2021, 7);
    private static IReadOnlyList<IndicatorDefinition> Applicable(ReportPeriod p) => Checker.Applicable(National, Industrial, p);

    [Fact]
    public void Last_years_columns_come_from_last_years_same_month()
    {
        var lastYear = new Dictionary<string, IndicatorValues> { ["revenue"] = V(80, 500, 70, 400), ["employees"] = V(30, 30) };
        var result = ReportPrefill.Apply(Applicable(July), July, new Dictionary<string, IndicatorValues>(), null, lastYear);
        Assert.Equal(V(null, null, 80, 500), result["revenue"]);
        Assert.Equal(V(null, null, 30, 30), result["employees"]);
        Assert.Equal(IndicatorValues.Empty, result["cost"]);
        Assert.Equal(Applicable(July).Select(i => i.Code), result.Keys);
    }

    [Fact]
    public void This_years_cumulative_of_a_flow_is_last_months_plus_this_month()
    {
        var lastMonth = new Dictionary<string, IndicatorValues> { ["revenue"] = V(90, 600), ["receivables"] = V(300, 300) };
        var typed = new Dictionary<string, IndicatorValues> { ["revenue"] = V(100.5m, null), ["receivables"] = V(310, null), ["cost"] = V(50, null) };
        var result = ReportPrefill.Apply(Applicable(July), July, typed, lastMonth, null);
        Assert.Equal(700.5m, result["revenue"].Cumulative);
        Assert.Null(result["receivables"].Cumulative); // a stock has no cumulative to suggest
        Assert.Null(result["cost"].Cumulative); // last month has no cost
        Assert.Null(ReportPrefill.Apply(Applicable(July), July, typed, null, null)["revenue"].Cumulative); // last month not approved
    }

    [Fact]
    public void In_January_the_cumulative_is_the_month()
    {
        var january = new ReportPeriod(2022, 1);
        var typed = new Dictionary<string, IndicatorValues> { ["revenue"] = V(100, null), ["output"] = V(null, null) };
        var result = ReportPrefill.Apply(Applicable(january), january, typed, null, null);
        Assert.Equal(100, result["revenue"].Cumulative);
        Assert.Null(result["output"].Cumulative);
    }

    [Fact]
    public void Typed_values_win_over_suggestions()
    {
        var lastMonth = new Dictionary<string, IndicatorValues> { ["revenue"] = V(90, 600) };
        var lastYear = new Dictionary<string, IndicatorValues> { ["revenue"] = V(80, 500) };
        var typed = new Dictionary<string, IndicatorValues> { ["revenue"] = V(100, 650, 81, 0) };
        Assert.Equal(V(100, 650, 81, 0), ReportPrefill.Apply(Applicable(July), July, typed, lastMonth, lastYear)["revenue"]);
    }

    [Theory]
    [InlineData(110, 100, 10.0)]
    [InlineData(90, 100, -10.0)]
    [InlineData(100, 0, null)]
    [InlineData(1, 3, -66.67)]
    public void Cumulative_growth_is_computed_from_the_cumulatives(double c, double lc, double? growth) =>
        Assert.Equal((decimal?)growth, V(null, (decimal)c, null, (decimal)lc).CumulativeGrowth);
}
