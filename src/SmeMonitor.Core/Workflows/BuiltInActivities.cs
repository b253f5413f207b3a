using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// 人工任务: waits for a person to choose one of its actions; the action is the outcome.
/// <code>{ "id": "review", "type": "UserTask", "actions": ["approve", "return"], "next": { "approve": "…", "return": "…" } }</code>
/// </summary>
internal sealed class UserTaskActivity : IActivity
{
    public string Type => "UserTask";
    public bool Blocks => true;

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings)
    {
        if (!settings.TryGetProperty("actions", out var actions)) { yield return new("actions", "is required"); yield break; }
        if (actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0) { yield return new("actions", "must be a non-empty array of names"); yield break; }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var a in actions.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.String || !WorkflowNames.IsValid(a.GetString()))
                yield return new($"actions[{i}]", "must be a name (letters, digits, _ . -; at most 64)");
            else if (!seen.Add(a.GetString()!))
                yield return new($"actions[{i}]", $"'{a.GetString()}' is listed twice");
            i++;
        }
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => GetActions(settings).ToList();

    public IReadOnlyList<string> GetActions(JsonElement settings) => ActivitySettings.Strings(settings, "actions");

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct) => Task.FromResult(ActivityResult.Halt);

    public Task<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken ct) =>
        Task.FromResult(ActivityResult.Outcome(context.Action!));
}

/// <summary>
/// 定时器: waits for a delay, then ends with "Done". The delay is "delay" (hh:mm:ss, or d.hh:mm:ss), unless
/// "delaySetting" names a platform setting (ISettingsService) that holds a number of seconds: then that wins,
/// so a recipe or a test can shorten e.g. the two-minute check. The timer is a row (<see cref="WorkflowTimer"/>).
/// <code>{ "id": "wait", "type": "Timer", "delay": "00:02:00", "delaySetting": "Enterprises.ChangeCheckDelaySeconds", "next": { "Done": "check" } }</code>
/// </summary>
internal sealed class TimerActivity(SmeDbContext db, ISettingsService settings, TimeProvider clock) : IActivity
{
    public string Type => "Timer";
    public bool Blocks => true;

    public IEnumerable<ActivitySettingError> Validate(JsonElement s)
    {
        if (ActivitySettings.RequireString(s, "delay") is { } error) yield return error;
        else if (ParseDelay(ActivitySettings.String(s, "delay")!) is null) yield return new("delay", "must be a duration hh:mm:ss, not negative");
        if (s.TryGetProperty("delaySetting", out var key) && (key.ValueKind != JsonValueKind.String || key.GetString()!.Length is 0 or > 128))
            yield return new("delaySetting", "must be a setting key (1 to 128 characters)");
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [ActivityResult.Done];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        var delay = ParseDelay(context.Setting("delay") ?? "") ?? throw new WorkflowFaultException("the delay is not a duration");
        if (context.Setting("delaySetting") is { } key && await settings.GetNodeAsync(key, ct) is { } node)
            delay = node is JsonValue v && v.TryGetValue<double>(out var seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
                ? TimeSpan.FromSeconds(seconds)
                : throw new WorkflowFaultException($"setting '{key}' must be a number of seconds, not {node.ToJsonString()}");
        db.Add(new WorkflowTimer { InstanceId = context.Instance.Id, ActivityId = context.ActivityId, DueAt = clock.GetUtcNow() + delay });
        return ActivityResult.Halt;
    }

    public Task<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken ct) =>
        Task.FromResult(ActivityResult.Outcome(ActivityResult.Done));

    private static TimeSpan? ParseDelay(string text) =>
        TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var d) && d >= TimeSpan.Zero ? d : null;
}

/// <summary>
/// 设置状态: sets the subject's status through the handler of its type, then "Done". No handler for the
/// subject's type faults the instance.
/// <code>{ "id": "approved", "type": "SetStatus", "status": "Approved", "next": { "Done": "sms" } }</code>
/// </summary>
internal sealed class SetStatusActivity : IActivity
{
    public string Type => "SetStatus";

    public IEnumerable<ActivitySettingError> Validate(JsonElement settings)
    {
        if (ActivitySettings.RequireString(settings, "status") is { } error) yield return error;
    }

    public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [ActivityResult.Done];

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
    {
        var handler = context.FindSubjectHandler()
                      ?? throw new WorkflowFaultException($"no module handles subjects of type '{context.Subject.Type}' (is it enabled?)");
        await handler.SetStatusAsync(context.Subject.Id, context.Setting("status")!, context, ct);
        return ActivityResult.Outcome(ActivityResult.Done);
    }
}

/// <summary>Names of workflows, activities, outcomes and actions: stable ASCII identifiers.</summary>
public static class WorkflowNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
