using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Models;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Review.ReviewKit;

namespace SmeMonitor.Tests.Review;

/// <summary>Administrator-defined screening rules (REV-2): validated before storing, run at submit, the result stored with the report.</summary>
public class ScreeningRuleTests
{
    [Theory, Providers]
    public async Task A_screening_rule_is_checked_then_runs_at_submit_and_can_be_disabled(string provider)
    {
        await using var app = new TestApp(provider);
        await app.NationAsync();
        await app.AdminAsync("rev_s_county", AdminLevel.County, "330105");

        var bad = await app.WithAsync<ScreeningRuleService, (ScreeningRule?, Dictionary<string, string>)>(s =>
            s.SaveAsync(null, new ScreeningRuleInput("员工过多", "v.employees.m < ", "", true, 0)));
        Assert.Null(bad.Item1);
        Assert.Contains("Expression", bad.Item2.Keys);
        Assert.Contains("Message", bad.Item2.Keys);

        var (rule, errors) = await app.WithAsync<ScreeningRuleService, (ScreeningRule?, Dictionary<string, string>)>(s =>
            s.SaveAsync(null, new ScreeningRuleInput("从业人员超过50人", "v.employees.m < 50", "从业人员超过50人，请核实。", true, 0)));
        Assert.Empty(errors);
        var firstEnterprise = await app.EnterpriseAsync("330105", 41);
        var first = await app.SubmittedAsync(firstEnterprise); // 100 employees
        Assert.False(first.ScreeningPassed);
        Assert.Equal(["从业人员超过50人，请核实。"], ReportScreening.Messages(first.ScreeningMessages));
        // The enterprise sees what screening found beside 撤销 in its history.
        var history = await app.WithAsync<ReportHistory, ReportHistoryPage>(h => h.ListAsync(firstEnterprise, new ReportHistoryFilter(Year: first.Year)));
        var row = history.Items.Single(r => r.Period == new ReportPeriod(first.Year, first.Month));
        Assert.True(row.Actions.HasFlag(ReportAction.Withdraw));
        Assert.Equal(["从业人员超过50人，请核实。"], row.ScreeningMessages);

        var (disabled, _) = await app.WithAsync<ScreeningRuleService, (ScreeningRule?, Dictionary<string, string>)>(s =>
            s.SaveAsync(rule!.Id, new ScreeningRuleInput(rule.Name, rule.Expression, rule.Message, false, rule.Version)));
        Assert.False(disabled!.Enabled);
        var stale = await app.WithAsync<ScreeningRuleService, (ScreeningRule?, Dictionary<string, string>)>(s =>
            s.SaveAsync(rule!.Id, new ScreeningRuleInput(rule.Name, rule.Expression, rule.Message, true, rule.Version)));
        Assert.Null(stale.Item1); // opened before the last save
        var secondEnterprise = await app.EnterpriseAsync("330105", 42);
        var second = await app.SubmittedAsync(secondEnterprise);
        Assert.True(second.ScreeningPassed);
        Assert.Empty(ReportScreening.Messages(second.ScreeningMessages));
        var secondHistory = await app.WithAsync<ReportHistory, ReportHistoryPage>(h => h.ListAsync(secondEnterprise, new ReportHistoryFilter(Year: second.Year)));
        Assert.Null(secondHistory.Items.Single(r => r.Period == new ReportPeriod(second.Year, second.Month)).ScreeningMessages);
    }
}
