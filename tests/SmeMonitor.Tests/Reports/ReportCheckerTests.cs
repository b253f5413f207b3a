using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>The national report type through <see cref="ReportChecker"/>: applicability, the REP-4 flags, REP-7 products and every REP-5 rule.</summary>
public class ReportCheckerTests
{
    private static readonly ReportPeriod July = new(2021, 7), August = new(2021, 8), January = new(2022, 1), December = new(2021, 12);

    [Theory]
    [InlineData("C", 7, 13)] // 制造业, ordinary month: the manual's 13
    [InlineData("C", 8, 18)] // quarter-end: + 逾期应收账款, 应付职工薪酬, 资产总计, 负债总计, 固定资产投资额
    [InlineData("B", 2, 18)]
    [InlineData("D", 12, 18)]
    [InlineData("D", 1, 13)]
    [InlineData("A", 7, 8)] // not industrial: without 工业总产值, 出口交货值, 用电量, 生产能力利用率, 产成品
    [InlineData("A", 11, 13)]
    [InlineData("F", 5, 13)]
    [InlineData("I", 6, 8)]
    public void Applicable_indicators_follow_industry_and_quarter_end(string section, int month, int count)
    {
        var facts = Industrial with { Section = section };
        var applicable = Checker.Applicable(National, facts, new ReportPeriod(2021, month));
        Assert.Equal(count, applicable.Count);
        Assert.Equal(applicable.OrderBy(i => i.Order), applicable);
        var industrial = section is "B" or "C" or "D";
        Assert.Equal(industrial, applicable.Any(i => i.Code == "output"));
        Assert.Equal(month is 2 or 5 or 8 or 11 or 12, applicable.Any(i => i.Code == "assets"));
    }

    [Fact]
    public void The_national_type_has_the_manuals_indicators_in_the_manuals_order()
    {
        Assert.Equal(["工业总产值", "出口交货值", "用电量", "生产能力(设备)利用率", "营业收入", "营业成本", "期末借款余额", "财务费用", "应收账款",
            "产成品", "利润总额", "应交税费", "从业人员", "逾期应收账款", "应付职工薪酬", "资产总计", "负债总计", "固定资产投资额"],
            National.Indicators.Select(i => i.Name));
        Assert.Equal(["工业总产值", "用电量", "营业收入", "营业成本", "应收账款", "利润总额", "从业人员", "逾期应收账款", "应付职工薪酬", "资产总计", "负债总计"],
            National.Indicators.Where(i => i.Required).Select(i => i.Name));
        Assert.Equal(["工业总产值", "出口交货值", "用电量", "生产能力(设备)利用率", "营业收入", "营业成本", "期末借款余额", "应收账款", "从业人员",
            "逾期应收账款", "资产总计", "负债总计", "固定资产投资额"], National.Indicators.Where(i => i.NonNegative).Select(i => i.Name));
        Assert.Equal("度", National.FindIndicator("electricity")!.Unit);
        Assert.Equal("%", National.FindIndicator("capacityUtilization")!.Unit);
        Assert.Equal("人", National.FindIndicator("employees")!.Unit);
        Assert.Empty(Validator.Validate(National));
    }

    public static TheoryData<string, int, bool> Cases => new()
    {
        { "C", 7, true }, { "C", 8, true }, { "C", 1, true }, { "A", 7, true }, { "A", 8, true }, { "A", 1, false }, { "C", 12, false },
    };

    [Theory, MemberData(nameof(Cases))]
    public void A_complete_consistent_report_has_no_error_and_no_warning(string section, int month, bool lastMonthApproved)
    {
        var facts = Industrial with { Section = section };
        var period = new ReportPeriod(month == 1 ? 2022 : 2021, month);
        var check = Checker.Check(Input(facts, period, Complete(facts, period), lastMonthApproved), warnings: true);
        Assert.Empty(check.Errors);
        Assert.Empty(check.Warnings);
        if (month == 1 || lastMonthApproved) Assert.Empty(check.Skipped);
        else Assert.Contains("revenue-cumulative", check.Skipped);
    }

