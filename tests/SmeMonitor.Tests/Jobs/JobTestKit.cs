using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Jobs;

/// <summary>Test-only job handlers, and an app that knows them with its files in a temporary folder.</summary>
public static class JobTestKit
{
    public const string Steps = "test.steps", Fail = "test.fail", Crash = "test.crash", Count = "test.count";

    /// <summary>What a test.steps run saw, by job id: the current user and UI culture inside the handler.</summary>
    public static readonly ConcurrentDictionary<long, (string? UserId, string Culture)> Seen = new();
    /// <summary>test.steps waits on this after its first progress report, when the test put one there for the job.</summary>
    public static readonly ConcurrentDictionary<long, TaskCompletionSource> Gates = new();
    /// <summary>How often test.count ran each job, by owner and id: job ids repeat across the providers' databases.</summary>
    public static readonly ConcurrentDictionary<(string OwnerId, long Id), int> Runs = new();

    public static Dictionary<string, string?> Settings(string? pollInterval = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.Combine(Path.GetTempPath(), "smemonitor-tests", "files-" + Guid.NewGuid().ToString("N")),
        };
        if (pollInterval is not null) settings["Jobs:PollInterval"] = pollInterval;
        return settings;
    }

    public static TestApp NewApp(string provider, string? pollInterval = null, TestDatabase? database = null) =>
        new(provider, ["national.recipe.json"], Settings(pollInterval), database, ownsDatabase: database is null) { TestServices = AddHandlers };

    public static void AddHandlers(IServiceCollection services)
    {
        services.AddScoped<IBackgroundJobHandler, StepsHandler>();
        services.AddScoped<IBackgroundJobHandler, FailHandler>();
        services.AddScoped<IBackgroundJobHandler, CrashHandler>();
        services.AddScoped<IBackgroundJobHandler, CountHandler>();
    }

    public static async Task<BackgroundJob> EnqueueAsync(this TestApp app, string kind, string ownerId, object? input = null, string culture = "zh-CN")
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<IBackgroundJobs>().EnqueueAsync(kind, ownerId, "测试任务 " + kind, input);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    public static async Task<T> RunnerAsync<T>(this TestApp app, Func<IBackgroundJobRunner, Task<T>> work)
    {
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<IBackgroundJobRunner>());
    }

    public static Task<BackgroundJob> JobAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().SingleAsync(j => j.Id == id));

    /// <summary>Waits until the job's row satisfies the condition (the runner works on another task).</summary>
    public static async Task<BackgroundJob> WaitForAsync(this TestApp app, long id, Func<BackgroundJob, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = await app.JobAsync(id);
            if (condition(job) || DateTime.UtcNow > deadline) return job;
            await Task.Delay(20);
        }
    }

    public sealed record StepsInput(string Text);

    /// <summary>Three steps; writes the input's text to a result file; waits on its gate after step one.</summary>
    private sealed class StepsHandler(IHttpContextAccessor http) : IBackgroundJobHandler
    {
        public string Kind => Steps;

        public async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
        {
            Seen[job.Id] = (http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.CurrentUICulture.Name);
            await run.ReportAsync(1, 3, ct);
            if (Gates.TryGetValue(job.Id, out var gate)) await gate.Task.WaitAsync(ct);
            await run.ReportAsync(2, 3, ct);
            await using (var result = await run.CreateResultAsync("结果 " + job.Id + ".txt", ct))
            await using (var writer = new StreamWriter(result))
                await writer.WriteAsync(job.GetInput<StepsInput>()!.Text);
            await run.ReportAsync(3, 3, ct);
            run.Message = "完成 3 条";
        }
    }

    /// <summary>Writes part of a result, then fails with a message for the owner.</summary>
    private sealed class FailHandler : IBackgroundJobHandler
    {
        public string Kind => Fail;

        public async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
        {
            await run.ReportAsync(1, 2, ct);
            await using (var result = await run.CreateResultAsync("部分.xlsx", ct)) result.WriteByte(1);
            throw new BackgroundJobFailedException("工作表“甲”第 3 行：数据有误");
        }
    }

    private sealed class CrashHandler : IBackgroundJobHandler
    {
        public string Kind => Crash;
        public Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct) => throw new InvalidOperationException("internal detail");
    }

    private sealed class CountHandler : IBackgroundJobHandler
    {
        public string Kind => Count;

        public async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
        {
            Runs.AddOrUpdate((job.OwnerId, job.Id), 1, (_, n) => n + 1);
            await Task.Yield();
        }
    }
}
