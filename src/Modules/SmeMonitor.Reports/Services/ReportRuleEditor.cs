using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>A report type as the rule editor shows it: the current definition and which version it is.</summary>
public sealed record EditableReportType(ReportType Type, ReportDefinition Definition, int VersionNumber, string Sha256, DateTimeOffset VersionCreatedAt);

/// <summary>
/// What the rule form sends. <see cref="Indicators"/> is the codes separated by commas or spaces, as typed;
/// <see cref="Needs"/> holds lastMonth / lastYear as ticked.
/// </summary>
public sealed record RuleInput(string? Id, string? Severity, string? Expression, string? Message, string? MessageEn,
    IReadOnlyList<string> Needs, string? Indicators, string? Applies)
{
    public static RuleInput Empty { get; } = new("", "error", "", "", "", [], "", "");

    public static RuleInput From(RuleDefinition r) => new(r.Id, SeverityKey(r.Severity), r.Expression, r.Message, r.MessageEn,
        r.Needs, string.Join(", ", r.Indicators), r.Applies);

    public static string SeverityKey(RuleSeverity s) => s == RuleSeverity.Error ? "error" : "warning";
}

public enum RuleEditOutcome { Saved, Unchanged, Invalid, Conflict, NotFound }

/// <summary>
/// The outcome of a rule edit: the new version (Saved), or why nothing was stored. <see cref="Errors"/> are localized and
/// keyed by form field (Id, Severity, Expression, Message, MessageEn, Needs, Indicators, Applies; "" = the whole form).
/// </summary>
public sealed record RuleEditResult(RuleEditOutcome Outcome, ReportTypeVersion? Version, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Outcome is RuleEditOutcome.Saved or RuleEditOutcome.Unchanged;
}