    [Theory]
    [InlineData("revenue", ValueColumn.Month)]
    [InlineData("revenue", ValueColumn.Cumulative)]
    [InlineData("output", ValueColumn.Month)]
    [InlineData("employees", ValueColumn.Cumulative)]
    public void Required_indicators_need_this_years_columns(string code, ValueColumn column)
    {
        var values = Complete(Industrial, July);
        var x = values[code];
        values[code] = column == ValueColumn.Month ? x with { Month = null } : x with { Cumulative = null };
        var error = Assert.Single(Checker.Check(Input(Industrial, July, values), warnings: false).Errors);
        Assert.Equal((code, column), (error.IndicatorCode, error.Column));
        Assert.Contains("不能为空", error.Message);
    }

    [Fact]
    public void Quarter_end_indicators_are_required_only_at_quarter_end_and_last_years_columns_never()
    {
        var august = Complete(Industrial, August);
        august.Remove("assets");
        Assert.Equal(2, Checker.Check(Input(Industrial, August, august), false).Errors.Count(e => e.IndicatorCode == "assets"));
        var july = Complete(Industrial, July).With("revenue", V(100, 700));
        Assert.Empty(Checker.Check(Input(Industrial, July, july), false).Errors);
        var optional = Complete(Industrial, July).With("exportValue", IndicatorValues.Empty).With("loans", IndicatorValues.Empty);
        Assert.Empty(Checker.Check(Input(Industrial, July, optional), false).Errors);
    }

    [Theory]
    [InlineData("revenue", true)]
    [InlineData("output", true)]
    [InlineData("capacityUtilization", true)]
    [InlineData("loans", true)]
    [InlineData("profit", false)] // 利润总额 may be a loss
    [InlineData("financeCost", false)] // interest income can exceed expense
    [InlineData("finishedGoods", false)] // not on the manual's non-negative list
    [InlineData("taxes", false)]
    public void Non_negative_indicators_refuse_negative_values_in_every_column(string code, bool refused)
    {
        var values = Complete(Industrial, July).With(code, V(100, 700, -1, 600));
        var errors = Checker.Check(Input(Industrial, July, values), false).Errors;
        if (refused) Assert.Equal((code, ValueColumn.LastYearMonth), (Assert.Single(errors).IndicatorCode, errors[0].Column));
        else Assert.DoesNotContain(errors, e => e.IndicatorCode == code);
    }

    [Fact]
    public void Values_must_fit_decimal_18_2_and_belong_to_the_report()
    {
        var values = Complete(Industrial, July).With("revenue", V(100.123m, 700, 10_000_000_000_000_000m));
        var errors = Checker.Check(Input(Industrial, July, values), false).Errors;
        Assert.Contains(errors, e => e.Column == ValueColumn.Month && e.Message.Contains("两位小数"));
        Assert.Contains(errors, e => e.Column == ValueColumn.LastYearMonth && e.Message.Contains("超出范围"));

        // A farm has no 工业总产值; a July report has no 资产总计; unknown codes are refused too.
        var farm = Complete(Farm, July).With("output", V(1, 1)).With("assets", V(1, 1)).With("nonsense", V(1, null));
        var wrong = Checker.Check(Input(Farm, July, farm), false).Errors.Select(e => e.IndicatorCode).Order();
        Assert.Equal(["assets", "nonsense", "output"], wrong);
        Assert.Empty(Checker.Check(Input(Farm, July, Complete(Farm, July).With("output", IndicatorValues.Empty)), false).Errors);
    }

