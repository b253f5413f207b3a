using System.Text.Json;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>The Condition (rule expression) and Screen (named screening provider) activities at run time.</summary>
public class WorkflowActivityTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    private Task<TestApp> App(string provider) => apps.Get(provider).WithWorkflowsAsync();

    [Theory, Providers]
    public async Task A_condition_reads_the_subjects_data_and_the_instance_variables(string provider)
    {
        var app = await App(provider);
        async Task<string?> Run(WorkflowSubject subject, string? amount)
        {
            var instance = await app.RunAsync(r => r.StartAsync("TestCondition", subject,
                amount is null ? null : new Dictionary<string, string?> { ["amount"] = amount }));
            Assert.Equal(WorkflowStatus.Finished, instance.Status);
            return await app.StatusAsync(subject);
        }

        Assert.Equal("Big", await Run(NewSubject(MediumPrefix), null));
        Assert.Equal("Big", await Run(NewSubject(), "150"));
        Assert.Equal("Small", await Run(NewSubject(), "50"));
        Assert.Equal("Small", await Run(NewSubject(), null));
    }

    [Theory, Providers]
    public async Task A_condition_that_fails_when_it_runs_faults_the_instance_with_the_rules_message(string provider)
    {
        var app = await App(provider);
        var subject = NewSubject(NoDataPrefix); // subject is null: subject.size is a TypeError
        var instance = await app.RunAsync(r => r.StartAsync("TestCondition", subject));

        var stored = await app.InstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Faulted, stored.Status);
        Assert.StartsWith("check: 规则运行出错：", stored.Fault);
        Assert.Null(await app.StatusAsync(subject));
    }

    [Theory, Providers]
    public async Task Screening_stores_its_result_in_the_variables_and_takes_its_outcome(string provider)
    {
        var app = await App(provider);

        var good = NewSubject();
        var passed = await app.RunAsync(r => r.StartAsync("TestScreen", good));
        Assert.Equal(WorkflowStatus.Finished, passed.Status);
        Assert.Equal("Accepted", await app.StatusAsync(good));
        var variables = (await app.InstanceAsync(passed.Id)).GetVariables();
        Assert.Equal(("Passed", "[]", "Test"), (variables["screening"], variables["screeningMessages"], variables["screenedBy"]));

        var bad = NewSubject(FailsScreeningPrefix);
        var failed = await app.RunAsync(r => r.StartAsync("TestScreen", bad));
        Assert.Equal((WorkflowStatus.Waiting, "review"), (failed.Status, failed.BlockingActivityId));
        variables = (await app.InstanceAsync(failed.Id)).GetVariables();
        Assert.Equal("Failed", variables["screening"]);
        Assert.Equal([ScreeningMessage], JsonSerializer.Deserialize<string[]>(variables["screeningMessages"]!)!);
        Assert.Null(await app.StatusAsync(bad));

        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(bad, "accept"))).Status);
        Assert.Equal("Accepted", await app.StatusAsync(bad));
    }
}
