using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>Durable timers: due by the app's clock, fired once across runtimes and nodes, surviving a restart.</summary>
public class WorkflowTimerTests
{
    private static Task<WorkflowTimer> TimerOf(TestApp app, long instanceId) =>
        app.WithDbAsync(db => db.Set<WorkflowTimer>().AsNoTracking().SingleAsync(t => t.InstanceId == instanceId));

    [Theory, Providers]
    public async Task A_timer_fires_once_when_it_is_due_and_not_before(string provider)
    {
        await using var app = await NewApp(provider).WithWorkflowsAsync();
        var subject = NewSubject();
        var instance = await app.RunAsync(r => r.StartAsync("TestCheck", subject));
        Assert.Equal((WorkflowStatus.Waiting, "wait"), (instance.Status, instance.BlockingActivityId));
        // A timer is not a task for a person.
        Assert.Null(await app.RunAsync(r => r.FindTaskAsync(subject)));
        Assert.Equal(ResumeStatus.NotWaiting, (await app.RunAsync(r => r.ResumeAsync(subject, "Done"))).Status);

        Assert.Equal(0, await app.RunAsync(r => r.FireDueTimersAsync()));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await app.RunAsync(r => r.FireDueTimersAsync()));
        Assert.Null(await app.StatusAsync(subject));

        app.Clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(1, await app.RunAsync(r => r.FireDueTimersAsync()));
        Assert.Equal("Checked", await app.StatusAsync(subject));
        Assert.Equal(WorkflowStatus.Finished, (await app.InstanceAsync(instance.Id)).Status);
        Assert.NotNull((await TimerOf(app, instance.Id)).FiredAt);
        Assert.Equal(0, await app.RunAsync(r => r.FireDueTimersAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.EntityId == subject.Id && a.Action == "workflow.timer")));
    }

    [Theory, Providers]
    public async Task The_delay_setting_overrides_the_delay(string provider)
    {
        await using var app = await NewApp(provider).WithWorkflowsAsync();
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync("Test.CheckDelaySeconds", JsonValue.Create(10));
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        var subject = NewSubject();
        var instance = await app.RunAsync(r => r.StartAsync("TestCheck", subject));
        var timer = await TimerOf(app, instance.Id);
        Assert.InRange((timer.DueAt - instance.CreatedAt).TotalSeconds, 10, 11);

        app.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await app.RunAsync(r => r.FireDueTimersAsync()));
        Assert.Equal("Checked", await app.StatusAsync(subject));
    }

    [Theory, Providers]
    public async Task Two_runtimes_firing_at_once_fire_each_timer_once(string provider)
    {
        await using var app = await NewApp(provider).WithWorkflowsAsync();
        var subjects = Enumerable.Range(0, 5).Select(_ => NewSubject()).ToList();
        foreach (var s in subjects) await app.RunAsync(r => r.StartAsync("TestCheck", s));
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        await using var one = app.Scope();
        await using var two = app.Scope();
        var fired = await Task.WhenAll(
            Task.Run(() => one.ServiceProvider.GetRequiredService<IWorkflowRuntime>().FireDueTimersAsync()),
            Task.Run(() => two.ServiceProvider.GetRequiredService<IWorkflowRuntime>().FireDueTimersAsync()));

        Assert.Equal(5, fired.Sum());
        foreach (var s in subjects)
        {
            Assert.Equal("Checked", await app.StatusAsync(s));
            Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.EntityId == s.Id && a.Action == "workflow.timer")));
        }
    }

    [Theory, Providers]
    public async Task Two_web_hosts_on_one_database_polling_at_once_fire_each_timer_once(string provider)
    {
        var database = TestDatabases.Create(provider, ["national.recipe.json"], new Dictionary<string, string?>());
        try
        {
            await using var one = await NewApp(provider, database: database).WithWorkflowsAsync();
            await using var two = NewApp(provider, database: database);
            _ = two.Server;
            var subjects = Enumerable.Range(0, 6).Select(_ => NewSubject()).ToList();
            var instances = new List<long>();
            foreach (var s in subjects) instances.Add((await one.RunAsync(r => r.StartAsync("TestCheck", s))).Id);
            one.Clock.Advance(TimeSpan.FromMinutes(3));
            two.Clock.Advance(TimeSpan.FromMinutes(3));

            // Both hosts poll again and again at the same time, as their background services would.
            var polls = Enumerable.Range(0, 16).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).RunAsync(r => r.FireDueTimersAsync())));
            var fired = await Task.WhenAll(polls);

            Assert.Equal(subjects.Count, fired.Sum());
            foreach (var (s, id) in subjects.Zip(instances))
            {
                Assert.Equal(WorkflowStatus.Finished, (await two.InstanceAsync(id)).Status);
                Assert.Equal("Checked", await two.StatusAsync(s));
                Assert.Equal(1, await two.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.EntityId == s.Id && a.Action == "workflow.timer")));
            }
            Assert.Equal(0, await two.WithDbAsync(db => db.Set<WorkflowTimer>().CountAsync(t => instances.Contains(t.InstanceId) && t.FiredAt == null)));
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }

    [Theory, Providers]
    public async Task A_claim_left_by_a_dead_node_is_taken_again_after_the_lease(string provider)
    {
        await using var app = await NewApp(provider).WithWorkflowsAsync();
        var subject = NewSubject();
        var instance = await app.RunAsync(r => r.StartAsync("TestCheck", subject));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var claimedAt = app.Clock.GetUtcNow();
        await app.WithDbAsync(db => db.Set<WorkflowTimer>().Where(t => t.InstanceId == instance.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedAt, claimedAt).SetProperty(t => t.ClaimedBy, "dead-node")));

        Assert.Equal(0, await app.RunAsync(r => r.FireDueTimersAsync()));
        app.Clock.Advance(WorkflowRuntime.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await app.RunAsync(r => r.FireDueTimersAsync()));
        Assert.Equal("Checked", await app.StatusAsync(subject));
    }

    [Theory, Providers]
    public async Task A_timer_set_before_a_restart_fires_on_the_next_node_by_its_poll(string provider)
    {
        var database = TestDatabases.Create(provider, ["national.recipe.json"], new Dictionary<string, string?>());
        try
        {
            var subject = NewSubject();
            long instanceId;
            await using (var before = await NewApp(provider, database: database).WithWorkflowsAsync())
                instanceId = (await before.RunAsync(r => r.StartAsync("TestCheck", subject))).Id;

            await using var after = NewApp(provider, new() { ["Workflows:TimerPollInterval"] = "00:00:00.2" }, database);
            _ = after.Server;
            after.Clock.Advance(TimeSpan.FromMinutes(3));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await after.InstanceAsync(instanceId)).Status == WorkflowStatus.Waiting && DateTime.UtcNow < deadline)
                await Task.Delay(50);
            Assert.Equal(WorkflowStatus.Finished, (await after.InstanceAsync(instanceId)).Status);
            Assert.Equal("Checked", await after.StatusAsync(subject));
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }
}
