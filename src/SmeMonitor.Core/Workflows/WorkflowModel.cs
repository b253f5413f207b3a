using System.Text.Json;

namespace SmeMonitor.Core.Workflows;

/// <summary>One activity of a stored definition: its id, type, settings (its whole JSON object) and outcome → next activity.</summary>
public sealed record WorkflowActivity(string Id, string Type, JsonElement Settings, IReadOnlyDictionary<string, string> Next);

/// <summary>A stored definition read for running (the recipe step validated it when it was stored).</summary>
public sealed class WorkflowModel
{
    public required WorkflowDefinition Definition { get; init; }
    public required IReadOnlyDictionary<string, WorkflowActivity> Activities { get; init; }

    public static WorkflowModel From(WorkflowDefinition definition)
    {
        using var doc = JsonDocument.Parse(definition.Json);
        var activities = new Dictionary<string, WorkflowActivity>(StringComparer.Ordinal);
        foreach (var a in doc.RootElement.EnumerateArray())
        {
            var next = new Dictionary<string, string>(StringComparer.Ordinal);
            if (a.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.Object)
                foreach (var p in n.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String) next[p.Name] = p.Value.GetString()!;
            var id = a.GetProperty("id").GetString()!;
            activities[id] = new WorkflowActivity(id, a.GetProperty("type").GetString()!, a.Clone(), next);
        }
        return new WorkflowModel { Definition = definition, Activities = activities };
    }
}
