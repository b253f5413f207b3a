using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// Upserts workflow definitions by name (a listed workflow replaces the stored one; others are kept).
/// <code>
/// { "name": "workflows", "workflows": [ { "name": "EnterpriseRegistration", "title": "企业注册审核", "subject": "Enterprise",
///   "start": "review", "activities": [
///     { "id": "review", "type": "UserTask", "actions": ["approve", "return"], "next": { "approve": "approved", "return": "returned" } },
///     { "id": "approved", "type": "SetStatus", "status": "Approved", "next": { "Done": "sms" } },
///     { "id": "sms", "type": "SendSms", "text": "您的企业注册信息已审核通过。" },
///     { "id": "returned", "type": "SetStatus", "status": "Returned" } ] } ] }
/// </code>
/// "next" maps an outcome to the activity that follows; an outcome without an entry ends the instance.
/// Each activity type checks its own settings (a Condition its expression). Loops are allowed when they pass
/// through a blocking activity (e.g. back to a user task after a return); a loop of activities that never
/// wait is refused. "enabled" (optional, default true for a new workflow, else unchanged) stores the
/// switch that /admin/workflows turns. Instances already running follow the new definition from where they wait.
/// </summary>
internal sealed class WorkflowsStep(SmeDbContext db, IEnumerable<IActivity> activities, TimeProvider clock) : IRecipeStep
{
    // Chinese text stays readable in the stored JSON (and compares the same on re-apply).
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] WorkflowKeys = ["name", "title", "subject", "start", "activities", "enabled"];

    public string Name => "workflows";
    public string? Feature => null;
    /// <summary>Early: definitions need nothing else, and importing data (e.g. pending enterprises) may start workflows.</summary>
    public int ExportOrder => 30;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var types = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in ctx.Objects(ctx.Step, "workflows", ctx.Path))
        {
            foreach (var (key, _) in item)
                if (!WorkflowKeys.Contains(key)) throw ctx.Error($"{path}.{key}", $"unknown property; expected {string.Join(", ", WorkflowKeys)}");
            var name = Identifier(ctx, item, "name", path);
            if (!names.Add(name)) throw ctx.Error($"{path}.name", $"workflow '{name}' is listed twice");
            var title = ctx.String(item, "title", path);
            if (title.Length is 0 or > 128) throw ctx.Error($"{path}.title", "must be 1 to 128 characters");
            var subject = Identifier(ctx, item, "subject", path);
            var start = ctx.String(item, "start", path);
            var list = ctx.Array(item, "activities", path);
            if (list.Count == 0) throw ctx.Error($"{path}.activities", "must list at least one activity");

            bool? enabled = item["enabled"] is null ? null
                : item["enabled"] is JsonValue e && e.TryGetValue<bool>(out var b) ? b
                : throw ctx.Error($"{path}.enabled", "must be true or false");

            var ids = new HashSet<string>(StringComparer.Ordinal);
            var nexts = new List<(string Path, string Target)>();
            var graph = new List<(string Id, bool Blocks, List<string> Targets)>();
            foreach (var (activity, apath) in ctx.Objects(item, "activities", path))
            {
                var id = Identifier(ctx, activity, "id", apath);
                if (!ids.Add(id)) throw ctx.Error($"{apath}.id", $"activity '{id}' is defined twice");
                var type = ctx.String(activity, "type", apath);
                if (!types.TryGetValue(type, out var implementation))
                    throw ctx.Error($"{apath}.type", $"unknown activity type '{type}'; known types: {string.Join(", ", types.Keys.Order(StringComparer.Ordinal))}");
                var settings = JsonSerializer.SerializeToElement(activity);
                if (implementation.Validate(settings).FirstOrDefault() is { } error)
                    throw ctx.Error($"{apath}.{error.Property}", error.Reason);
                var targets = new List<string>();
                graph.Add((id, implementation.Blocks, targets));
                if (activity["next"] is null) continue;
                var outcomes = implementation.GetOutcomes(settings);
                foreach (var (outcome, target) in ctx.Object(activity["next"], $"{apath}.next"))
                {
                    var npath = $"{apath}.next.{outcome}";
                    if (!outcomes.Contains(outcome))
                        throw ctx.Error(npath, $"'{type}' has no outcome '{outcome}'; its outcomes: {string.Join(", ", outcomes)}");
                    var targetId = target is JsonValue v && v.TryGetValue<string>(out var s) ? s
                        : throw ctx.Error(npath, $"must be an activity id, not {RecipeStepContext.Kind(target)}");
                    nexts.Add((npath, targetId));
                    targets.Add(targetId);
                }
            }
            foreach (var (npath, target) in nexts)
                if (!ids.Contains(target)) throw ctx.Error(npath, $"unknown activity '{target}'");
            if (!ids.Contains(start)) throw ctx.Error($"{path}.start", $"unknown activity '{start}'");
            if (FindLoopWithoutBlocking(graph) is { } loop)
                throw ctx.Error($"{path}.activities", $"the loop {string.Join(" → ", loop)} has no activity that waits "
                    + $"({string.Join(", ", types.Values.Where(t => t.Blocks).Select(t => t.Type).Order(StringComparer.Ordinal))}); it would run without end");

            var json = list.ToJsonString(StoredJson);
            var stored = await db.Set<WorkflowDefinition>().FindAsync([name], ct);
            if (stored is null)
            {
                stored = new WorkflowDefinition { Name = name };
                db.Add(stored);
            }
            else if (stored.Title == title && stored.SubjectType == subject && stored.StartActivityId == start && stored.Json == json
                     && (enabled ?? stored.Enabled) == stored.Enabled) continue;
            stored.Enabled = enabled ?? stored.Enabled;
            stored.Title = title;
            stored.SubjectType = subject;
            stored.StartActivityId = start;
            stored.Json = json;
            stored.UpdatedAt = clock.GetUtcNow();
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var definitions = await db.Set<WorkflowDefinition>().AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
        if (definitions.Count == 0) return null;
        return new JsonObject
        {
            ["workflows"] = new JsonArray(definitions.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Name, ["title"] = d.Title, ["subject"] = d.SubjectType, ["start"] = d.StartActivityId,
                ["activities"] = JsonNode.Parse(d.Json),
                ["enabled"] = d.Enabled,
            }).ToArray()),
        };
    }

    /// <summary>A loop among activities that never halt, as ids from its first activity back to it; null when there is none.</summary>
    private static List<string>? FindLoopWithoutBlocking(List<(string Id, bool Blocks, List<string> Targets)> activities)
    {
        var running = activities.Where(a => !a.Blocks).ToDictionary(a => a.Id, a => a.Targets, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string id)
        {
            if (path.IndexOf(id) is var at and >= 0) return [.. path[at..], id];
            if (!running.TryGetValue(id, out var targets) || !done.Add(id)) return null;
            path.Add(id);
            foreach (var target in targets)
                if (Visit(target) is { } loop) return loop;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return activities.Select(a => Visit(a.Id)).FirstOrDefault(loop => loop is not null);
    }

    private static string Identifier(RecipeStepContext ctx, JsonObject obj, string prop, string path)
    {
        var value = ctx.String(obj, prop, path);
        return WorkflowNames.IsValid(value) ? value
            : throw ctx.Error($"{path}.{prop}", $"'{value}' is not a name (a letter, then letters, digits, _ . -; at most {WorkflowNames.MaxLength})");
    }
}
