using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>One questionnaire (调查问卷) an enterprise must answer for a report period: where to answer it, and whether it has.</summary>
public sealed record ReportQuestionnaire(string Title, string Url, bool Answered);

/// <summary>
/// The 调查问卷 step of the wizard (REP-8): which questionnaires this enterprise must answer for the period. Implemented
/// by a questionnaire module (register it as scoped); without one, or with none assigned, the step has nothing to answer.
/// 上报 is allowed when every listed questionnaire is answered.
/// </summary>
public interface IReportQuestionnaires
{
    Task<IReadOnlyList<ReportQuestionnaire>> ListAsync(Enterprise enterprise, ReportPeriod period, CancellationToken ct = default);
}
