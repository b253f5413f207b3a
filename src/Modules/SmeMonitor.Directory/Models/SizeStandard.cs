using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Directory.Models;

/// <summary>Enterprise size (企业规模). Ordered from the largest down, so the smallest band is the maximum value.</summary>
public enum EnterpriseSize
{
    /// <summary>大型</summary>
    Large = 1,
    /// <summary>中型</summary>
    Medium = 2,
    /// <summary>小型</summary>
    Small = 3,
    /// <summary>微型</summary>
    Micro = 4,
}

/// <summary>The indicators of the size standard.</summary>
public enum SizeIndicator
{
    /// <summary>X 从业人员, persons.</summary>
    Employees,
    /// <summary>Y 营业收入, money.</summary>
    Revenue,
    /// <summary>Z 资产总额, money.</summary>
    Assets,
}

/// <summary>Lower bounds of 大型, 中型 and 小型 for one indicator, in the standard's unit; below 小型 is 微型.</summary>
public sealed record SizeBounds(decimal Large, decimal Medium, decimal Small);

/// <summary>The indicators a group is judged by; an absent one is not part of that group's rule.</summary>
public sealed class SizeThresholds
{
    public SizeBounds? Employees { get; init; }
    public SizeBounds? Revenue { get; init; }
    public SizeBounds? Assets { get; init; }

    /// <summary>The listed indicators in the order X, Y, Z.</summary>
    public IEnumerable<(SizeIndicator Indicator, SizeBounds Bounds)> Listed()
    {
        if (Employees is not null) yield return (SizeIndicator.Employees, Employees);
        if (Revenue is not null) yield return (SizeIndicator.Revenue, Revenue);
        if (Assets is not null) yield return (SizeIndicator.Assets, Assets);
    }
}

/// <summary>
/// One row group of the standard's table, e.g. 工业 (B, C, D) or 仓储业 (59 except 591).
/// An industry belongs to the group when one of <see cref="Industries"/> is it or above it
/// (门类 letter, 大类, 中类 or 小类 code) and none of <see cref="Except"/> is.
/// </summary>
public sealed class SizeGroup
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Industries { get; init; } = [];
    public IReadOnlyList<string>? Except { get; init; }
    public SizeThresholds Thresholds { get; init; } = new();
}

/// <summary>
/// The size classification table (统计上大中小微型企业划分办法), as loaded by the "size-standard" recipe step.
/// Money thresholds are kept in the unit the recipe states (<see cref="MoneyUnit"/>: 万元 as printed in the
/// official table, or 千元); the platform's inputs are always 千元 and are compared after conversion.
/// </summary>
public sealed class SizeStandard
{
    public const string TenThousandYuan = "万元";
    public const string ThousandYuan = "千元";

    private static readonly Regex IndustryCode = new(@"^([A-Z]|\d{2,4})$", RegexOptions.CultureInvariant);

    /// <summary>Serialization of the stored and exported form, which is also the recipe's shape.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The regulation, e.g. 统计上大中小微型企业划分办法（2017）.</summary>
    public string Standard { get; init; } = "";
    public string MoneyUnit { get; init; } = TenThousandYuan;
    public string? Note { get; init; }
    public IReadOnlyList<SizeGroup> Groups { get; init; } = [];

    /// <summary>How many 千元 one unit of the thresholds is (10 for 万元).</summary>
    [JsonIgnore]
    public decimal MoneyFactor => MoneyUnit == TenThousandYuan ? 10m : 1m;

    /// <summary>
    /// Reads and checks the step's JSON: shape, code syntax, bounds in order. Whether the codes exist
    /// and whether groups overlap needs the industry tree: <see cref="Services.SizeClassifier"/> checks that.
    /// </summary>
    public static SizeStandard FromRecipe(RecipeStepContext ctx)
    {
        var step = ctx.Step;
        var path = ctx.Path;
        var standard = ctx.String(step, "standard", path);
        var unit = ctx.String(step, "moneyUnit", path);
        if (unit is not (TenThousandYuan or ThousandYuan))
            throw ctx.Error($"{path}.moneyUnit", $"must be \"{TenThousandYuan}\" or \"{ThousandYuan}\", not \"{unit}\"");
        var groups = new List<SizeGroup>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, groupPath) in ctx.Objects(step, "groups", path))
        {
            var name = ctx.String(item, "name", groupPath).Trim();
            if (name.Length is 0 or > 50) throw ctx.Error($"{groupPath}.name", "must be 1 to 50 characters");
            if (!names.Add(name)) throw ctx.Error($"{groupPath}.name", $"group '{name}' is listed twice");
            var industries = Codes(ctx, item, "industries", groupPath, required: true);
            if (industries.Count == 0) throw ctx.Error($"{groupPath}.industries", "must list at least one industry");
            var except = Codes(ctx, item, "except", groupPath, required: false);
            var thresholds = ctx.Object(item["thresholds"], $"{groupPath}.thresholds");
            foreach (var (key, _) in thresholds)
                if (key is not ("employees" or "revenue" or "assets"))
                    throw ctx.Error($"{groupPath}.thresholds.{key}", "unknown indicator; use employees, revenue or assets");
            var parsed = new SizeThresholds
            {
                Employees = Bounds(ctx, thresholds, "employees", $"{groupPath}.thresholds"),
                Revenue = Bounds(ctx, thresholds, "revenue", $"{groupPath}.thresholds"),
                Assets = Bounds(ctx, thresholds, "assets", $"{groupPath}.thresholds"),
            };
            if (!parsed.Listed().Any()) throw ctx.Error($"{groupPath}.thresholds", "must give at least one of employees, revenue, assets");
            groups.Add(new SizeGroup { Name = name, Industries = industries, Except = except.Count == 0 ? null : except, Thresholds = parsed });
        }
        if (groups.Count == 0) throw ctx.Error($"{path}.groups", "must list at least one group");
        return new SizeStandard { Standard = standard, MoneyUnit = unit, Note = ctx.OptionalString(step, "note", path), Groups = groups };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SizeStandard FromJson(string json) =>
        JsonSerializer.Deserialize<SizeStandard>(json, Json) ?? throw new JsonException("empty size standard");

    public JsonObject ToJsonObject() => (JsonObject)JsonSerializer.SerializeToNode(this, Json)!;

    private static List<string> Codes(RecipeStepContext ctx, JsonObject item, string prop, string path, bool required)
    {
        var codes = ctx.Strings(item, prop, path, required).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            if (!IndustryCode.IsMatch(codes[i]))
                throw ctx.Error($"{path}.{prop}[{i}]", $"'{codes[i]}' is not an industry code (a 门类 letter, or 2 to 4 digits)");
            if (codes.IndexOf(codes[i]) != i) throw ctx.Error($"{path}.{prop}[{i}]", $"'{codes[i]}' is listed twice");
        }
        return codes;
    }

    private static SizeBounds? Bounds(RecipeStepContext ctx, JsonObject thresholds, string indicator, string path)
    {
        if (thresholds[indicator] is null) return null;
        var p = $"{path}.{indicator}";
        var o = ctx.Object(thresholds[indicator], p);
        var large = ctx.Decimal(o, "large", p, required: true)!.Value;
        var medium = ctx.Decimal(o, "medium", p, required: true)!.Value;
        var small = ctx.Decimal(o, "small", p, required: true)!.Value;
        if (small <= 0) throw ctx.Error($"{p}.small", "must be greater than 0");
        if (medium <= small) throw ctx.Error($"{p}.medium", "must be greater than small");
        if (large <= medium) throw ctx.Error($"{p}.large", "must be greater than medium");
        return new SizeBounds(large, medium, small);
    }
}
