using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SmeMonitor.Core.Workflows;

/// <summary>What a workflow instance is about: a type (e.g. "Enterprise") and that thing's id.</summary>
public sealed record WorkflowSubject(string Type, string Id);

/// <summary>
/// A kind of step in a workflow (e.g. UserTask, Timer, SetStatus, SendSms). Any module registers its
/// own: <c>services.AddScoped&lt;IActivity, MyActivity&gt;()</c>. The recipe step asks the registered
/// activities to check the settings of every activity of their type before a definition is stored.
/// </summary>
public interface IActivity
{
    /// <summary>The "type" that names it in definition JSON.</summary>
    string Type { get; }

    /// <summary>
    /// Problems with an activity's settings (the activity's JSON object, beside "id", "type" and "next"):
    /// each names the offending property and why, e.g. ("actions", "is required").
    /// </summary>
    IEnumerable<ActivitySettingError> Validate(JsonElement settings);

    /// <summary>The outcomes it can end with, so that "next" keys are checked (a UserTask: its actions).</summary>
    IReadOnlyCollection<string> GetOutcomes(JsonElement settings);

    /// <summary>
    /// Whether it can halt (wait for a person or a time). Every loop in a definition must pass through one:
    /// the recipe step refuses a loop of activities that never wait, which would run until the run limit.
    /// </summary>
    bool Blocks => false;

    /// <summary>The actions a person may resume it with while an instance waits on it; none for the rest.</summary>
    IReadOnlyList<string> GetActions(JsonElement settings) => [];

    /// <summary>Runs it on entering: an outcome to follow, or <see cref="ActivityResult.Halt"/> to wait here.</summary>
    Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct);

    /// <summary>Runs it when the instance waiting on it is resumed (by an action or its timer). Default: the action's name, or "Done".</summary>
    Task<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken ct) =>
        Task.FromResult(ActivityResult.Outcome(context.Action ?? ActivityResult.Done));
}

public sealed record ActivitySettingError(string Property, string Reason);

/// <summary>How an activity ended: an outcome (followed through the activity's "next") or a halt.</summary>
public sealed class ActivityResult
{
    /// <summary>The outcome of activities that have only one way out.</summary>
    public const string Done = "Done";

    private ActivityResult(string? outcome) => OutcomeName = outcome;

    /// <summary>The outcome; null for a halt.</summary>
    public string? OutcomeName { get; }
    public bool IsHalt => OutcomeName is null;

    /// <summary>The instance waits on this activity until it is resumed.</summary>
    public static ActivityResult Halt { get; } = new(null);

    public static ActivityResult Outcome(string name) => new(name);
}

/// <summary>
/// What an activity sees while it runs. <see cref="Variables"/> are the instance's and are saved with it.
/// Changes made to tracked entities through the request's SmeDbContext are saved in the same transaction.
/// </summary>
public sealed class ActivityContext(WorkflowInstance instance, string activityId, JsonElement settings,
    IDictionary<string, string?> variables, string? action, IReadOnlyDictionary<string, string?> input, IServiceProvider services)
{
    public WorkflowInstance Instance { get; } = instance;
    public WorkflowSubject Subject => Instance.Subject;
    public string ActivityId { get; } = activityId;
    /// <summary>The activity's JSON object from the definition.</summary>
    public JsonElement Settings { get; } = settings;
    public IDictionary<string, string?> Variables { get; } = variables;
    /// <summary>The action it was resumed with (a user task); null when entered or fired by a timer.</summary>
    public string? Action { get; } = action;
    /// <summary>The input given with the resume (also copied into <see cref="Variables"/>); empty otherwise.</summary>
    public IReadOnlyDictionary<string, string?> Input { get; } = input;
    /// <summary>The request's (or the timer poll's) scope.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The handler registered for the subject's type, or null when no module knows that type.</summary>
    public IWorkflowSubjectHandler? FindSubjectHandler() =>
        Services.GetServices<IWorkflowSubjectHandler>().FirstOrDefault(h => h.SubjectType == Subject.Type);

    /// <summary>A string setting of the activity, or null when it is absent.</summary>
    public string? Setting(string name) => ActivitySettings.String(Settings, name);
}

/// <summary>
/// What a module that owns a kind of subject (e.g. Enterprises for "Enterprise") lets workflows do to it.
/// Register as scoped: <c>services.AddScoped&lt;IWorkflowSubjectHandler, MyHandler&gt;()</c>.
/// </summary>
public interface IWorkflowSubjectHandler
{
    string SubjectType { get; }
    /// <summary>Changes the subject's status (the SetStatus activity); change tracked entities, the runtime saves them.</summary>
    Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct);
    /// <summary>The mobile number to text about the subject (the SendSms activity); null when there is none.</summary>
    Task<string?> GetPhoneAsync(string subjectId, CancellationToken ct);

    /// <summary>
    /// The subject's data that Condition expressions read as <c>subject</c> (plain data: strings, numbers,
    /// booleans, null, dictionaries, lists); null (the default) when the module offers none.
    /// </summary>
    Task<IReadOnlyDictionary<string, object?>?> GetDataAsync(string subjectId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, object?>?>(null);
}

/// <summary>Thrown by an activity that cannot go on: the instance becomes Faulted with this message.</summary>
public sealed class WorkflowFaultException(string message) : Exception(message);

/// <summary>A misuse of the runtime by code (unknown workflow, a second instance for the same subject).</summary>
public class WorkflowException(string message) : Exception(message);

/// <summary>
/// StartAsync of a workflow that an administrator disabled on /admin/workflows: nothing was started or saved.
/// Callers that start workflows on an event ask <see cref="IWorkflowRuntime.CanStartAsync"/> first and refuse
/// the user's action with their own localized message.
/// </summary>
public sealed class WorkflowDisabledException(string workflowName)
    : WorkflowException($"workflow '{workflowName}' is disabled")
{
    public string WorkflowName { get; } = workflowName;
}

/// <summary>Readers for activity settings, shared by validation and execution.</summary>
public static class ActivitySettings
{
    public static string? String(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    public static IReadOnlyList<string> Strings(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    /// <summary>An error when the property is missing or is not a non-empty string.</summary>
    public static ActivitySettingError? RequireString(JsonElement settings, string name)
    {
        if (!settings.TryGetProperty(name, out var v)) return new(name, "is required");
        if (v.ValueKind != JsonValueKind.String) return new(name, "must be a string");
        return v.GetString()!.Trim().Length == 0 ? new(name, "must not be empty") : null;
    }
}
