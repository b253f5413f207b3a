namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// The system clock plus an offset that a test moves forward, e.g. past an SMS code's expiry, without sleeping.
/// Time keeps flowing, so code that waits on real time still works.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;
    private DateTimeOffset? _frozen;

    public override DateTimeOffset GetUtcNow() => (_frozen ?? base.GetUtcNow()) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Stops the clock where it is, for tests that compare exact durations; only Advance moves it then.</summary>
    public void Freeze() => _frozen = base.GetUtcNow();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>
    /// When a month begins in China time (UTC+8, the report periods' zone) within <paramref name="span"/>, moves the clock just
    /// past that start: a test that then advances the clock by up to the span stays in one report period, whenever it runs.
    /// </summary>
    public void KeepReportPeriodFor(TimeSpan span)
    {
        var china = GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var nextMonth = new DateTimeOffset(china.Year, china.Month, 1, 0, 0, 0, china.Offset).AddMonths(1);
        if (nextMonth - china < span) Advance(nextMonth - china + TimeSpan.FromSeconds(1));
    }
}
