using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>Enabling and disabling definitions: what starting, resuming and the recipe step do then.</summary>
public class WorkflowDefinitionTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    /// <summary>A copy of TestReview under a name of its own, so that disabling it touches no other test.</summary>
    public static async Task<string> NewReviewAsync(TestApp app, string? enabled = null)
    {
        var name = "Review" + Guid.NewGuid().ToString("N")[..8];
        var extra = enabled is null ? "" : $", \"enabled\": {enabled}";
        await ApplyAsync(app, $$"""
            { "name": "t", "steps": [ { "name": "workflows", "workflows": [
              { "name": "{{name}}", "title": "复制的审核", "subject": "TestSubject", "start": "review"{{extra}}, "activities": [
                { "id": "review", "type": "UserTask", "actions": ["approve"], "next": { "approve": "approved" } },
                { "id": "approved", "type": "SetStatus", "status": "Approved" } ] } ] } ] }
            """);
        return name;
    }

    public static async Task<RecipeResult> ApplyAsync(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    public static Task<WorkflowDefinition> DefinitionAsync(TestApp app, string name) =>
        app.WithDbAsync(db => db.Set<WorkflowDefinition>().AsNoTracking().SingleAsync(d => d.Name == name));

    private static async Task<DefinitionChange> SetEnabledAsync(TestApp app, string name, bool enabled, int? version = null)
    {
        version ??= (await DefinitionAsync(app, name)).Version;
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().SetEnabledAsync(name, enabled, version.Value);
    }

    [Theory, Providers]
    public async Task A_start_after_CanStartAsync_sees_the_definition_changed_in_between(string provider)
    {
        var app = apps.Get(provider);
        var name = await NewReviewAsync(app);
        await using var scope = app.Scope();
        var runtime = scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>();
        Assert.True(await runtime.CanStartAsync(name)); // the runtime keeps the definition it read for StartAsync

        // Disabled meanwhile (another request): the start reads the new version, not the one kept.
        Assert.Equal(DefinitionChange.Changed, await SetEnabledAsync(app, name, false));
        var subject = NewSubject();
        await Assert.ThrowsAsync<WorkflowDisabledException>(() => runtime.StartAsync(name, subject));
        Assert.False(await app.WithDbAsync(db => db.Set<WorkflowInstance>().AnyAsync(i => i.SubjectId == subject.Id)));

        Assert.Equal(DefinitionChange.Changed, await SetEnabledAsync(app, name, true));
        Assert.Equal(WorkflowStatus.Waiting, (await runtime.StartAsync(name, subject)).Status);
        await Assert.ThrowsAsync<WorkflowException>(() => runtime.StartAsync(name, subject)); // one waiting instance per subject
    }

    [Theory, Providers]
    public async Task A_disabled_workflow_starts_nothing_while_waiting_instances_go_on(string provider)
    {
        var app = apps.Get(provider);
        var name = await NewReviewAsync(app);
        var waiting = NewSubject();
        await app.RunAsync(r => r.StartAsync(name, waiting));
        Assert.True(await app.RunAsync(r => r.CanStartAsync(name)));

        Assert.Equal(DefinitionChange.Changed, await SetEnabledAsync(app, name, false));
        Assert.False((await DefinitionAsync(app, name)).Enabled);
        Assert.False(await app.RunAsync(r => r.CanStartAsync(name)));
        var refused = NewSubject();
        var e = await Assert.ThrowsAsync<WorkflowDisabledException>(() => app.RunAsync(r => r.StartAsync(name, refused)));
        Assert.Equal(name, e.WorkflowName);
        Assert.Null(await app.RunAsync(r => r.FindWaitingAsync(refused)));
        Assert.False(await app.WithDbAsync(db => db.Set<WorkflowInstance>().AnyAsync(i => i.SubjectId == refused.Id)));

        // The instance started before goes on to its end.
        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(waiting, "approve"))).Status);
        Assert.Equal("Approved", await app.StatusAsync(waiting));

        Assert.Equal(DefinitionChange.Changed, await SetEnabledAsync(app, name, true));
        Assert.Equal(WorkflowStatus.Waiting, (await app.RunAsync(r => r.StartAsync(name, refused))).Status);
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(WorkflowDefinition) && a.EntityId == name).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["workflow.disable", "workflow.enable"], audit);
    }

    [Theory, Providers]
    public async Task A_stale_version_or_no_change_saves_nothing(string provider)
    {
        var app = apps.Get(provider);
        var name = await NewReviewAsync(app);
        var seen = (await DefinitionAsync(app, name)).Version;
        Assert.Equal(DefinitionChange.Unchanged, await SetEnabledAsync(app, name, true, seen));
        Assert.Equal(DefinitionChange.Changed, await SetEnabledAsync(app, name, false, seen));
        // A second person acting on the page they loaded before the first change.
        Assert.Equal(DefinitionChange.Conflict, await SetEnabledAsync(app, name, true, seen));
        Assert.False((await DefinitionAsync(app, name)).Enabled);
        Assert.Equal(DefinitionChange.NotFound, await SetEnabledAsync(app, "NoSuchWorkflow", true, 0));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.EntityType == nameof(WorkflowDefinition) && a.EntityId == name)));
    }

    [Theory, Providers]
    public async Task A_recipe_sets_enabled_only_when_it_says_so(string provider)
    {
        var app = apps.Get(provider);
        var name = await NewReviewAsync(app, enabled: "false");
        Assert.False((await DefinitionAsync(app, name)).Enabled);

        // Re-applied without "enabled" (as an older recipe would), the administrator's switch stays.
        var json = $$"""
            { "name": "t", "steps": [ { "name": "workflows", "workflows": [
              { "name": "{{name}}", "title": "复制的审核", "subject": "TestSubject", "start": "review", "activities": [
                { "id": "review", "type": "UserTask", "actions": ["approve"], "next": { "approve": "approved" } },
                { "id": "approved", "type": "SetStatus", "status": "Approved" } ] } ] } ] }
            """;
        Assert.Equal(0, (await ApplyAsync(app, json)).Changes);
        Assert.False((await DefinitionAsync(app, name)).Enabled);
        Assert.Equal(1, (await ApplyAsync(app, json.Replace("\"start\": \"review\"", "\"start\": \"review\", \"enabled\": true"))).Changes);
        Assert.True((await DefinitionAsync(app, name)).Enabled);
    }
}
