using System.Text.RegularExpressions;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Core.Workflows;

namespace SmeMonitor.Reports.Services;

/// <summary>A problem with a definition: where (a JSON path relative to the definition, or the caller's) and why.</summary>
public sealed record DefinitionError(string Path, string Reason);

/// <summary>
/// Checks a whole report definition before it is stored (recipe step, rule editor): names, codes, duplicates, and every
/// expression through <see cref="RuleService.Validate"/> with the globals it may use.
/// </summary>
public sealed partial class ReportDefinitionValidator(RuleService rules)
{
    public const int MaxIndicators = 200, MaxRules = 500;

    /// <param name="indicatorPaths">Where each indicator came from (same order), for messages; default "indicators[i]".</param>
    /// <param name="rulePaths">Where each rule came from; default "rules[i]".</param>
    public IReadOnlyList<DefinitionError> Validate(ReportDefinition d, IReadOnlyList<string>? indicatorPaths = null, IReadOnlyList<string>? rulePaths = null)
    {
        var errors = new List<DefinitionError>();
        void Add(string path, string reason) => errors.Add(new DefinitionError(path, reason));

        if (!NamePattern().IsMatch(d.Name)) Add("name", "must be a name (a letter, then letters, digits, _ . -; at most 64)");
        if (string.IsNullOrWhiteSpace(d.Title) || d.Title.Length > 100) Add("title", "is required (at most 100 characters)");
        if (d.TitleEn is { Length: > 100 }) Add("titleEn", "must be at most 100 characters");
        for (var i = 0; i < d.QuarterEndMonths.Count; i++)
            if (d.QuarterEndMonths[i] is < 1 or > 12 || d.QuarterEndMonths.Take(i).Contains(d.QuarterEndMonths[i]))
                Add($"quarterEndMonths[{i}]", "must be a month 1 to 12, listed once");
        if (d.Workflow is not null && !WorkflowNames.IsValid(d.Workflow)) Add("workflow", "must be a workflow name");
        if (d.Indicators.Count == 0) Add("indicators", "must list at least one indicator");
        if (d.Indicators.Count > MaxIndicators) Add("indicators", $"must list at most {MaxIndicators} indicators");
        if (d.Rules.Count > MaxRules) Add("rules", $"must list at most {MaxRules} rules");

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Indicators.Count; i++)
        {
            var x = d.Indicators[i];
            var path = indicatorPaths?[i] ?? $"indicators[{i}]";
            if (!CodePattern().IsMatch(x.Code)) Add($"{path}.code", "must be a code (a letter, then letters, digits or _; at most 32), usable as v.CODE in rules");
            else if (!codes.Add(x.Code)) Add($"{path}.code", $"'{x.Code}' is listed twice");
            if (string.IsNullOrWhiteSpace(x.Name) || x.Name.Length > 50) Add($"{path}.name", "is required (at most 50 characters)");
            if (x.NameEn is { Length: > 100 }) Add($"{path}.nameEn", "must be at most 100 characters");
            if (string.IsNullOrWhiteSpace(x.Unit) || x.Unit.Length > 20) Add($"{path}.unit", "is required (at most 20 characters)");
            if (x.Applies is not null) CheckExpression($"{path}.applies", x.Applies, ReportRules.ApplyGlobals, Add);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Rules.Count; i++)
        {
            var r = d.Rules[i];
            var path = rulePaths?[i] ?? $"rules[{i}]";
            if (!NamePattern().IsMatch(r.Id)) Add($"{path}.id", "must be a name (a letter, then letters, digits, _ . -; at most 64)");
            else if (!ids.Add(r.Id)) Add($"{path}.id", $"'{r.Id}' is listed twice");
            if (string.IsNullOrWhiteSpace(r.Message) || r.Message.Length > 200) Add($"{path}.message", "is required (at most 200 characters)");
            if (r.MessageEn is { Length: > 300 }) Add($"{path}.messageEn", "must be at most 300 characters");
            for (var n = 0; n < r.Needs.Count; n++)
                if (!ReportRules.Needs.Contains(r.Needs[n]) || r.Needs.Take(n).Contains(r.Needs[n]))
                    Add($"{path}.needs[{n}]", $"must be one of {string.Join(", ", ReportRules.Needs)}, listed once");
            for (var n = 0; n < r.Indicators.Count; n++)
                if (d.FindIndicator(r.Indicators[n]) is null)
                    Add($"{path}.indicators[{n}]", $"'{r.Indicators[n]}' is not an indicator of this report type");
            CheckExpression($"{path}.expression", r.Expression, ReportRules.GlobalsFor(r.Needs), Add);
            if (r.Applies is not null) CheckExpression($"{path}.applies", r.Applies, ReportRules.ApplyGlobals, Add);
        }
        return errors;
    }

    private void CheckExpression(string path, string expression, RuleGlobals globals, Action<string, string> add)
    {
        var validation = rules.Validate(expression, globals);
        if (!validation.IsValid) add(path, $"{validation.Error} (globals: {string.Join(", ", globals.Names)})");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,31}$")]
    private static partial Regex CodePattern();
}
