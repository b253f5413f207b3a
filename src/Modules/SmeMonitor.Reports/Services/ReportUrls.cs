namespace SmeMonitor.Reports.Services;

/// <summary>The enterprise portal's report pages (当期报送, 历史报送, the report's detail page).</summary>
public static class ReportUrls
{
    /// <summary>历史报送</summary>
    public const string History = "/enterprise/reports";

    /// <summary>当期报送 of the current period (redirects to <see cref="Fill"/>).</summary>
    public const string FillCurrent = "/enterprise/reports/fill";

    /// <summary>The wizard of a period (编辑, 补报), optionally at a step (1–4).</summary>
    public static string Fill(ReportPeriod period, int? step = null) =>
        step is null ? $"/enterprise/reports/{period}/fill" : $"/enterprise/reports/{period}/fill?step={step}";

    /// <summary>The report's detail page (查看; REP-11).</summary>
    public static string Detail(ReportPeriod period) => $"/enterprise/reports/{period}";
}
