using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// One problem found by a check. <see cref="RuleId"/> is set for rule failures (the key of a warning confirmation);
/// <see cref="IndicatorCode"/> and <see cref="Column"/> point at a field, <see cref="ProductRow"/> (from 1) at a product row.
/// </summary>
public sealed record ReportProblem(string Message, string? RuleId = null, string? IndicatorCode = null, ValueColumn? Column = null, int? ProductRow = null);

/// <summary>
/// The outcome of checking a report: errors block 保存; warnings (when asked for) need confirmations before 上报;
/// <see cref="Skipped"/> lists rules not run because a report they need is not 审核通过.
/// </summary>
public sealed record ReportCheck(IReadOnlyList<ReportProblem> Errors, IReadOnlyList<ReportProblem> Warnings, IReadOnlyList<string> Skipped)
{
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// Checks a report against its definition (REP-4, REP-5, REP-7), deterministically and without a database:
/// the indicator flags (非空: 本年本月 and 本年1-本月 of a required indicator; 非负: every filled column; decimal(18,2)),
/// values for indicators that do not apply, the product rows, then the rules through <see cref="RuleService"/>
/// (globals: <see cref="ReportRules"/>). A rule runs when its "applies" holds and all its indicators apply; one that needs
/// lastMonth/lastYear while that report is not approved is skipped. A rule that fails to run counts as failed with its
/// own severity, so a broken rule can never let a report through silently.
/// </summary>
public sealed class ReportChecker(RuleService rules, IStringLocalizer<Strings> T)
{
    /// <summary>decimal(18,2): 16 digits before the point.</summary>
    public const decimal MaxValue = 9_999_999_999_999_999.99m;

    /// <summary>Applicability results kept per definition (definitions are cached per version, so the instance is the key).</summary>
    private readonly ConditionalWeakTable<ReportDefinition, ConcurrentDictionary<(EnterpriseFacts, ReportPeriod), Scope>> _scopes = new();
    // Applicability depends on the enterprise and the period only; the bound keeps many enterprises × periods from growing it forever.
    private const int ScopeCacheLimit = 20_000;

    /// <summary>What applies to one enterprise and period: the indicators in order, their codes, and the rules whose "applies" holds.</summary>
    private sealed record Scope(IReadOnlyList<IndicatorDefinition> Indicators, HashSet<string> Codes, IReadOnlyList<RuleDefinition> Rules);

    /// <summary>The indicators of the definition that apply to this enterprise and period, in order.</summary>
    public IReadOnlyList<IndicatorDefinition> Applicable(ReportDefinition definition, EnterpriseFacts enterprise, ReportPeriod period) =>
        Resolve(definition, enterprise, period).Indicators;

    /// <summary>
    /// Evaluates the "applies" expressions of the indicators and rules once per definition, enterprise and period: they see
    /// only <c>enterprise</c> and <c>period</c>, so every check of the same report gives the same answer.
    /// </summary>
    private Scope Resolve(ReportDefinition definition, EnterpriseFacts enterprise, ReportPeriod period)
    {
        var scopes = _scopes.GetOrCreateValue(definition);
        if (scopes.TryGetValue((enterprise, period), out var known)) return known;

        using var session = rules.Begin(ApplyInputs(definition, enterprise, period));
        bool Holds(string? applies) => applies is null || session.Evaluate(applies, ReportRules.ApplyGlobals).Passed;
        var indicators = definition.Indicators.Where(i => Holds(i.Applies)).OrderBy(i => i.Order).ToList();
        var codes = indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var applicableRules = definition.Rules.Where(r => r.Indicators.All(codes.Contains) && Holds(r.Applies)).ToList();
        var scope = new Scope(indicators, codes, applicableRules);
        if (scopes.Count >= ScopeCacheLimit) scopes.Clear();
        return scopes.GetOrAdd((enterprise, period), scope);
    }