    [Fact]
    public void Product_rows_need_everything_but_the_code_and_positive_quantities()
    {
        ProductRow[] ok = [new("电机", null, "台", 10, 8, 2), new("轴承", "B-1", "套", 0.5m, 1, 1)];
        Assert.Empty(Checker.Check(Input(Industrial, July, Complete(Industrial, July), products: ok), false).Errors);
        ProductRow[] bad = [new(" ", null, "台", 10, 8, 2), new("轴承", null, null, 0, -1, null), new("齿轮", null, "个", 1.005m, 1, 1)];
        var errors = Checker.Check(Input(Industrial, July, Complete(Industrial, July), products: bad), false).Errors;
        Assert.Equal([1, 2, 2, 2, 2, 3], errors.Select(e => e.ProductRow!.Value));
        Assert.All(errors, e => Assert.StartsWith($"第{e.ProductRow}行产品", e.Message));
    }

    // REP-5 rule 1: 工业总产值, 出口交货值, 用电量.
    [Theory]
    [InlineData("output")]
    [InlineData("exportValue")]
    [InlineData("electricity")]
    public void Flows_add_up_in_January(string code)
    {
        var ok = Complete(Industrial, January);
        Assert.Empty(Checker.Check(Input(Industrial, January, ok, lastMonthApproved: false), true).Warnings);
        var bad = ok.With(code, V(100, 120, 90, 90));
        Assert.Equal($"{code}-january", Assert.Single(Checker.Check(Input(Industrial, January, bad, lastMonthApproved: false), true).Warnings).RuleId);
        var lastYear = ok.With(code, V(100, 100, 90, 95));
        Assert.Equal($"{code}-january", Assert.Single(Checker.Check(Input(Industrial, January, lastYear, false), true).Warnings).RuleId);
        // Warnings are not errors: 保存 passes.
        Assert.Empty(Checker.Check(Input(Industrial, January, bad, false), false).Errors);
        // Not industrial: the indicator does not apply, neither does its rule.
        Assert.Empty(Checker.Check(Input(Farm, January, Complete(Farm, January), false), true).Warnings);
    }

    [Theory]
    [InlineData("output")]
    [InlineData("exportValue")]
    [InlineData("electricity")]
    public void Flows_add_up_over_the_months_when_last_month_is_approved(string code)
    {
        var ok = Complete(Industrial, July);
        var x = ok[code];
        var bad = ok.With(code, x with { Cumulative = x.Cumulative + 1 });
        Assert.Equal($"{code}-cumulative", Assert.Single(Checker.Check(Input(Industrial, July, bad), true).Warnings).RuleId);
        var badLastYear = ok.With(code, x with { LastYearCumulative = x.LastYearCumulative - 5 });
        Assert.Equal($"{code}-cumulative", Assert.Single(Checker.Check(Input(Industrial, July, badLastYear), true).Warnings).RuleId);
        // Last month not approved: the rule is skipped, and says so.
        var skipped = Checker.Check(Input(Industrial, July, bad, lastMonthApproved: false), true);
        Assert.Empty(skipped.Warnings);
        Assert.Contains($"{code}-cumulative", skipped.Skipped);
        // In a quarter-end month the same.
        var august = Complete(Industrial, August);
        Assert.Empty(Checker.Check(Input(Industrial, August, august), true).Warnings);
        Assert.Single(Checker.Check(Input(Industrial, August, august.With(code, august[code] with { Month = 1 })), true).Warnings);
    }

    // REP-5 rule 2: 营业收入, 营业成本 do not fall.
    [Theory]
    [InlineData("revenue")]
    [InlineData("cost")]
    public void Cumulative_revenue_and_cost_do_not_fall(string code)
    {
        foreach (var facts in new[] { Industrial, Farm })
        {
            var ok = Complete(facts, July);
            var fell = ok.With(code, ok[code] with { Cumulative = 10 });
            Assert.Equal($"{code}-cumulative", Assert.Single(Checker.Check(Input(facts, July, fell), true).Warnings).RuleId);
            var lastYearFell = ok.With(code, ok[code] with { LastYearCumulative = 10 });
            Assert.Equal($"{code}-last-year-cumulative", Assert.Single(Checker.Check(Input(facts, July, lastYearFell), true).Warnings).RuleId);
            Assert.Contains($"{code}-cumulative", Checker.Check(Input(facts, July, fell, lastMonthApproved: false), true).Skipped);
            // January starts a new year: nothing to compare with.
            var january = Complete(facts, January).With(code, V(10, 10, 5, 5));
            Assert.Empty(Checker.Check(Input(facts, January, january, false), true).Warnings);
        }
    }

