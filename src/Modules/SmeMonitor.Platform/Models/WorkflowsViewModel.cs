using System.Text.Json;
using SmeMonitor.Core.Workflows;

namespace SmeMonitor.Platform.Models;

/// <param name="BlockingTypes">Activity types that wait (user tasks, timers): marked on the page.</param>
/// <param name="CanManage">Whether the viewer may enable and disable definitions.</param>
public sealed record WorkflowsViewModel(IReadOnlyList<WorkflowModel> Definitions, IReadOnlyList<WorkflowInstance> Instances,
    IReadOnlySet<string> BlockingTypes, bool CanManage)
{
    private static readonly HashSet<string> Structure = ["id", "type", "next"];

    /// <summary>An activity's own settings (beside id, type and next) as "name: value" lines, arrays comma-joined.</summary>
    public static IEnumerable<(string Name, string Value)> Settings(WorkflowActivity activity) =>
        activity.Settings.EnumerateObject().Where(p => !Structure.Contains(p.Name)).Select(p => (p.Name, Text(p.Value)));

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };
}
