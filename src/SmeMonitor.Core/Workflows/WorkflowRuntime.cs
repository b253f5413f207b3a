using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Workflows;

/// <summary>
/// Starts, resumes and times workflow instances. Scoped: it works on the request's SmeDbContext, and each
/// start, resume or timer firing is one transaction that also saves the caller's pending tracked changes
/// and everything the activities changed (an audit row included). When the caller already has a
/// transaction open on the context, the runtime works inside it and leaves commit and rollback to the caller.
/// </summary>
public interface IWorkflowRuntime
{
    /// <summary>
    /// Starts an instance of the workflow about the subject and runs it from the start activity until an
    /// activity halts (Waiting) or it ends (Finished, or Faulted with the reason in Fault).
    /// Throws <see cref="WorkflowDisabledException"/> (nothing started, nothing saved) when an administrator
    /// disabled the workflow: ask <see cref="CanStartAsync"/> first to refuse with a message of your own.
    /// Throws <see cref="WorkflowException"/> for an unknown workflow, a subject of another type, or when an
    /// instance of that workflow already waits for the subject (the database refuses it: on PostgreSQL a caller's
    /// transaction can then only be rolled back); <see cref="DbUpdateConcurrencyException"/>
    /// when the caller's own changes were stale (nothing is saved then and the context's tracker is cleared).
    /// </summary>
    Task<WorkflowInstance> StartAsync(string workflowName, WorkflowSubject subject,
        IReadOnlyDictionary<string, string?>? variables = null, CancellationToken ct = default);

    /// <summary>
    /// Whether <see cref="StartAsync"/> would start the workflow: it is defined and enabled. A module that starts
    /// a workflow on an event (report submitted, registration submitted, key fields changed) asks this before
    /// changing anything, and refuses the event with its own message when false.
    /// </summary>
    Task<bool> CanStartAsync(string workflowName, CancellationToken ct = default);

    /// <summary>
    /// Resumes the subject's instance that waits on a user task offering <paramref name="action"/>; the input
    /// and the acting user's id ("userId", when there is a signed-in user) and "action" go into its Variables.
    /// Anything but <see cref="ResumeStatus.Resumed"/> saved nothing; after <see cref="ResumeStatus.Conflict"/>
    /// the context's change tracker is cleared (the caller's pending changes are dropped too).
    /// </summary>
    Task<ResumeResult> ResumeAsync(WorkflowSubject subject, string action,
        IReadOnlyDictionary<string, string?>? input = null, CancellationToken ct = default);

    /// <summary>The subject's oldest instance waiting on anything (a user task or a timer), untracked; null when none.</summary>
    Task<WorkflowInstance?> FindWaitingAsync(WorkflowSubject subject, CancellationToken ct = default);

    /// <summary>The subject's oldest instance waiting on a user task, with the actions it offers; null when none.</summary>
    Task<WaitingTask?> FindTaskAsync(WorkflowSubject subject, CancellationToken ct = default);

    /// <summary>
    /// Fires the timers due by now: each is claimed with a conditional update, so of several nodes exactly one
    /// fires it; a claim not finished within the lease (a node died) is taken again. Returns how many it fired.
    /// </summary>
    Task<int> FireDueTimersAsync(CancellationToken ct = default);
}

public enum ResumeStatus
{
    Resumed,
    /// <summary>No instance of the subject waits on a user task (e.g. someone already handled it).</summary>
    NotWaiting,
    /// <summary>The waiting task does not offer that action.</summary>
    InvalidAction,
    /// <summary>Someone else changed the instance (or the caller's entities) at the same time: nothing saved.</summary>
    Conflict,
}

/// <param name="Instance">The resumed instance (Resumed), the waiting one (InvalidAction), else null.</param>
public sealed record ResumeResult(ResumeStatus Status, WorkflowInstance? Instance = null);

/// <summary>An instance waiting on a user task: which activity and the actions a person may take.</summary>
public sealed record WaitingTask(WorkflowInstance Instance, string ActivityId, IReadOnlyList<string> Actions);