/// <summary>
/// The dashboard's rule editor (编辑报表规则, REP-1): adds, changes and deletes one rule of a report type. Each change is
/// checked field by field (localized messages), then the whole definition by <see cref="ReportDefinitionValidator"/>, and
/// stored through <see cref="ReportTypeService.SaveAsync"/> as a new immutable version — in one transaction with its audit
/// row, against the version the editor opened. Reports already saved keep their version.
/// </summary>
/// <remarks>
/// Report types are national data: a province's indicators and rules (e.g. Zhejiang's 研发费用) are additions to the same
/// national type, limited by their "applies" expression. So only national administrators (and the super administrator)
/// with <see cref="Permissions.EditRules"/> may edit them; see <see cref="MayEdit"/>.
/// </remarks>
public sealed partial class ReportRuleEditor(SmeDbContext db, ReportTypeService types, ReportDefinitionValidator validator, RuleService rules,
    IAuditLog audit, IStringLocalizer<Strings> T)
{
    public const int MaxMessage = 200, MaxMessageEn = 300;

    /// <summary>Whether the user may edit report rules: the grant, and national reach.</summary>
    public static bool MayEdit(ClaimsPrincipal user, RegionScope scope) =>
        user.HasPermission(Permissions.EditRules) && user.IsNational(scope);

    public async Task<IReadOnlyList<EditableReportType>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<EditableReportType>();
        foreach (var current in await types.ListAsync(ct))
            list.Add(await WithVersionAsync(current, ct));
        return list;
    }

    public async Task<EditableReportType?> FindAsync(string name, CancellationToken ct = default) =>
        await types.FindAsync(name, ct) is { } current ? await WithVersionAsync(current, ct) : null;

    private async Task<EditableReportType> WithVersionAsync(CurrentReportType current, CancellationToken ct)
    {
        var v = await db.Set<ReportTypeVersion>().AsNoTracking().Where(x => x.Id == current.VersionId)
            .Select(x => new { x.Number, x.Sha256, x.CreatedAt }).FirstAsync(ct);
        return new EditableReportType(current.Type, current.Definition, v.Number, v.Sha256, v.CreatedAt);
    }

    /// <summary>
    /// The problems of a rule as it would stand in the definition (empty when it can be stored), by field.
    /// <paramref name="originalId"/> is the rule being edited (null for a new one): its own id is no duplicate.
    /// </summary>
    public Dictionary<string, string> Validate(ReportDefinition definition, RuleInput input, string? originalId)
    {
        var errors = new Dictionary<string, string>();
        var id = input.Id?.Trim() ?? "";
        if (id.Length == 0) errors["Id"] = T["请填写规则编号。"];
        else if (!RuleId().IsMatch(id)) errors["Id"] = T["规则编号须以字母开头，只能包含字母、数字和 _ . -，最多 64 个字符。"];
        else if (id != originalId && definition.Rules.Any(r => r.Id == id)) errors["Id"] = T["已有编号为“{0}”的规则。", id];

        if (input.Severity is not ("error" or "warning")) errors["Severity"] = T["请选择规则类型：错误或提示。"];

        var needs = input.Needs.Distinct().ToList();
        if (needs.Any(n => !ReportRules.Needs.Contains(n))) errors["Needs"] = T["只能选择上月报表或上年同期报表。"];

        var expression = input.Expression?.Trim() ?? "";
        if (expression.Length == 0) errors["Expression"] = T["请填写规则表达式。"];
        else if (rules.Validate(expression, ReportRules.GlobalsFor([.. needs.Where(ReportRules.Needs.Contains)])) is { IsValid: false } invalid)
            errors["Expression"] = invalid.Error!;
        else if (UnknownIndicators(definition, expression).FirstOrDefault() is { } unknown)
            errors["Expression"] = T["表达式中的“{0}”不是本报表的指标。", unknown];

        var message = input.Message?.Trim() ?? "";
        if (message.Length == 0) errors["Message"] = T["请填写提示信息。"];
        else if (message.Length > MaxMessage) errors["Message"] = T["提示信息不能超过{0}个字符。", MaxMessage];
        if ((input.MessageEn?.Trim().Length ?? 0) > MaxMessageEn) errors["MessageEn"] = T["英文提示信息不能超过{0}个字符。", MaxMessageEn];

        if (SplitCodes(input.Indicators).FirstOrDefault(c => definition.FindIndicator(c) is null) is { } missing)
            errors["Indicators"] = T["“{0}”不是本报表的指标。", missing];

        if (input.Applies?.Trim() is { Length: > 0 } applies && rules.Validate(applies, ReportRules.ApplyGlobals) is { IsValid: false } notApplicable)
            errors["Applies"] = notApplicable.Error!;
        return errors;
    }

    /// <summary>
    /// Adds a rule (<paramref name="originalId"/> null) or replaces the rule <paramref name="originalId"/>, keeping its place.
    /// <paramref name="expectedVersion"/> is the <see cref="ReportType.Version"/> the editor opened.
    /// </summary>
    public async Task<RuleEditResult> SaveRuleAsync(string typeName, string? originalId, RuleInput input, int expectedVersion, CancellationToken ct = default)
    {
        var current = await types.FindAsync(typeName, ct);
        if (current is null) return Failed(RuleEditOutcome.NotFound, "", T["报表类型不存在。"]);
        if (current.Type.Version != expectedVersion) return Stale();
        var definition = current.Definition;
        var at = originalId is null ? -1 : definition.Rules.ToList().FindIndex(r => r.Id == originalId);
        if (originalId is not null && at < 0) return Failed(RuleEditOutcome.NotFound, "", T["规则“{0}”已不存在。", originalId]);
        var errors = Validate(definition, input, originalId);
        if (errors.Count > 0) return new RuleEditResult(RuleEditOutcome.Invalid, null, errors);

        var rule = ToRule(input);
        var list = definition.Rules.ToList();
        if (at < 0) list.Add(rule);
        else list[at] = rule;
        return await StoreAsync(definition with { Rules = list }, expectedVersion, at < 0 ? "add" : "edit", rule.Id, originalId, ct);
    }

    public async Task<RuleEditResult> DeleteRuleAsync(string typeName, string id, int expectedVersion, CancellationToken ct = default)
    {
        var current = await types.FindAsync(typeName, ct);
        if (current is null) return Failed(RuleEditOutcome.NotFound, "", T["报表类型不存在。"]);
        if (current.Type.Version != expectedVersion) return Stale();
        if (current.Definition.Rules.All(r => r.Id != id)) return Failed(RuleEditOutcome.NotFound, "", T["规则“{0}”已不存在。", id]);
        var definition = current.Definition with { Rules = [.. current.Definition.Rules.Where(r => r.Id != id)] };
        return await StoreAsync(definition, expectedVersion, "delete", id, id, ct);
    }

    private async Task<RuleEditResult> StoreAsync(ReportDefinition definition, int expectedVersion, string change, string ruleId, string? originalId, CancellationToken ct)
    {
        // The field checks above cover a rule; this guards the whole definition the same way a recipe is checked.
        if (validator.Validate(definition) is { Count: > 0 } invalid)
            return Failed(RuleEditOutcome.Invalid, "", T["规则未保存：{0}", $"{invalid[0].Path}: {invalid[0].Reason}"]);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var version = await types.SaveAsync(definition, expectedVersion, ct);
                if (version is null)
                {
                    await tx.RollbackAsync(ct);
                    return new RuleEditResult(RuleEditOutcome.Unchanged, null, new Dictionary<string, string>());
                }
                audit.Record($"report-type.rule.{change}", nameof(ReportType), definition.Name,
                    new { version = version.Number, rule = ruleId, was = originalId == ruleId ? null : originalId });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new RuleEditResult(RuleEditOutcome.Saved, version, new Dictionary<string, string>());
            }
            catch (DbUpdateException)
            {
                // Another administrator saved meanwhile (stale version, or the same next version number): nothing is kept.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return Stale();
            }
        });
    }

    private RuleEditResult Stale() =>
        Failed(RuleEditOutcome.Conflict, "", T["其他管理员已修改了本报表的规则，您的更改未保存。请核对上方的当前规则，确认后再次保存。"]);

    private static RuleEditResult Failed(RuleEditOutcome outcome, string field, string message) =>
        new(outcome, null, new Dictionary<string, string> { [field] = message });

    private static RuleDefinition ToRule(RuleInput input) => new()
    {
        Id = input.Id!.Trim(),
        Severity = input.Severity == "error" ? RuleSeverity.Error : RuleSeverity.Warning,
        Expression = input.Expression!.Trim(),
        Message = input.Message!.Trim(),
        MessageEn = input.MessageEn?.Trim() is { Length: > 0 } en ? en : null,
        Needs = [.. ReportRules.Needs.Where(input.Needs.Contains)],
        Indicators = [.. SplitCodes(input.Indicators).Distinct()],
        Applies = input.Applies?.Trim() is { Length: > 0 } applies ? applies : null,
    };

    private static IEnumerable<string> SplitCodes(string? codes) =>
        (codes ?? "").Split([',', '，', ' ', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Codes read as v.CODE, lastMonth.CODE or lastYear.CODE that the definition does not have (a typo reads undefined at run time).</summary>
    private static IEnumerable<string> UnknownIndicators(ReportDefinition definition, string expression) =>
        IndicatorReference().Matches(expression).Select(m => m.Groups[1].Value).Where(code => definition.FindIndicator(code) is null);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"(?<![\w.$])(?:v|lastMonth|lastYear)\s*\.\s*([A-Za-z_$][\w$]*)")]
    private static partial Regex IndicatorReference();
}
