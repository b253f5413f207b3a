using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>Starting and resuming instances: user tasks, actions, concurrent resumes, SendSms, SetStatus, faults.</summary>
public class WorkflowRuntimeTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    private Task<TestApp> App(string provider) => apps.Get(provider).WithWorkflowsAsync();

    private static Task<List<AuditEntry>> Audit(TestApp app, WorkflowSubject subject) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == subject.Type && a.EntityId == subject.Id).OrderBy(a => a.Id).ToListAsync());

    [Theory, Providers]
    public async Task A_start_halts_on_the_user_task_which_offers_its_actions(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject();
        var started = await app.RunAsync(r => r.StartAsync("TestReview", subject, new Dictionary<string, string?> { ["name"] = "张三" }));

        Assert.Equal((WorkflowStatus.Waiting, "review"), (started.Status, started.BlockingActivityId));
        var task = await app.RunAsync(r => r.FindTaskAsync(subject));
        Assert.NotNull(task);
        Assert.Equal(started.Id, task.Instance.Id);
        Assert.Equal(["approve", "return"], task.Actions);
        Assert.Equal(started.Id, (await app.RunAsync(r => r.FindWaitingAsync(subject)))!.Id);
        Assert.Equal("张三", (await app.InstanceAsync(started.Id)).GetVariables()["name"]);
        Assert.Equal(["workflow.start"], (await Audit(app, subject)).Select(a => a.Action));
        Assert.Null(await app.StatusAsync(subject));

        // One waiting instance of a workflow per subject; unknown workflows and other subject types are refused.
        await Assert.ThrowsAsync<WorkflowException>(() => app.RunAsync(r => r.StartAsync("TestReview", subject)));
        await Assert.ThrowsAsync<WorkflowException>(() => app.RunAsync(r => r.StartAsync("NoSuchWorkflow", subject)));
        await Assert.ThrowsAsync<WorkflowException>(() => app.RunAsync(r => r.StartAsync("TestReview", new WorkflowSubject("Other", "1"))));
    }

    [Theory, Providers]
    public async Task Starts_for_one_subject_at_the_same_time_leave_one_waiting_instance(string provider)
    {
        var app = await App(provider);
        for (var round = 0; round < 4; round++)
        {
            var subject = NewSubject();
            // Each start in its own scope and transaction, all at once: the database's unique index decides, not a check before.
            var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                try
                {
                    return await app.RunAsync(r => r.StartAsync("TestReview", subject));
                }
                catch (WorkflowException)
                {
                    return null;
                }
            })).ToList();
            var started = await Task.WhenAll(starts);
            Assert.Single(started, i => i is not null);
            Assert.Equal(1, await app.WithDbAsync(db => db.Set<WorkflowInstance>().CountAsync(i => i.SubjectType == subject.Type && i.SubjectId == subject.Id)));
            Assert.Equal(["workflow.start"], (await Audit(app, subject)).Select(a => a.Action));
        }
    }

    [Theory, Providers]
    public async Task An_action_the_task_does_not_offer_changes_nothing(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject();
        var started = await app.RunAsync(r => r.StartAsync("TestReview", subject));

        var result = await app.RunAsync(r => r.ResumeAsync(subject, "reject"));
        Assert.Equal(ResumeStatus.InvalidAction, result.Status);
        var after = await app.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Waiting, "review", started.Version), (after.Status, after.BlockingActivityId, after.Version));
        Assert.Equal(ResumeStatus.NotWaiting, (await app.RunAsync(r => r.ResumeAsync(NewSubject(), "approve"))).Status);
    }

    [Theory, Providers]
    public async Task Approving_sets_the_status_texts_the_subject_and_a_second_approval_finds_nothing_waiting(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject();
        var name = "企业" + Guid.NewGuid().ToString("N")[..6];
        var started = await app.RunAsync(r => r.StartAsync("TestReview", subject, new Dictionary<string, string?> { ["name"] = name }));

        var result = await app.RunAsync(r => r.ResumeAsync(subject, "approve", new Dictionary<string, string?> { ["note"] = "资料齐全" }));
        Assert.Equal(ResumeStatus.Resumed, result.Status);
        Assert.Equal(WorkflowStatus.Finished, result.Instance!.Status);
        Assert.Equal("Approved", await app.StatusAsync(subject));
        var sms = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.StartsWith(name)).ToListAsync());
        Assert.Equal(Phone, Assert.Single(sms).To);
        Assert.Equal($"{name}您好，审核已通过。", sms[0].Body); // unknown {missing} is left empty
        var instance = await app.InstanceAsync(started.Id);
        Assert.Equal((WorkflowStatus.Finished, null), (instance.Status, instance.BlockingActivityId));
        Assert.NotNull(instance.FinishedAt);
        Assert.Equal(("approve", "资料齐全"), (instance.GetVariables()["action"], instance.GetVariables()["note"]));

        Assert.Equal(ResumeStatus.NotWaiting, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        Assert.Equal(["workflow.start", "workflow.resume"], (await Audit(app, subject)).Select(a => a.Action));
        Assert.Contains("\"action\":\"approve\"", (await Audit(app, subject))[1].Details);
    }

    [Theory, Providers]
    public async Task Returning_loops_back_to_the_review_with_the_reason_kept(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject();
        var started = await app.RunAsync(r => r.StartAsync("TestReview", subject));

        var returned = await app.RunAsync(r => r.ResumeAsync(subject, "return", new Dictionary<string, string?> { ["reason"] = "信用代码有误" }));
        Assert.Equal((ResumeStatus.Resumed, WorkflowStatus.Waiting, "review"), (returned.Status, returned.Instance!.Status, returned.Instance.BlockingActivityId));
        Assert.Equal("Returned", await app.StatusAsync(subject));
        Assert.Equal("信用代码有误", (await app.InstanceAsync(started.Id)).GetVariables()["reason"]);

        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        Assert.Equal("Approved", await app.StatusAsync(subject));
    }

    [Theory, Providers]
    public async Task The_callers_pending_changes_are_saved_with_a_resume_and_only_then(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject();
        await app.RunAsync(r => r.StartAsync("TestReview", subject));
        var key = "Test.Pending." + subject.Id;

        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync(key, JsonValue.Create("invalid"));
            var invalid = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().ResumeAsync(subject, "nope");
            Assert.Equal(ResumeStatus.InvalidAction, invalid.Status);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<Setting>().AnyAsync(s => s.Key == key)));

        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync(key, JsonValue.Create("resumed"));
            Assert.Equal(ResumeStatus.Resumed, (await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().ResumeAsync(subject, "approve")).Status);
        }
        Assert.Equal("\"resumed\"", await app.WithDbAsync(db => db.Set<Setting>().Where(s => s.Key == key).Select(s => s.Value).SingleAsync()));
    }

    [Theory, Providers]
    public async Task Of_two_resumes_at_once_exactly_one_wins(string provider)
    {
        var app = await App(provider);
        for (var round = 0; round < 3; round++)
        {
            var subject = NewSubject();
            var name = "并发" + Guid.NewGuid().ToString("N")[..6];
            await app.RunAsync(r => r.StartAsync("TestReview", subject, new Dictionary<string, string?> { ["name"] = name }));

            await using var one = app.Scope();
            await using var two = app.Scope();
            var results = await Task.WhenAll(
                Task.Run(() => one.ServiceProvider.GetRequiredService<IWorkflowRuntime>().ResumeAsync(subject, "approve")),
                Task.Run(() => two.ServiceProvider.GetRequiredService<IWorkflowRuntime>().ResumeAsync(subject, "approve")));

            Assert.Single(results, r => r.Status == ResumeStatus.Resumed);
            Assert.Single(results, r => r.Status is ResumeStatus.Conflict or ResumeStatus.NotWaiting);
            Assert.Equal("Approved", await app.StatusAsync(subject));
            Assert.Single(await Audit(app, subject), a => a.Action == "workflow.resume");
            Assert.Equal(1, await app.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.StartsWith(name))));
        }
    }

    [Theory, Providers]
    public async Task The_sms_text_comes_from_the_platform_setting_when_it_is_set(string provider)
    {
        await using var app = await NewApp(provider).WithWorkflowsAsync();
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync("Test.ApprovedSmsText", JsonValue.Create("{name}：审核通过（设置中的模板）"));
            await scope.ServiceProvider.GetRequiredService<SmeMonitor.Core.Data.SmeDbContext>().SaveChangesAsync();
        }
        var subject = NewSubject();
        var name = "企业" + Guid.NewGuid().ToString("N")[..6];
        await app.RunAsync(r => r.StartAsync("TestReview", subject, new Dictionary<string, string?> { ["name"] = name }));
        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        var sms = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.StartsWith(name)).ToListAsync());
        Assert.Equal($"{name}：审核通过（设置中的模板）", Assert.Single(sms).Body);
    }

    [Theory, Providers]
    public async Task A_subject_without_a_phone_gets_no_text_and_takes_the_NoPhone_outcome(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject(NoPhonePrefix);
        var name = "无号码" + Guid.NewGuid().ToString("N")[..6];
        await app.RunAsync(r => r.StartAsync("TestReview", subject, new Dictionary<string, string?> { ["name"] = name }));
        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        Assert.Equal("ApprovedWithoutSms", await app.StatusAsync(subject));
        Assert.False(await app.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Body.StartsWith(name))));

        // A "phone" variable gives the number instead.
        var other = NewSubject(NoPhonePrefix);
        await app.RunAsync(r => r.StartAsync("TestReview", other, new Dictionary<string, string?> { ["name"] = name, ["phone"] = "13700000001" }));
        await app.RunAsync(r => r.ResumeAsync(other, "approve"));
        Assert.Equal("13700000001", await app.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.Body.StartsWith(name)).Select(m => m.To).SingleAsync()));
    }

    [Theory, Providers]
    public async Task Set_status_on_a_subject_type_nobody_handles_faults_the_instance(string provider)
    {
        var app = await App(provider);
        var subject = new WorkflowSubject("NoSuchSubject", Guid.NewGuid().ToString("N"));
        var instance = await app.RunAsync(r => r.StartAsync("TestOrphan", subject));
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Equal("set: no module handles subjects of type 'NoSuchSubject' (is it enabled?)", (await app.InstanceAsync(instance.Id)).Fault);
        Assert.Null(await app.RunAsync(r => r.FindWaitingAsync(subject)));
    }

    [Theory, Providers]
    public async Task A_cycle_without_a_blocking_activity_faults_instead_of_running_forever(string provider)
    {
        // The recipe step refuses such a loop; a definition stored before that check (or by hand) is still bounded.
        var app = await App(provider);
        var name = "TestLoop" + Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(db =>
        {
            db.Add(new WorkflowDefinition
            {
                Name = name, Title = "没有阻塞活动的循环", SubjectType = Subject, StartActivityId = "a",
                Json = """[ { "id": "a", "type": "TestStep", "next": { "Done": "b" } }, { "id": "b", "type": "TestStep", "next": { "Done": "a" } } ]""",
            });
            return db.SaveChangesAsync();
        });
        var instance = await app.RunAsync(r => r.StartAsync(name, NewSubject()));
        var stored = await app.InstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Faulted, stored.Status);
        Assert.Equal("100", stored.GetVariables()["steps"]);
        Assert.StartsWith("a: 100 activities ran without halting", stored.Fault);
    }
}
