namespace SmeMonitor.Platform.Models;

/// <summary>A background job as the page and /api/v1/jobs show it to its owner.</summary>
/// <param name="Percent">0..100, or null while the total is not known.</param>
/// <param name="ResultUrl">Where the result downloads, or null (none, not finished, failed).</param>
public sealed record JobJson(long Id, string Kind, string Title, string Status, string StatusText, int Done, int Total,
    int? Percent, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? ResultName, string? ResultUrl);

/// <param name="Dashboard">Administrators see the page in the dashboard, enterprise users in the portal.</param>
public sealed record JobsViewModel(IReadOnlyList<JobJson> Jobs, int ResultDays, bool Dashboard);