    // REP-5 rule 3: 资产总计 above 应收账款 and 产成品, this year and last year.
    [Theory]
    [InlineData("receivables", "assets-over-receivables")]
    [InlineData("finishedGoods", "assets-over-finished-goods")]
    public void Assets_exceed_receivables_and_finished_goods_at_quarter_end(string code, string rule)
    {
        var ok = Complete(Industrial, August);
        var over = ok.With(code, V(60_000, 60_000, 90, 90));
        Assert.Equal(rule, Assert.Single(Checker.Check(Input(Industrial, August, over), true).Warnings).RuleId);
        var overLastYear = ok.With(code, V(100, 100, 45_000, 45_000));
        Assert.Equal(rule + "-last-year", Assert.Single(Checker.Check(Input(Industrial, August, overLastYear), true).Warnings).RuleId);
        // Not quarter-end: no 资产总计, no rule.
        Assert.Empty(Checker.Check(Input(Industrial, July, Complete(Industrial, July).With(code, V(60_000, 60_000))), true).Warnings);
    }

    [Fact]
    public void Finished_goods_rule_does_not_run_for_enterprises_without_finished_goods()
    {
        var farm = Complete(Farm, December);
        Assert.False(farm.ContainsKey("finishedGoods"));
        var check = Checker.Check(Input(Farm, December, farm.With("receivables", V(60_000, 60_000))), true);
        Assert.Equal(["assets-over-receivables"], check.Warnings.Select(w => w.RuleId));
    }

    [Fact]
    public void An_error_rule_blocks_and_a_broken_rule_fails_with_its_severity()
    {
        var definition = National with
        {
            Rules =
            [
                new RuleDefinition { Id = "profit-below-revenue", Severity = RuleSeverity.Error, Expression = "v.profit.c <= v.revenue.c", Message = "利润不能超过收入。" },
                new RuleDefinition { Id = "broken", Severity = RuleSeverity.Warning, Expression = "v.nothing.m > 0", Message = "坏规则" },
            ],
        };
        var values = Complete(Farm, July).With("profit", V(1, 1_000_000));
        var check = Checker.Check(Input(Farm, July, values, definition: definition), warnings: false);
        Assert.Equal("profit-below-revenue", Assert.Single(check.Errors).RuleId);
        Assert.Empty(check.Warnings);
        var withWarnings = Checker.Check(Input(Farm, July, values, definition: definition), warnings: true);
        Assert.Equal("broken", Assert.Single(withWarnings.Warnings).RuleId);
        Assert.Contains("规则无法运行", withWarnings.Warnings[0].Message);
    }

    [Fact]
    public void Messages_follow_the_culture()
    {
        var values = Complete(Farm, July).With("revenue", V(null, 700));
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
            Assert.Equal("Operating revenue (This month) is required.", Assert.Single(Checker.Check(Input(Farm, July, values), false).Errors).Message);
            var warning = Checker.Check(Input(Farm, July, Complete(Farm, July).With("revenue", V(1, 1))), true).Warnings.Single(w => w.RuleId == "revenue-cumulative");
            Assert.Equal("Operating revenue: the cumulative must not be less than last month's cumulative.", warning.Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
        Assert.Equal("营业收入（本年本月）不能为空。", Checker.Check(Input(Farm, July, values), false).Errors.Single().Message);
    }
}
