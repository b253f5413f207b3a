using System.Globalization;

namespace SmeMonitor.Reports.Services;

/// <summary>A report month (报表月份), e.g. 2021-09.</summary>
public readonly record struct ReportPeriod(int Year, int Month) : IComparable<ReportPeriod>
{
    /// <summary>China Standard Time: a period is a calendar month in China, whatever the server's zone.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public bool IsValid => Year is >= 2000 and <= 9999 && Month is >= 1 and <= 12;
    public bool IsJanuary => Month == 1;
    /// <summary>上月 (December of last year for January).</summary>
    public ReportPeriod Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);
    /// <summary>上年同月</summary>
    public ReportPeriod SameMonthLastYear => new(Year - 1, Month);
    public int Index => Year * 12 + Month - 1;

    /// <summary>
    /// 当期: the month enterprises report now — the one before the current month in China (a month is reported after it
    /// ends). Earlier months are 补报; later ones cannot be filled yet.
    /// </summary>
    public static ReportPeriod Current(TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToOffset(ChinaOffset);
        return new ReportPeriod(now.Year, now.Month).Previous;
    }

    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = default;
        if (!DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        period = new ReportPeriod(d.Year, d.Month);
        return period.IsValid;
    }

    public int CompareTo(ReportPeriod other) => Index.CompareTo(other.Index);
    public static bool operator <(ReportPeriod a, ReportPeriod b) => a.Index < b.Index;
    public static bool operator >(ReportPeriod a, ReportPeriod b) => a.Index > b.Index;
    public static bool operator <=(ReportPeriod a, ReportPeriod b) => a.Index <= b.Index;
    public static bool operator >=(ReportPeriod a, ReportPeriod b) => a.Index >= b.Index;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
