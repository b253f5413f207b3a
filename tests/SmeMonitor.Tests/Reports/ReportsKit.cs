using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmeMonitor.Directory.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Directory;
using SmeMonitor.Tests.Scripting;

namespace SmeMonitor.Tests.Reports;

/// <summary>The national report type as the recipe ships it, and the checker, without a database.</summary>
internal static class ReportsKit
{
    public static readonly IStringLocalizer<SmeMonitor.Reports.Strings> T = new StringLocalizer<SmeMonitor.Reports.Strings>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    public static readonly SmeMonitor.Core.Scripting.RuleService Rules = Scripting.Rules.Create();
    public static readonly ReportChecker Checker = new(Rules, T);
    public static readonly ReportDefinitionValidator Validator = new(Rules);

    /// <summary>The report-types step's "monthly" entry of recipes/national.recipe.json.</summary>
    public static JsonObject NationalJson => (JsonObject)Step("national.recipe.json")["types"]![0]!;

    public static readonly ReportDefinition National = ReportDefinition.FromJson(NationalJson.ToJsonString());

    public static JsonObject Step(string recipe) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(NationalData.RecipesFolder, recipe)))!["steps"]!.AsArray()
            .Single(s => (string)s!["name"]! == "report-types")!;

    /// <summary>An industrial enterprise (C 制造业) in 上城区, 浙江.</summary>
    public static readonly EnterpriseFacts Industrial = new("330102", "3610", "C", EnterpriseSize.Small);
    /// <summary>A farm (A 农、林、牧、渔业) in 河南.</summary>
    public static readonly EnterpriseFacts Farm = new("410102", "0111", "A", EnterpriseSize.Micro);

    public static IndicatorValues V(decimal? m, decimal? c, decimal? lm = null, decimal? lc = null) => new(m, c, lm, lc);

    /// <summary>
    /// A complete, consistent report for the enterprise and period: every applicable indicator filled, cumulatives equal to
    /// last month's (<see cref="LastMonth"/>) plus this month, assets well above receivables and finished goods.
    /// </summary>
    public static Dictionary<string, IndicatorValues> Complete(EnterpriseFacts facts, ReportPeriod period)
    {
        var result = new Dictionary<string, IndicatorValues>();
        foreach (var i in Checker.Applicable(National, facts, period))
        {
            var last = LastMonth(period)[i.Code];
            result[i.Code] = i.Code switch
            {
                "assets" => V(50_000, 50_000, 40_000, 40_000),
                _ when i.Kind == IndicatorKind.Flow => period.IsJanuary ? V(100, 100, 90, 90) : V(100, last.Cumulative + 100, 90, last.LastYearCumulative + 90),
                _ => V(100, 100, 90, 90),
            };
        }
        return result;
    }

    /// <summary>The approved previous month that <see cref="Complete"/> adds up with.</summary>
    public static Dictionary<string, IndicatorValues> LastMonth(ReportPeriod period) =>
        National.Indicators.ToDictionary(i => i.Code, i => i.Kind == IndicatorKind.Flow
            ? V(100, 100 * (period.Month - 1), 90, 90 * (period.Month - 1))
            : V(100, 100, 90, 90));

    public static ReportCheckInput Input(EnterpriseFacts facts, ReportPeriod period, IReadOnlyDictionary<string, IndicatorValues> values,
        bool lastMonthApproved = true, IReadOnlyList<ProductRow>? products = null, ReportDefinition? definition = null) =>
        new(definition ?? National, facts, period, values, products ?? [], lastMonthApproved ? LastMonth(period) : null, null);

    public static Dictionary<string, IndicatorValues> With(this Dictionary<string, IndicatorValues> values, string code, IndicatorValues x) =>
        new(values) { [code] = x };
}
