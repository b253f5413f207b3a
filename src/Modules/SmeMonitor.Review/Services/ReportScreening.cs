using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Models;

namespace SmeMonitor.Review.Services;

/// <summary>
/// 系统筛查 "Report" (the Screen activity of the review chains, REV-2): the report type's rules (errors and warnings — a
/// warning the enterprise explained is still listed, with its explanation) plus the enabled <see cref="ScreeningRule"/>s.
/// Passed when nothing is listed. The result is stored on the report (<see cref="Report.ScreeningPassed"/>,
/// <see cref="Report.ScreeningMessages"/>) in the runtime's transaction.
/// </summary>
public sealed class ReportScreening(SmeDbContext db, ReadCache cache, ReportService reports, RuleService rules, IStringLocalizer<Strings> T) : IScreeningProvider
{
    public static readonly JsonSerializerOptions MessageJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Screening rules see what report rules with both earlier reports see.</summary>
    public static RuleGlobals Globals => ReportRules.GlobalsFor(ReportRules.Needs);

    public string Name => "Report";

    public async Task<ScreeningResult> ScreenAsync(ActivityContext context, CancellationToken ct)
    {
        var id = long.Parse(context.Subject.Id, CultureInfo.InvariantCulture);
        var (report, input, check) = await reports.CheckedAsync(id, ct) ?? throw new WorkflowFaultException($"report {id} does not exist");
        var (definition, values, period) = (input.Definition, input.Values, input.Period);

        var messages = new List<string>();
        messages.AddRange(check.Errors.Select(e => e.Message));
        foreach (var w in check.Warnings)
            messages.Add(report.Confirmations.FirstOrDefault(c => c.RuleId == w.RuleId) is { } c
                ? T["{0}（企业说明：{1}）", w.Message, c.Explanation].Value : w.Message);

        // Kept process-wide (ReadCache): every 上报 screens.
        var screeningRules = await cache.GetAsync("screening-rules", [typeof(ScreeningRule)],
            () => db.Set<ScreeningRule>().AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(ct));
        if (screeningRules.Count > 0)
        {
            var codes = definition.Indicators.Select(i => i.Code).ToList();
            var inputs = new Dictionary<string, object?>
            {
                [ReportRules.Values] = ReportRules.ValuesInput(codes, values),
                [ReportRules.Enterprise] = ReportRules.EnterpriseInput(input.Enterprise),
                [ReportRules.Period] = ReportRules.PeriodInput(period, definition),
                [ReportRules.LastMonth] = input.LastMonth is null ? null : ReportRules.ValuesInput(codes, input.LastMonth),
                [ReportRules.LastYear] = input.LastYear is null ? null : ReportRules.ValuesInput(codes, input.LastYear),
            };
            using var session = rules.Begin(inputs);
            foreach (var rule in screeningRules)
            {
                var result = session.Evaluate(rule.Expression, Globals);
                if (result.Passed) continue;
                messages.Add(result.ErrorKind is null ? rule.Message : T["{0}（规则无法运行：{1}）", rule.Message, result.Error ?? ""].Value);
            }
        }
        report.ScreeningPassed = messages.Count == 0;
        report.ScreeningMessages = Truncated(messages);
        return new ScreeningResult(messages.Count == 0, messages);
    }

    /// <summary>The messages as stored JSON, dropping messages from the end to fit the column.</summary>
    private static string Truncated(List<string> messages)
    {
        for (var n = messages.Count; ; n--)
        {
            var json = JsonSerializer.Serialize(messages.Take(n), MessageJson);
            if (json.Length <= 8000 || n == 0) return json;
        }
    }

    public static IReadOnlyList<string> Messages(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
