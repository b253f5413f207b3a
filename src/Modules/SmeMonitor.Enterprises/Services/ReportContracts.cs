using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>
/// The report side of the enterprise home page, implemented by the reports module (which references this one, not the
/// other way round): for each month, the status of the enterprise's report, when and how it was filled, and how many
/// indicators apply to this enterprise in that month (from the report type's rules).
/// </summary>
public interface IReportPeriods
{
    /// <param name="months">First days of the months, in the order wanted.</param>
    Task<IReadOnlyList<HomePeriod>> DescribeAsync(Enterprise enterprise, IReadOnlyList<DateOnly> months, CancellationToken ct = default);
}

/// <summary>
/// What the reports module does when a key-field change freezes the enterprise's current report (冻结) and when the change
/// is decided (解除冻结). Called by <see cref="EnterpriseChangeService"/> in the same transaction that sets or clears
/// <see cref="Enterprise.ReportFrozen"/>: change tracked entities and add audit rows; the caller saves.
/// </summary>
public interface IReportFreeze
{
    Task FreezeAsync(Enterprise enterprise, string? userId, CancellationToken ct = default);
    Task UnfreezeAsync(Enterprise enterprise, string? userId, CancellationToken ct = default);
}
