using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Workflows;

/// <summary>The "workflows" recipe step: definitions as data, checked when applied, idempotent, exported.</summary>
public class WorkflowsStepTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    private const string Registration = """
        { "name": "t", "steps": [ { "name": "workflows", "workflows": [ {
            "name": "EnterpriseRegistration", "title": "企业注册审核", "subject": "Enterprise", "start": "review",
            "activities": [
              { "id": "review", "type": "UserTask", "actions": ["approve", "return"], "next": { "approve": "approved", "return": "returned" } },
              { "id": "approved", "type": "SetStatus", "status": "Approved", "next": { "Done": "sms" } },
              { "id": "sms", "type": "SendSms", "text": "您的企业注册信息已审核通过。" },
              { "id": "returned", "type": "SetStatus", "status": "Returned" } ] } ] } ] }
        """;

    private static async Task<RecipeResult> Apply(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    [Theory, Providers]
    public async Task A_definition_is_stored_once_and_reapplying_it_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var name = "Registration" + Guid.NewGuid().ToString("N")[..8];
        var json = Registration.Replace("EnterpriseRegistration", name);
        Assert.Equal(1, (await Apply(app, json)).Changes);
        Assert.Equal(0, (await Apply(app, json)).Changes);

        var stored = await app.WithDbAsync(db => db.Set<WorkflowDefinition>().AsNoTracking().SingleAsync(d => d.Name == name));
        Assert.Equal(("企业注册审核", "Enterprise", "review"), (stored.Title, stored.SubjectType, stored.StartActivityId));
        Assert.Contains("您的企业注册信息已审核通过。", stored.Json); // kept readable
        var model = WorkflowModel.From(stored);
        Assert.Equal(["review", "approved", "sms", "returned"], model.Activities.Keys);
        Assert.Equal("returned", model.Activities["review"].Next["return"]);

        // A changed title updates the same definition.
        Assert.Equal(1, (await Apply(app, json.Replace("企业注册审核", "企业注册审核（新）"))).Changes);
        Assert.Equal("企业注册审核（新）", await app.WithDbAsync(db => db.Set<WorkflowDefinition>().Where(d => d.Name == name).Select(d => d.Title).SingleAsync()));
    }

    [Theory, Providers]
    public async Task The_export_applies_back_without_changes(string provider)
    {
        var app = (await apps.Get(provider).WithWorkflowsAsync());
        JsonObject step;
        await using (var scope = app.Scope())
        {
            var handler = scope.ServiceProvider.GetServices<IRecipeStep>().Single(s => s.Name == "workflows");
            step = (await handler.ExportAsync(CancellationToken.None))!;
        }
        var workflows = step["workflows"]!.AsArray();
        var review = workflows.Single(w => (string?)w!["name"] == "TestReview")!;
        Assert.Equal("TestSubject", (string?)review["subject"]);
        Assert.True((bool?)review["enabled"]);
        Assert.Equal("{name}您好，审核已通过。{missing}", (string?)review["activities"]![2]!["text"]);

        step["name"] = "workflows";
        var recipe = new JsonObject { ["name"] = "export", ["steps"] = new JsonArray(step) };
        Assert.Equal(0, (await Apply(app, recipe.ToJsonString())).Changes);
    }

    public static TheoryData<string, string> Errors => new()
    {
        { """[ { "id": "a", "type": "Nope" } ]""", "activities[0].type: unknown activity type 'Nope'; known types: CheckEnterpriseChange, Condition, Screen, SendSms, SetStatus, TestStep, Timer, UserTask" },
        { """[ { "id": "a", "type": "SetStatus", "status": "X" }, { "id": "a", "type": "SetStatus", "status": "Y" } ]""", "activities[1].id: activity 'a' is defined twice" },
        { """[ { "id": "a", "type": "UserTask", "actions": ["ok"], "next": { "ok": "zzz" } } ]""", "activities[0].next.ok: unknown activity 'zzz'" },
        { """[ { "id": "a", "type": "UserTask", "actions": ["ok"], "next": { "OK": "a" } } ]""", "activities[0].next.OK: 'UserTask' has no outcome 'OK'; its outcomes: ok" },
        { """[ { "id": "a", "type": "SetStatus" } ]""", "activities[0].status: is required" },
        { """[ { "id": "a", "type": "UserTask", "actions": [] } ]""", "activities[0].actions: must be a non-empty array of names" },
        { """[ { "id": "a", "type": "UserTask", "actions": ["ok", "ok"] } ]""", "activities[0].actions[1]: 'ok' is listed twice" },
        { """[ { "id": "a", "type": "Timer", "delay": "2 minutes" } ]""", "activities[0].delay: must be a duration hh:mm:ss, not negative" },
        { """[ { "id": "a", "type": "SendSms" } ]""", "activities[0].text: is required" },
        { """[ { "id": "a", "type": "SendSms", "text": "x", "textSetting": 1 } ]""", "activities[0].textSetting: must be a setting key (1 to 128 characters)" },
        { """[ { "id": "a b", "type": "SetStatus", "status": "X" } ]""", "activities[0].id: 'a b' is not a name (a letter, then letters, digits, _ . -; at most 64)" },
        // Loops must pass through an activity that waits.
        { """[ { "id": "a", "type": "SetStatus", "status": "X", "next": { "Done": "a" } } ]""",
            "activities: the loop a → a has no activity that waits (Timer, UserTask); it would run without end" },
        { """[ { "id": "u", "type": "UserTask", "actions": ["ok"], "next": { "ok": "a" } }, { "id": "a", "type": "SetStatus", "status": "X", "next": { "Done": "b" } },"""
          + """ { "id": "b", "type": "Condition", "expression": "variables.n > 1", "next": { "true": "a", "false": "u" } } ]""",
            "activities: the loop a → b → a has no activity that waits (Timer, UserTask); it would run without end" },
        // Conditions: the expression is checked against the rule whitelist when stored.
        { """[ { "id": "a", "type": "Condition" } ]""", "activities[0].expression: is required" },
        { """[ { "id": "a", "type": "Condition", "expression": "variables.n >" } ]""", "activities[0].expression: 语法错误：Unexpected end of input（第 1 行第 14 列）" },
        { """[ { "id": "a", "type": "Condition", "expression": "report.n > 1" } ]""", "activities[0].expression: “report”不是已声明的全局变量或辅助函数（第 1 行第 1 列）" },
        { """[ { "id": "a", "type": "Condition", "expression": "variables.n = 1" } ]""", "activities[0].expression: 不允许使用：赋值（=）（第 1 行第 1 列）" },
        { """[ { "id": "a", "type": "Condition", "expression": "1", "next": { "yes": "a" } } ]""", "activities[0].next.yes: 'Condition' has no outcome 'yes'; its outcomes: true, false" },
        // Screens name a registered screening provider.
        { """[ { "id": "a", "type": "Screen" } ]""", "activities[0].provider: is required" },
        { """[ { "id": "a", "type": "Screen", "provider": "Nope" } ]""", "activities[0].provider: unknown screening 'Nope'; known: Report, Test" },
    };

    [Theory, Providers]
    public async Task Loops_through_a_user_task_or_a_timer_are_accepted(string provider)
    {
        var name = "Loops" + Guid.NewGuid().ToString("N")[..8];
        var json = $$"""
            { "name": "t", "steps": [ { "name": "workflows", "workflows": [
              { "name": "{{name}}", "title": "循环", "subject": "TestSubject", "start": "a", "activities": [
                { "id": "a", "type": "Condition", "expression": "variables.done === 'yes'", "next": { "false": "wait" } },
                { "id": "wait", "type": "Timer", "delay": "00:01:00", "next": { "Done": "review" } },
                { "id": "review", "type": "UserTask", "actions": ["again", "stop"], "next": { "again": "set", "stop": "a" } },
                { "id": "set", "type": "SetStatus", "status": "Again", "next": { "Done": "review" } } ] } ] } ] }
            """;
        Assert.Equal(1, (await Apply(apps.Get(provider), json)).Changes);
    }

    [Theory, MemberData(nameof(Errors))]
    public async Task A_bad_activity_is_reported_with_its_path_and_nothing_is_stored(string activities, string expected)
    {
        var app = apps.Get("sqlite");
        var json = $$"""
            { "name": "t", "steps": [ { "name": "settings", "values": {} }, { "name": "workflows", "workflows": [
              { "name": "Bad", "title": "坏的", "subject": "TestSubject", "start": "a", "activities": {{activities}} } ] } ] }
            """;
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, json));
        Assert.Equal("step #2 (workflows) at $.steps[1].workflows[0]." + expected, e.Message);
        Assert.False(await app.WithDbAsync(db => db.Set<WorkflowDefinition>().AnyAsync(d => d.Name == "Bad")));
    }

    [Theory, Providers]
    public async Task Bad_workflows_are_reported_with_their_path(string provider)
    {
        var app = apps.Get(provider);
        const string one = """{ "id": "a", "type": "SetStatus", "status": "X" }""";
        async Task<string> Fail(string workflows) => (await Assert.ThrowsAsync<RecipeException>(() =>
            Apply(app, $$"""{ "name": "t", "steps": [ { "name": "workflows", "workflows": [ {{workflows}} ] } ] }"""))).Message;

        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[0].start: is required",
            await Fail($$"""{ "name": "NoStart", "title": "无开始", "subject": "X", "activities": [ {{one}} ] }"""));
        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[0].start: unknown activity 'b'",
            await Fail($$"""{ "name": "BadStart", "title": "错的开始", "subject": "X", "start": "b", "activities": [ {{one}} ] }"""));
        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[1].name: workflow 'Twice' is listed twice",
            await Fail($$"""{ "name": "Twice", "title": "一", "subject": "X", "start": "a", "activities": [ {{one}} ] }, """
                     + $$"""{ "name": "Twice", "title": "二", "subject": "X", "start": "a", "activities": [ {{one}} ] }"""));
        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[0].activities: must list at least one activity",
            await Fail("""{ "name": "Empty", "title": "空", "subject": "X", "start": "a", "activities": [] }"""));
        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[0].enabled: must be true or false",
            await Fail($$"""{ "name": "BadSwitch", "title": "开关", "subject": "X", "start": "a", "enabled": "no", "activities": [ {{one}} ] }"""));
        Assert.Equal("step #1 (workflows) at $.steps[0].workflows[0].subjct: unknown property; expected name, title, subject, start, activities, enabled",
            await Fail($$"""{ "name": "Typo", "title": "拼错", "subjct": "X", "start": "a", "activities": [ {{one}} ] }"""));
        Assert.False(await app.WithDbAsync(db => db.Set<WorkflowDefinition>().AnyAsync(d => d.Name == "Twice" || d.Name == "BadStart" || d.Name == "BadSwitch")));
    }
}
