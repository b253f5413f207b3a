using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Tests.Reports;

/// <summary>REP-10: which history buttons apply, exactly as the manual says.</summary>
public class ReportActionsTests
{
    private static readonly ReportPeriod Current = new(2021, 9), Past = new(2021, 8), Future = new(2021, 10);

    [Theory]
    [InlineData(null, ReportAction.Edit)]
    [InlineData(ReportStatus.Draft, ReportAction.Edit | ReportAction.View)]
    [InlineData(ReportStatus.Returned, ReportAction.Edit | ReportAction.ReturnReason | ReportAction.View)]
    [InlineData(ReportStatus.Unfrozen, ReportAction.Edit | ReportAction.View)]
    [InlineData(ReportStatus.Frozen, ReportAction.View)]
    [InlineData(ReportStatus.InReview, ReportAction.Withdraw | ReportAction.View)]
    [InlineData(ReportStatus.Approved, ReportAction.View)]
    public void Current_period(ReportStatus? status, ReportAction expected) =>
        Assert.Equal(expected, ReportActions.For(status, Current, Current, frozenNow: false, reviewUntouched: true));

    [Theory]
    [InlineData(null, ReportAction.Supplement)]
    [InlineData(ReportStatus.Draft, ReportAction.Supplement | ReportAction.View)]
    [InlineData(ReportStatus.Returned, ReportAction.Supplement | ReportAction.ReturnReason | ReportAction.View)]
    [InlineData(ReportStatus.Unfrozen, ReportAction.Supplement | ReportAction.View)]
    [InlineData(ReportStatus.Approved, ReportAction.View)]
    public void Past_period_is_supplemented(ReportStatus? status, ReportAction expected) =>
        Assert.Equal(expected, ReportActions.For(status, Past, Current, frozenNow: false, reviewUntouched: true));

    [Fact]
    public void Withdraw_only_while_nobody_acted_nothing_for_future_months_and_the_freeze_stops_the_current_one()
    {
        Assert.Equal(ReportAction.View, ReportActions.For(ReportStatus.InReview, Current, Current, false, reviewUntouched: false));
        Assert.Equal(ReportAction.None, ReportActions.For(null, Future, Current, false, true));
        Assert.Equal(ReportAction.None, ReportActions.For(null, Current, Current, frozenNow: true, true));
        Assert.Equal(ReportAction.View, ReportActions.For(ReportStatus.Draft, Current, Current, frozenNow: true, true));
        Assert.Equal(ReportAction.Supplement, ReportActions.For(null, Past, Current, frozenNow: true, true));
        Assert.Equal(ReportStatus.Frozen, ReportActions.Shown(null, Current, Current, frozenNow: true));
        Assert.Null(ReportActions.Shown(null, Past, Current, frozenNow: true));
    }

    [Theory]
    [InlineData("2021-09", true)]
    [InlineData("2021-13", false)]
    [InlineData("21-09", false)]
    [InlineData("", false)]
    public void Periods_parse_as_yyyy_MM(string text, bool valid) => Assert.Equal(valid, ReportPeriod.TryParse(text, out _));

    [Fact]
    public void The_current_period_is_the_month_before_this_one_in_China()
    {
        // 2022-01-31 17:00 UTC is already 1 February in China: 当期 is January.
        Assert.Equal(new ReportPeriod(2022, 1), ReportPeriod.Current(new FixedClock(new DateTimeOffset(2022, 1, 31, 17, 0, 0, TimeSpan.Zero))));
        Assert.Equal(new ReportPeriod(2021, 12), ReportPeriod.Current(new FixedClock(new DateTimeOffset(2022, 1, 31, 15, 0, 0, TimeSpan.Zero))));
        Assert.Equal(new ReportPeriod(2021, 12), new ReportPeriod(2022, 1).Previous);
    }

    [Theory]
    [InlineData("1234.5", true, 1234.5)]
    [InlineData(" -0.25 ", true, -0.25)]
    [InlineData("", true, null)]
    [InlineData("1,234", false, null)]
    [InlineData("１２３", false, null)]
    [InlineData("12 34", false, null)]
    [InlineData("1e5", false, null)]
    [InlineData("abc", false, null)]
    public void Typed_numbers_are_digits_a_point_and_a_sign(string text, bool ok, double? value)
    {
        Assert.Equal(ok, ReportNumbers.TryParse(text, ReportsKit.T, out var parsed, out var error));
        Assert.Equal((decimal?)value, parsed);
        Assert.Equal(ok, error is null);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
