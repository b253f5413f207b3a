using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Review.Models;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review.Recipes;

/// <summary>
/// Upserts screening rules (筛查规则) by name; others are kept. The expression is checked as on the dashboard.
/// <code>{ "name": "screening-rules", "rules": [ { "name": "营业收入同比变化超过300%", "expression": "…", "message": "…", "enabled": true } ] }</code>
/// </summary>
internal sealed class ScreeningRulesStep(SmeDbContext db, RuleService rules, TimeProvider clock) : IRecipeStep
{
    public string Name => "screening-rules";
    public string? Feature => "SmeMonitor.Review";

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        foreach (var (item, path) in ctx.Objects(ctx.Step, "rules", ctx.Path))
        {
            var name = ctx.String(item, "name", path).Trim();
            if (name.Length is 0 or > ScreeningRuleConfiguration.MaxName) throw ctx.Error($"{path}.name", $"must be 1 to {ScreeningRuleConfiguration.MaxName} characters");
            var expression = ctx.String(item, "expression", path).Trim();
            if (expression.Length is 0 or > ScreeningRuleConfiguration.MaxExpression) throw ctx.Error($"{path}.expression", $"must be 1 to {ScreeningRuleConfiguration.MaxExpression} characters");
            if (rules.Validate(expression, ReportScreening.Globals) is { IsValid: false } invalid) throw ctx.Error($"{path}.expression", invalid.Error!);
            var message = ctx.String(item, "message", path).Trim();
            if (message.Length is 0 or > ScreeningRuleConfiguration.MaxMessage) throw ctx.Error($"{path}.message", $"must be 1 to {ScreeningRuleConfiguration.MaxMessage} characters");
            var enabled = ctx.Bool(item, "enabled", path, true);
            var rule = await db.Set<ScreeningRule>().FirstOrDefaultAsync(r => r.Name == name, ct);
            // Unchanged rules stay untouched, so applying a recipe again changes nothing.
            if (rule is not null && (rule.Expression, rule.Message, rule.Enabled) == (expression, message, enabled)) continue;
            if (rule is null) db.Add(rule = new ScreeningRule { Name = name });
            (rule.Expression, rule.Message, rule.Enabled, rule.UpdatedAt) = (expression, message, enabled, clock.GetUtcNow());
        }
    }
}