internal sealed class WorkflowRuntime(SmeDbContext db, IEnumerable<IActivity> activities, IAuditLog audit, TimeProvider clock,
    IHttpContextAccessor http, IServiceProvider services, ReadCache cache, ILogger<WorkflowRuntime> logger) : IWorkflowRuntime
{
    /// <summary>Variables the runtime writes on a resume.</summary>
    public const string ActionVariable = "action", UserIdVariable = "userId";
    /// <summary>More activities than this in one run without halting is taken as a cycle and faults the instance.</summary>
    public const int MaxActivitiesPerRun = 100;
    /// <summary>A timer claimed longer ago than this and not fired is taken as abandoned (its node died) and claimed again.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);
    private const int TimerBatch = 100;

    private static readonly string NodeId = Truncate($"{Environment.MachineName}/{Environment.ProcessId}", 128)!;
    private static readonly JsonSerializerOptions VariableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly IReadOnlyDictionary<string, string?> NoInput = new Dictionary<string, string?>();

    private readonly Dictionary<string, IActivity> _activities = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public async Task<WorkflowInstance> StartAsync(string workflowName, WorkflowSubject subject,
        IReadOnlyDictionary<string, string?>? variables = null, CancellationToken ct = default)
    {
        CheckSubject(subject);
        return (await InTransactionAsync(async () =>
        {
            var model = await ModelAsync(workflowName, null, ct);
            if (model is null) throw new WorkflowException($"unknown workflow '{workflowName}'");
            if (model.Definition.SubjectType != subject.Type)
                throw new WorkflowException($"workflow '{workflowName}' is about '{model.Definition.SubjectType}', not '{subject.Type}'");
            if (!model.Definition.Enabled) throw new WorkflowDisabledException(workflowName);
            var now = clock.GetUtcNow();
            var instance = new WorkflowInstance
            {
                WorkflowName = workflowName, SubjectType = subject.Type, SubjectId = subject.Id,
                Status = WorkflowStatus.Running, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(instance);
            try
            {
                await db.SaveChangesAsync(ct); // the id, for timers the activities create
            }
            catch (DbUpdateException e) when (IsActiveInstanceConflict(e))
            {
                db.Entry(instance).State = EntityState.Detached;
                throw new WorkflowException($"an instance of '{workflowName}' already waits for {subject.Type} {subject.Id}");
            }
            var vars = variables is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(variables);
            await RunAsync(model, instance, model.Definition.StartActivityId, null, NoInput, vars, resuming: false, ct);
            audit.Record("workflow.start", subject.Type, subject.Id, Details(instance, model.Definition.StartActivityId, null));
            await db.SaveChangesAsync(ct);
            return instance;
        }, onConflict: null, ct))!;
    }

    /// <summary>
    /// The database refused a second instance waiting or running for the subject (<see cref="WorkflowInstanceConfiguration.ActiveInstanceIndex"/>):
    /// PostgreSQL names the index, SQLite the table's columns.
    /// </summary>
    private static bool IsActiveInstanceConflict(DbUpdateException e) => e.InnerException is DbException d
        && (d.Message.Contains(WorkflowInstanceConfiguration.ActiveInstanceIndex, StringComparison.Ordinal)
            || d.Message.Contains("UNIQUE constraint failed: WorkflowInstances.", StringComparison.Ordinal));

    public async Task<bool> CanStartAsync(string workflowName, CancellationToken ct = default) =>
        (await ModelAsync(workflowName, null, ct))?.Definition.Enabled == true;

    public async Task<ResumeResult> ResumeAsync(WorkflowSubject subject, string action,
        IReadOnlyDictionary<string, string?>? input = null, CancellationToken ct = default)
    {
        CheckSubject(subject);
        input ??= NoInput;
        return (await InTransactionAsync(async () =>
        {
            var tasks = await WaitingTasksAsync(subject, tracked: true, ct);
            if (tasks.Count == 0) return new ResumeResult(ResumeStatus.NotWaiting);
            var task = tasks.FirstOrDefault(t => t.Task.Actions.Contains(action, StringComparer.Ordinal));
            if (task is null) return new ResumeResult(ResumeStatus.InvalidAction, tasks[0].Task.Instance);

            var instance = task.Task.Instance;
            var variables = instance.GetVariables();
            foreach (var (k, v) in input) variables[k] = v;
            variables[ActionVariable] = action;
            if (http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId) variables[UserIdVariable] = userId;
            // Of two resumes at once the second already waited at the read (the instance is locked) and found nothing waiting;
            // the claim is saved with everything the activities change, in one save (its version is still checked there).
            instance.Status = WorkflowStatus.Running;
            instance.BlockingActivityId = null;
            instance.UpdatedAt = clock.GetUtcNow();

            await RunAsync(task.Model, instance, task.Task.ActivityId, action, input, variables, resuming: true, ct);
            audit.Record("workflow.resume", subject.Type, subject.Id, Details(instance, task.Task.ActivityId, action));
            await db.SaveChangesAsync(ct);
            return new ResumeResult(ResumeStatus.Resumed, instance);
        }, onConflict: () => new ResumeResult(ResumeStatus.Conflict), ct))!;
    }

    public async Task<WorkflowInstance?> FindWaitingAsync(WorkflowSubject subject, CancellationToken ct = default) =>
        await db.Set<WorkflowInstance>().AsNoTracking()
            .Where(i => i.SubjectType == subject.Type && i.SubjectId == subject.Id && i.Status == WorkflowStatus.Waiting)
            .OrderBy(i => i.Id).FirstOrDefaultAsync(ct);

    public async Task<WaitingTask?> FindTaskAsync(WorkflowSubject subject, CancellationToken ct = default) =>
        (await WaitingTasksAsync(subject, tracked: false, ct)).FirstOrDefault()?.Task;

    public async Task<int> FireDueTimersAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - ClaimLease;
        var due = await db.Set<WorkflowTimer>().AsNoTracking()
            .Where(t => t.FiredAt == null && t.DueAt <= now && (t.ClaimedAt == null || t.ClaimedAt < staleBefore))
            .OrderBy(t => t.DueAt).Select(t => t.Id).Take(TimerBatch).ToListAsync(ct);
        var fired = 0;
        foreach (var id in due)
        {
            // The claim commits on its own: the other nodes see it at once, and only the winner goes on.
            var claimed = await db.Set<WorkflowTimer>()
                .Where(t => t.Id == id && t.FiredAt == null && (t.ClaimedAt == null || t.ClaimedAt < staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedAt, now).SetProperty(t => t.ClaimedBy, NodeId), ct);
            if (claimed == 0) continue;
            try
            {
                if (await FireAsync(id, ct)) fired++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The claim stays; the timer is tried again when the lease runs out.
                logger.LogError(e, "Workflow timer {TimerId} failed to fire", id);
            }
        }
        return fired;
    }

    private async Task<bool> FireAsync(long timerId, CancellationToken ct) => await InTransactionAsync(async () =>
    {
        var timer = await db.Set<WorkflowTimer>().FirstAsync(t => t.Id == timerId, ct);
        if (timer.FiredAt is not null) return false;
        timer.FiredAt = clock.GetUtcNow();
        var instance = await db.Set<WorkflowInstance>().FirstAsync(i => i.Id == timer.InstanceId, ct);
        if (instance.Status != WorkflowStatus.Waiting || instance.BlockingActivityId != timer.ActivityId)
        {
            await db.SaveChangesAsync(ct); // the instance moved on: the timer is spent
            return false;
        }
        instance.Status = WorkflowStatus.Running;
        instance.BlockingActivityId = null;
        instance.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        var model = await ModelAsync(instance.WorkflowName, null, ct);
        if (model is null) Fault(instance, timer.ActivityId, $"workflow '{instance.WorkflowName}' is no longer defined");
        else await RunAsync(model, instance, timer.ActivityId, null, NoInput, instance.GetVariables(), resuming: true, ct);
        audit.Record("workflow.timer", instance.SubjectType, instance.SubjectId, Details(instance, timer.ActivityId, null));
        await db.SaveChangesAsync(ct);
        return true;
    }, onConflict: () => false, ct);

    /// <summary>Runs activities from <paramref name="activityId"/> until one halts or the instance ends.</summary>
    private async Task RunAsync(WorkflowModel model, WorkflowInstance instance, string activityId, string? action,
        IReadOnlyDictionary<string, string?> input, Dictionary<string, string?> variables, bool resuming, CancellationToken ct)
    {
        var current = activityId;
        for (var count = 0; ; count++)
        {
            if (count == MaxActivitiesPerRun)
            {
                Fault(instance, current, $"{MaxActivitiesPerRun} activities ran without halting (a cycle without a blocking activity?)");
                break;
            }
            if (!model.Activities.TryGetValue(current, out var activity))
            {
                Fault(instance, current, $"workflow '{model.Definition.Name}' has no activity '{current}' (was the definition changed?)");
                break;
            }
            if (!_activities.TryGetValue(activity.Type, out var implementation))
            {
                Fault(instance, current, $"activity type '{activity.Type}' is not registered (is its module enabled?)");
                break;
            }
            var context = new ActivityContext(instance, current, activity.Settings, variables, resuming ? action : null, input, services);
            ActivityResult result;
            try
            {
                result = resuming ? await implementation.ResumeAsync(context, ct) : await implementation.ExecuteAsync(context, ct);
            }
            catch (WorkflowFaultException e)
            {
                Fault(instance, current, e.Message);
                break;
            }
            resuming = false;
            if (result.IsHalt)
            {
                instance.Status = WorkflowStatus.Waiting;
                instance.BlockingActivityId = current;
                break;
            }
            if (!activity.Next.TryGetValue(result.OutcomeName!, out var next))
            {
                instance.Status = WorkflowStatus.Finished;
                instance.FinishedAt = clock.GetUtcNow();
                break;
            }
            current = next;
        }
        instance.Variables = JsonSerializer.Serialize(variables, VariableJson);
        instance.UpdatedAt = clock.GetUtcNow();
    }

    private void Fault(WorkflowInstance instance, string activityId, string reason)
    {
        instance.Status = WorkflowStatus.Faulted;
        instance.BlockingActivityId = null;
        instance.Fault = Truncate($"{activityId}: {reason}", 1000);
        instance.UpdatedAt = clock.GetUtcNow();
        logger.LogWarning("Workflow instance {InstanceId} ({Workflow}) faulted at {Activity}: {Reason}",
            instance.Id, instance.WorkflowName, activityId, reason);
    }

    private sealed record LoadedTask(WaitingTask Task, WorkflowModel Model);

    /// <summary>
    /// The subject's instances waiting on an activity that offers actions, oldest first. Tracked (to resume one): locked until the
    /// transaction ends, so that a resume at the same time waits here and then no longer finds them waiting — on PostgreSQL by
    /// FOR UPDATE; SQLite's transactions (BEGIN IMMEDIATE) hold the database's write lock from their start.
    /// </summary>
    private async Task<List<LoadedTask>> WaitingTasksAsync(WorkflowSubject subject, bool tracked, CancellationToken ct)
    {
        var waiting = nameof(WorkflowStatus.Waiting);
        var query = tracked && db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) != true
            ? db.Set<WorkflowInstance>().FromSql(
                $"SELECT * FROM \"WorkflowInstances\" WHERE \"SubjectType\" = {subject.Type} AND \"SubjectId\" = {subject.Id} AND \"Status\" = {waiting} FOR UPDATE")
            : db.Set<WorkflowInstance>().Where(i => i.SubjectType == subject.Type && i.SubjectId == subject.Id && i.Status == WorkflowStatus.Waiting);
        if (!tracked) query = query.AsNoTracking();
        var tasks = new List<LoadedTask>();
        // With each instance the version of its definition: the kept model is reused while it is current.
        var rows = await query.OrderBy(i => i.Id)
            .Select(i => new { Instance = i, Version = db.Set<WorkflowDefinition>().Where(d => d.Name == i.WorkflowName).Select(d => (int?)d.Version).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var (instance, version) in rows.Select(r => (r.Instance, r.Version)))
        {
            var model = version is null ? null : await ModelAsync(instance.WorkflowName, version, ct);
            if (model is null || !model.Activities.TryGetValue(instance.BlockingActivityId ?? "", out var activity)
                || !_activities.TryGetValue(activity.Type, out var implementation)) continue;
            var actions = implementation.GetActions(activity.Settings);
            if (actions.Count > 0) tasks.Add(new LoadedTask(new WaitingTask(instance, activity.Id, actions), model));
        }
        return tasks;
    }

    /// <summary>
    /// The workflow's parsed definition, kept process-wide (<see cref="ReadCache"/>): bulk reviews resume thousands of instances,
    /// and every 上报 starts one. Read again when <paramref name="storedVersion"/>, read by the caller, is not the kept one's.
    /// </summary>
    private async Task<WorkflowModel?> ModelAsync(string name, int? storedVersion, CancellationToken ct)
    {
        var key = "workflow:" + name;
        var model = await cache.GetAsync(key, [typeof(WorkflowDefinition)], () => ReadModelAsync(name, ct));
        if (storedVersion is null || model?.Definition.Version == storedVersion) return model;
        cache.Drop(key);
        return await cache.GetAsync(key, [typeof(WorkflowDefinition)], () => ReadModelAsync(name, ct));
    }

    private async Task<WorkflowModel?> ReadModelAsync(string name, CancellationToken ct) =>
        await db.Set<WorkflowDefinition>().AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, ct) is { } definition
            ? WorkflowModel.From(definition) : null;

    /// <summary>Runs <paramref name="work"/> in a transaction of its own (unless the caller has one open).</summary>
    private async Task<T?> InTransactionAsync<T>(Func<Task<T>> work, Func<T>? onConflict, CancellationToken ct)
    {
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var result = await work();
            if (owned is not null) await owned.CommitAsync(ct);
            return result;
        }
        catch (Exception e)
        {
            if (owned is not null) await owned.RollbackAsync(CancellationToken.None);
            // What was tracked may now disagree with the database (saved, then rolled back): forget it all.
            if (e is not WorkflowException) db.ChangeTracker.Clear();
            if (e is DbUpdateConcurrencyException && onConflict is not null)
            {
                logger.LogInformation("Workflow change lost a concurrent race; nothing saved");
                return onConflict();
            }
            throw;
        }
    }

    private static object Details(WorkflowInstance instance, string activityId, string? action) => new
    {
        workflow = instance.WorkflowName, instance = instance.Id, activity = activityId, action,
        status = instance.Status.ToString(), blocking = instance.BlockingActivityId,
    };

    private static void CheckSubject(WorkflowSubject subject)
    {
        if (string.IsNullOrEmpty(subject.Type) || subject.Type.Length > 64) throw new ArgumentException("The subject type must be 1 to 64 characters.", nameof(subject));
        if (string.IsNullOrEmpty(subject.Id) || subject.Id.Length > 64) throw new ArgumentException("The subject id must be 1 to 64 characters.", nameof(subject));
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
