namespace SmeMonitor.Notices.Services;

/// <summary>Times are stored in UTC and shown, and typed in, as China Standard Time (UTC+8), whatever the server's zone.</summary>
public static class PlatformTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static string Format(DateTime? utc, string format = "yyyy-MM-dd HH:mm") => utc is null ? "" : ToLocal(utc.Value).ToString(format);

    private static TimeZoneInfo Find()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time"); }
    }
}
