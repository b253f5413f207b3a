using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Review.Models;

namespace SmeMonitor.Review.Services;

/// <summary>What the screening-rule form sends; <see cref="Version"/> 0 for a new rule.</summary>
public sealed record ScreeningRuleInput(string? Name, string? Expression, string? Message, bool Enabled, int Version);

/// <summary>Adds, edits, enables and disables <see cref="ScreeningRule"/>s: the expression is checked (RuleService.Validate)
/// before anything is stored; every change is audited and checked against the version the editor opened.</summary>
public sealed class ScreeningRuleService(SmeDbContext db, RuleService rules, IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    public Task<List<ScreeningRule>> ListAsync(CancellationToken ct = default) =>
        db.Set<ScreeningRule>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);

    public Task<ScreeningRule?> FindAsync(long id, CancellationToken ct = default) =>
        db.Set<ScreeningRule>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The problems of an input (empty when it can be stored), by field name.</summary>
    public Dictionary<string, string> Validate(ScreeningRuleInput input)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors["Name"] = T["请填写规则名称。"];
        else if (name.Length > ScreeningRuleConfiguration.MaxName) errors["Name"] = T["规则名称不能超过{0}个字符。", ScreeningRuleConfiguration.MaxName];
        var expression = input.Expression?.Trim() ?? "";
        if (expression.Length == 0) errors["Expression"] = T["请填写规则表达式。"];
        else if (expression.Length > ScreeningRuleConfiguration.MaxExpression) errors["Expression"] = T["规则表达式不能超过{0}个字符。", ScreeningRuleConfiguration.MaxExpression];
        else if (rules.Validate(expression, ReportScreening.Globals) is { IsValid: false } invalid) errors["Expression"] = invalid.Error!;
        var message = input.Message?.Trim() ?? "";
        if (message.Length == 0) errors["Message"] = T["请填写提示信息。"];
        else if (message.Length > ScreeningRuleConfiguration.MaxMessage) errors["Message"] = T["提示信息不能超过{0}个字符。", ScreeningRuleConfiguration.MaxMessage];
        return errors;
    }

    /// <summary>Creates (id null) or updates a rule; the errors (nothing stored) or the saved rule.</summary>
    public async Task<(ScreeningRule? Rule, Dictionary<string, string> Errors)> SaveAsync(long? id, ScreeningRuleInput input, CancellationToken ct = default)
    {
        var errors = Validate(input);
        if (errors.Count > 0) return (null, errors);
        var name = input.Name!.Trim();
        ScreeningRule? rule = null;
        if (id is { } existing)
        {
            rule = await db.Set<ScreeningRule>().FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (rule is null) return (null, new() { [""] = T["规则不存在。"] });
            db.Entry(rule).Property(r => r.Version).OriginalValue = input.Version;
        }
        if (await db.Set<ScreeningRule>().AnyAsync(r => r.Name == name && r.Id != (id ?? 0), ct))
            return (null, new() { ["Name"] = T["已有同名规则。"] });
        if (rule is null) db.Add(rule = new ScreeningRule());
        (rule.Name, rule.Expression, rule.Message, rule.Enabled, rule.UpdatedAt) =
            (name, input.Expression!.Trim(), input.Message!.Trim(), input.Enabled, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
            audit.Record(id is null ? "screeningRule.create" : "screeningRule.update", nameof(ScreeningRule), rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { rule.Name, rule.Expression, rule.Message, rule.Enabled });
            await db.SaveChangesAsync(ct);
            return (rule, errors);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (null, new() { [""] = T["规则已在别处被修改，您的更改未保存；请重新打开后再修改。"] });
        }
    }
}
