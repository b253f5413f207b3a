using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Workflows;

/// <summary>
/// Test-only workflows about a "TestSubject", whose handler keeps each subject's status in a platform
/// setting (so it is saved, or not, with the workflow's transaction), and a "TestStep" activity.
/// </summary>
public static class WorkflowTestKit
{
    public const string Subject = "TestSubject";
    public const string Phone = "13912345678";
    /// <summary>Subjects whose id starts with this have no phone.</summary>
    public const string NoPhonePrefix = "nophone-";

    public const string Recipe = """
        { "name": "workflow-tests", "steps": [ { "name": "workflows", "workflows": [
          { "name": "TestReview", "title": "测试审核", "subject": "TestSubject", "start": "review", "activities": [
            { "id": "review", "type": "UserTask", "actions": ["approve", "return"], "next": { "approve": "approved", "return": "returned" } },
            { "id": "approved", "type": "SetStatus", "status": "Approved", "next": { "Done": "sms" } },
            { "id": "sms", "type": "SendSms", "text": "{name}您好，审核已通过。{missing}", "textSetting": "Test.ApprovedSmsText", "next": { "NoPhone": "nophone" } },
            { "id": "nophone", "type": "SetStatus", "status": "ApprovedWithoutSms" },
            { "id": "returned", "type": "SetStatus", "status": "Returned", "next": { "Done": "review" } } ] },
          { "name": "TestCheck", "title": "测试定时检查", "subject": "TestSubject", "start": "wait", "activities": [
            { "id": "wait", "type": "Timer", "delay": "00:02:00", "delaySetting": "Test.CheckDelaySeconds", "next": { "Done": "checked" } },
            { "id": "checked", "type": "SetStatus", "status": "Checked" } ] },
          { "name": "TestOrphan", "title": "无人处理的对象", "subject": "NoSuchSubject", "start": "set", "activities": [
            { "id": "set", "type": "SetStatus", "status": "X" } ] },
          { "name": "TestCondition", "title": "测试条件", "subject": "TestSubject", "start": "check", "activities": [
            { "id": "check", "type": "Condition", "expression": "subject.size === 'Medium' || variables.amount > 100", "next": { "true": "big", "false": "small" } },
            { "id": "big", "type": "SetStatus", "status": "Big" },
            { "id": "small", "type": "SetStatus", "status": "Small" } ] },
          { "name": "TestScreen", "title": "测试筛查", "subject": "TestSubject", "start": "screen", "activities": [
            { "id": "screen", "type": "Screen", "provider": "Test", "next": { "Passed": "accepted", "Failed": "review" } },
            { "id": "review", "type": "UserTask", "actions": ["accept"], "next": { "accept": "accepted" } },
            { "id": "accepted", "type": "SetStatus", "status": "Accepted" } ] } ] } ] }
        """;

    /// <summary>Subjects whose id starts with this are "Medium" in their data (Condition tests).</summary>
    public const string MediumPrefix = "medium-";
    /// <summary>Subjects whose id starts with this have no data (GetDataAsync gives null).</summary>
    public const string NoDataPrefix = "nodata-";
    /// <summary>Subjects whose id starts with this fail the "Test" screening.</summary>
    public const string FailsScreeningPrefix = "bad-";
    public const string ScreeningMessage = "营业收入同比变化超过 300%";

    public static void AddTestServices(IServiceCollection services)
    {
        services.AddScoped<IWorkflowSubjectHandler, TestSubjectHandler>();
        services.AddScoped<IActivity, TestStepActivity>();
        services.AddScoped<IScreeningProvider, TestScreening>();
    }

    /// <summary>A test app that knows the test subject and activity (its own database unless one is given).</summary>
    public static TestApp NewApp(string provider, Dictionary<string, string?>? settings = null, TestDatabase? database = null) =>
        new(provider, ["national.recipe.json"], settings ?? [], database, ownsDatabase: database is null) { TestServices = AddTestServices };

    /// <summary>Applies the test workflows (re-applying changes nothing).</summary>
    public static async Task<TestApp> WithWorkflowsAsync(this TestApp app)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(Recipe, null);
        return app;
    }

    public static WorkflowSubject NewSubject(string prefix = "s-") => new(Subject, prefix + Guid.NewGuid().ToString("N")[..12]);

    public static async Task<T> RunAsync<T>(this TestApp app, Func<IWorkflowRuntime, Task<T>> work)
    {
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>());
    }

    /// <summary>The status the test handler recorded for the subject, or null.</summary>
    public static Task<string?> StatusAsync(this TestApp app, WorkflowSubject subject) =>
        app.WithDbAsync(async db => await db.Set<Setting>().AsNoTracking().Where(s => s.Key == StatusKey(subject.Id)).Select(s => s.Value).FirstOrDefaultAsync()
            is { } json ? JsonSerializer.Deserialize<string>(json) : null);

    public static Task<WorkflowInstance> InstanceAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == id));

    public static string StatusKey(string subjectId) => "Test.WorkflowStatus." + subjectId;

    private sealed class TestSubjectHandler(ISettingsService settings) : IWorkflowSubjectHandler
    {
        public string SubjectType => Subject;

        public Task SetStatusAsync(string subjectId, string status, ActivityContext context, CancellationToken ct) =>
            settings.SetAsync(StatusKey(subjectId), JsonValue.Create(status), ct);

        public Task<string?> GetPhoneAsync(string subjectId, CancellationToken ct) =>
            Task.FromResult(subjectId.StartsWith(NoPhonePrefix, StringComparison.Ordinal) ? null : (string?)Phone);

        public Task<IReadOnlyDictionary<string, object?>?> GetDataAsync(string subjectId, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, object?>?>(subjectId.StartsWith(NoDataPrefix, StringComparison.Ordinal) ? null
                : new Dictionary<string, object?> { ["size"] = subjectId.StartsWith(MediumPrefix, StringComparison.Ordinal) ? "Medium" : "Small" });
    }

    /// <summary>"Test": fails subjects whose id starts with <see cref="FailsScreeningPrefix"/>, and notes that it ran.</summary>
    private sealed class TestScreening : IScreeningProvider
    {
        public string Name => "Test";

        public Task<ScreeningResult> ScreenAsync(ActivityContext context, CancellationToken ct)
        {
            context.Variables["screenedBy"] = Name;
            return Task.FromResult(context.Subject.Id.StartsWith(FailsScreeningPrefix, StringComparison.Ordinal)
                ? new ScreeningResult(false, [ScreeningMessage]) : new ScreeningResult(true, []));
        }
    }

    /// <summary>Counts its runs in the "steps" variable and goes on.</summary>
    private sealed class TestStepActivity : IActivity
    {
        public string Type => "TestStep";
        public IEnumerable<ActivitySettingError> Validate(JsonElement settings) => [];
        public IReadOnlyCollection<string> GetOutcomes(JsonElement settings) => [ActivityResult.Done];

        public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken ct)
        {
            context.Variables["steps"] = ((context.Variables.TryGetValue("steps", out var n) ? int.Parse(n!) : 0) + 1).ToString();
            return Task.FromResult(ActivityResult.Outcome(ActivityResult.Done));
        }
    }
}

/// <summary>One app per provider that knows the test workflows' subject and activity.</summary>
public sealed class WorkflowFixture : AppFixture
{
    protected override TestApp Create(string provider) => WorkflowTestKit.NewApp(provider);
}