    /// <summary>Runs the flag checks, the product checks and the error rules; with <paramref name="warnings"/> also the warning rules (下一步, 上报).</summary>
    public ReportCheck Check(ReportCheckInput input, bool warnings)
    {
        var d = input.Definition;
        var scope = Resolve(d, input.Enterprise, input.Period);
        var codes = scope.Codes;
        var errors = new List<ReportProblem>();
        var found = new List<ReportProblem>();
        var skipped = new List<string>();

        foreach (var (code, values) in input.Values)
            if (!codes.Contains(code) && !values.IsEmpty)
                errors.Add(new ReportProblem(T["指标“{0}”不属于本期报表。", d.FindIndicator(code)?.DisplayName ?? code], IndicatorCode: code));

        foreach (var indicator in scope.Indicators)
        {
            var values = input.Values.GetValueOrDefault(indicator.Code) ?? IndicatorValues.Empty;
            foreach (var column in IndicatorValues.Columns)
            {
                var value = values[column];
                if (value is null)
                {
                    if (indicator.Required && column is ValueColumn.Month or ValueColumn.Cumulative)
                        errors.Add(Field(T["{0}（{1}）不能为空。", indicator.DisplayName, ColumnName(column)], indicator, column));
                    continue;
                }
                if (Math.Abs(value.Value) > MaxValue)
                    errors.Add(Field(T["{0}（{1}）超出范围，请检查单位（{2}）。", indicator.DisplayName, ColumnName(column), indicator.DisplayUnit], indicator, column));
                else if (value.Value.Scale > 2 && value.Value != Math.Round(value.Value, 2))
                    errors.Add(Field(T["{0}（{1}）最多保留两位小数。", indicator.DisplayName, ColumnName(column)], indicator, column));
                else if (indicator.NonNegative && value.Value < 0)
                    errors.Add(Field(T["{0}（{1}）不能为负数。", indicator.DisplayName, ColumnName(column)], indicator, column));
            }
        }

        CheckProducts(input.Products, errors);

        var ruleList = scope.Rules.Where(r => r.Severity == RuleSeverity.Error || warnings).ToList();
        if (ruleList.Count > 0)
        {
            var inputs = ApplyInputs(d, input.Enterprise, input.Period);
            inputs[ReportRules.Values] = ReportRules.ValuesInput(codes, input.Values);
            var allCodes = d.Indicators.Select(i => i.Code).ToList();
            if (input.LastMonth is not null) inputs[ReportRules.LastMonth] = ReportRules.ValuesInput(allCodes, input.LastMonth);
            if (input.LastYear is not null) inputs[ReportRules.LastYear] = ReportRules.ValuesInput(allCodes, input.LastYear);
            using var session = rules.Begin(inputs);
            foreach (var rule in ruleList)
            {
                if ((rule.Needs.Contains(ReportRules.LastMonth) && input.LastMonth is null)
                    || (rule.Needs.Contains(ReportRules.LastYear) && input.LastYear is null))
                {
                    skipped.Add(rule.Id);
                    continue;
                }
                var result = session.Evaluate(rule.Expression, ReportRules.GlobalsFor(rule.Needs));
                if (result.Passed) continue;
                var message = result.ErrorKind is null ? rule.DisplayMessage : T["{0}（规则无法运行：{1}）", rule.DisplayMessage, result.Error ?? ""].Value;
                var problem = new ReportProblem(message, rule.Id, rule.Indicators.FirstOrDefault());
                (rule.Severity == RuleSeverity.Error ? errors : found).Add(problem);
            }
        }
        return new ReportCheck(errors, found, skipped);
    }

    /// <summary>REP-7: a row once added needs 产品名称, 计量单位, 生产量, 销售量 and 期末库存量 (the code may be blank); quantities are positive.</summary>
    private void CheckProducts(IReadOnlyList<ProductRow> products, List<ReportProblem> errors)
    {
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            var row = i + 1;
            if (string.IsNullOrWhiteSpace(p.Name)) errors.Add(new(T["第{0}行产品：{1}不能为空。", row, T["产品名称"]], ProductRow: row));
            else if (p.Name.Trim().Length > 100) errors.Add(new(T["第{0}行产品：{1}不能超过{2}个字符。", row, T["产品名称"], 100], ProductRow: row));
            if (p.Code is { } code && code.Trim().Length > 50) errors.Add(new(T["第{0}行产品：{1}不能超过{2}个字符。", row, T["产品代码"], 50], ProductRow: row));
            if (string.IsNullOrWhiteSpace(p.Unit)) errors.Add(new(T["第{0}行产品：{1}不能为空。", row, T["计量单位"]], ProductRow: row));
            else if (p.Unit.Trim().Length > 20) errors.Add(new(T["第{0}行产品：{1}不能超过{2}个字符。", row, T["计量单位"], 20], ProductRow: row));
            foreach (var (value, name) in new[] { (p.Production, "生产量"), (p.Sales, "销售量"), (p.ClosingStock, "期末库存量") })
            {
                if (value is null) errors.Add(new(T["第{0}行产品：{1}不能为空。", row, T[name]], ProductRow: row));
                else if (value <= 0 || value > MaxValue || value.Value != Math.Round(value.Value, 2))
                    errors.Add(new(T["第{0}行产品：{1}应为正数（最多两位小数）。", row, T[name]], ProductRow: row));
            }
        }
    }

    /// <summary>The zh-CN name of a column (also its localization key).</summary>
    public static string ColumnText(ValueColumn column) => column switch
    {
        ValueColumn.Month => "本年本月",
        ValueColumn.Cumulative => "本年1-本月",
        ValueColumn.LastYearMonth => "上年本月",
        _ => "上年1-本月",
    };

    private string ColumnName(ValueColumn column) => T[ColumnText(column)];

    private static ReportProblem Field(string message, IndicatorDefinition indicator, ValueColumn column) =>
        new(message, IndicatorCode: indicator.Code, Column: column);

    private static Dictionary<string, object?> ApplyInputs(ReportDefinition d, EnterpriseFacts e, ReportPeriod p) => new(StringComparer.Ordinal)
    {
        [ReportRules.Enterprise] = ReportRules.EnterpriseInput(e),
        [ReportRules.Period] = ReportRules.PeriodInput(p, d),
    };
}
