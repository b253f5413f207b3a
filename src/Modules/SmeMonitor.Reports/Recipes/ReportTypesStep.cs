using System.Text.Json.Nodes;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Recipes;

/// <summary>
/// Recipe step <c>report-types</c> (REP-1). Each entry of "types" is either a whole definition
/// <code>{ "name": "monthly", "title": "…", "titleEn": "…", "quarterEndMonths": [2,5,8,11,12], "workflow": "ReportReview",
///   "indicators": [{ "code", "name", "nameEn", "unit", "unitEn", "kind": "flow|stock|ratio", "required", "nonNegative", "applies", "order" }],
///   "rules": [{ "id", "severity": "error|warning", "expression", "message", "messageEn", "needs": ["lastMonth"], "indicators": [], "applies" }] }</code>
/// which replaces the type's definition, or an addition to an existing type (a province's own indicators and rules)
/// <code>{ "name": "monthly", "addIndicators": [ … ], "addRules": [ … ] }</code>
/// which adds them, or replaces those with the same code / id. Either way a definition that differs from the current one
/// becomes a new immutable version; identical content creates nothing, so re-applying a recipe changes nothing.
/// </summary>
public sealed class ReportTypesStep(ReportTypeService types, ReportDefinitionValidator validator) : IRecipeStep
{
    public string Name => "report-types";
    public string? Feature => "SmeMonitor.Reports";
    // After workflows, which a report type names.
    public int ExportOrder => 1100;

    public async Task ApplyAsync(RecipeStepContext c, CancellationToken ct)
    {
        foreach (var (item, path) in c.Objects(c.Step, "types", c.Path))
        {
            var name = c.String(item, "name", path);
            var isAddition = item.ContainsKey("addIndicators") || item.ContainsKey("addRules");
            ReportDefinition definition;
            List<string> indicatorPaths, rulePaths;
            if (isAddition)
            {
                foreach (var key in item.Select(p => p.Key).Where(k => k is not ("name" or "addIndicators" or "addRules")))
                    throw c.Error($"{path}.{key}", "an addition (addIndicators/addRules) names the type and adds; give the whole definition instead to change anything else");
                var current = await types.FindAsync(name, ct)
                              ?? throw c.Error($"{path}.name", $"report type '{name}' does not exist; define it (with indicators) before adding to it");
                definition = current.Definition;
                indicatorPaths = [.. definition.Indicators.Select(i => $"(indicator '{i.Code}' of '{name}')")];
                rulePaths = [.. definition.Rules.Select(r => $"(rule '{r.Id}' of '{name}')")];
                var indicators = definition.Indicators.ToList();
                foreach (var (x, p) in c.Objects(item, "addIndicators", path, required: false))
                    Upsert(indicators, indicatorPaths, ReadIndicator(c, x, p), p, i => i.Code);
                var rules = definition.Rules.ToList();
                foreach (var (x, p) in c.Objects(item, "addRules", path, required: false))
                    Upsert(rules, rulePaths, ReadRule(c, x, p), p, r => r.Id);
                definition = definition with { Indicators = indicators, Rules = rules };
            }
            else
            {
                indicatorPaths = [];
                rulePaths = [];
                var indicators = new List<IndicatorDefinition>();
                foreach (var (x, p) in c.Objects(item, "indicators", path))
                {
                    indicators.Add(ReadIndicator(c, x, p));
                    indicatorPaths.Add(p);
                }
                var rules = new List<RuleDefinition>();
                foreach (var (x, p) in c.Objects(item, "rules", path, required: false))
                {
                    rules.Add(ReadRule(c, x, p));
                    rulePaths.Add(p);
                }
                var monthArray = c.Array(item, "quarterEndMonths", path, required: false);
                var months = new List<int>();
                for (var i = 0; i < monthArray.Count; i++)
                    months.Add(monthArray[i] is JsonValue v && v.TryGetValue<int>(out var m) ? m
                        : throw c.Error($"{path}.quarterEndMonths[{i}]", $"must be a month number, not {RecipeStepContext.Kind(monthArray[i])}"));
                definition = new ReportDefinition
                {
                    Name = name,
                    Title = c.String(item, "title", path),
                    TitleEn = c.OptionalString(item, "titleEn", path),
                    QuarterEndMonths = months,
                    Workflow = c.OptionalString(item, "workflow", path),
                    Indicators = indicators,
                    Rules = rules,
                };
            }
            // Order by "order" (stable), keeping each indicator's path beside it for messages.
            var ordered = definition.Indicators.Select((x, i) => (x, indicatorPaths[i])).OrderBy(t => t.x.Order).ToList();
            definition = definition with { Indicators = [.. ordered.Select(t => t.x)] };
            var errors = validator.Validate(definition, [.. ordered.Select(t => t.Item2)], rulePaths);
            if (errors.Count > 0)
            {
                var e = errors[0];
                throw c.Error(e.Path.StartsWith('$') || e.Path.StartsWith('(') ? e.Path : $"{path}.{e.Path}", e.Reason);
            }
            await types.SaveAsync(definition, null, ct);
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var list = await types.ListAsync(ct);
        if (list.Count == 0) return null;
        return new JsonObject { ["types"] = new JsonArray([.. list.Select(t => JsonNode.Parse(t.Definition.ToJson()))]) };
    }

    private static void Upsert<T>(List<T> list, List<string> paths, T item, string path, Func<T, string> key)
    {
        var at = list.FindIndex(x => key(x) == key(item));
        if (at < 0)
        {
            list.Add(item);
            paths.Add(path);
        }
        else
        {
            list[at] = item;
            paths[at] = path;
        }
    }

    private static IndicatorDefinition ReadIndicator(RecipeStepContext c, JsonObject x, string p) => new()
    {
        Code = c.String(x, "code", p),
        Name = c.String(x, "name", p),
        NameEn = c.OptionalString(x, "nameEn", p),
        Unit = c.String(x, "unit", p),
        UnitEn = c.OptionalString(x, "unitEn", p),
        Kind = c.String(x, "kind", p) switch
        {
            "flow" => IndicatorKind.Flow,
            "stock" => IndicatorKind.Stock,
            "ratio" => IndicatorKind.Ratio,
            var k => throw c.Error($"{p}.kind", $"must be flow, stock or ratio, not '{k}'"),
        },
        Required = c.Bool(x, "required", p),
        NonNegative = c.Bool(x, "nonNegative", p),
        Applies = c.OptionalString(x, "applies", p),
        Order = c.Int(x, "order", p),
    };

    private static RuleDefinition ReadRule(RecipeStepContext c, JsonObject x, string p) => new()
    {
        Id = c.String(x, "id", p),
        Severity = c.String(x, "severity", p) switch
        {
            "error" => RuleSeverity.Error,
            "warning" => RuleSeverity.Warning,
            var s => throw c.Error($"{p}.severity", $"must be error or warning, not '{s}'"),
        },
        Expression = c.String(x, "expression", p),
        Message = c.String(x, "message", p),
        MessageEn = c.OptionalString(x, "messageEn", p),
        Needs = c.Strings(x, "needs", p),
        Indicators = c.Strings(x, "indicators", p),
        Applies = c.OptionalString(x, "applies", p),
    };
}
