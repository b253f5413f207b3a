using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmeMonitor.Reports.Services;

/// <summary>流量 / 存量 / 比率: flows add up over the months (their cumulative is prefilled), stocks are period-end balances, ratios are neither.</summary>
public enum IndicatorKind { Flow, Stock, Ratio }

/// <summary>error blocks 保存; warning (平衡关系检查) is shown on 下一步 and confirmed with an explanation.</summary>
public enum RuleSeverity { Error, Warning }

/// <summary>
/// One indicator (指标) of a report type. <see cref="Required"/> means 本年本月 and 本年1-本月 must be filled (非空校验);
/// <see cref="NonNegative"/> applies to every filled column (非负校验). <see cref="Applies"/> is a rule expression over
/// <c>enterprise</c> and <c>period</c> (e.g. <c>period.quarterEnd</c>); null = always.
/// </summary>
public sealed record IndicatorDefinition
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public required string Unit { get; init; }
    public string? UnitEn { get; init; }
    public IndicatorKind Kind { get; init; }
    public bool Required { get; init; }
    public bool NonNegative { get; init; }
    public string? Applies { get; init; }
    public int Order { get; init; }

    [JsonIgnore] public string DisplayName => Localized(Name, NameEn);
    [JsonIgnore] public string DisplayUnit => Localized(Unit, UnitEn);

    internal static string Localized(string zh, string? en) =>
        en is { Length: > 0 } && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? en : zh;
}

/// <summary>
/// One rule (校验规则): an expression over <c>v</c>, <c>enterprise</c>, <c>period</c> and the earlier reports it
/// <see cref="Needs"/> (<c>lastMonth</c>, <c>lastYear</c>), true when the report passes. It runs only when
/// <see cref="Applies"/> (over enterprise and period) holds and every indicator of <see cref="Indicators"/> applies;
/// when a report it needs is not 审核通过 it is skipped (and reported as skipped).
/// </summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }
    public RuleSeverity Severity { get; init; }
    public required string Expression { get; init; }
    public required string Message { get; init; }
    public string? MessageEn { get; init; }
    public IReadOnlyList<string> Needs { get; init; } = [];
    public IReadOnlyList<string> Indicators { get; init; } = [];
    public string? Applies { get; init; }

    [JsonIgnore] public string DisplayMessage => IndicatorDefinition.Localized(Message, MessageEn);
}

/// <summary>
/// A report type's definition (REP-1) as the <c>report-types</c> recipe step gives it and a <see cref="Models.ReportTypeVersion"/>
/// stores it. Immutable; parse stored JSON with <see cref="FromJson"/>.
/// </summary>
public sealed record ReportDefinition
{
    public const string DefaultWorkflow = "ReportReview";

    public required string Name { get; init; }
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    /// <summary>Months whose report is 季度指标 (rules see <c>period.quarterEnd</c>).</summary>
    public IReadOnlyList<int> QuarterEndMonths { get; init; } = [];
    /// <summary>The review workflow a submitted report starts; null = <see cref="DefaultWorkflow"/>.</summary>
    public string? Workflow { get; init; }
    /// <summary>In <see cref="IndicatorDefinition.Order"/> order.</summary>
    public IReadOnlyList<IndicatorDefinition> Indicators { get; init; } = [];
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    [JsonIgnore] public string DisplayTitle => IndicatorDefinition.Localized(Title, TitleEn);
    [JsonIgnore] public string WorkflowName => Workflow ?? DefaultWorkflow;

    public IndicatorDefinition? FindIndicator(string code) => Indicators.FirstOrDefault(i => i.Code == code);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The normalized JSON (fixed property order, nulls left out): equal definitions give equal text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ReportDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<ReportDefinition>(json, Json) ?? throw new JsonException("A report definition is a JSON object.");

    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));
}
