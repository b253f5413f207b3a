using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Jobs.JobTestKit;

namespace SmeMonitor.Tests.Jobs;

public sealed class JobFixture : AppFixture
{
    protected override TestApp Create(string provider) => JobTestKit.NewApp(provider);
}

/// <summary>Background jobs: lifecycle, failures, owner-only access, one run across runners, lost runs, purge, the page.</summary>
public class BackgroundJobTests(JobFixture apps) : IClassFixture<JobFixture>
{
    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static Task<int> AuditCountAsync(TestApp app, long id, string action) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.EntityType == nameof(BackgroundJob) && a.EntityId == id.ToString() && a.Action == action));

    [Theory, Providers]
    public async Task A_job_goes_from_queued_through_running_with_progress_to_succeeded_with_a_result(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Name("job-owner-"));
        var client = await app.ClientAsAsync(owner.UserName!);
        var job = await app.EnqueueAsync(Steps, owner.Id, new StepsInput("结果内容"));
        Assert.Equal((BackgroundJobStatus.Queued, "zh-CN"), (job.Status, job.Culture));
        Assert.Equal(1, await AuditCountAsync(app, job.Id, "job.enqueue"));

        var gate = Gates[job.Id] = new TaskCompletionSource();
        var running = Task.Run(() => app.RunnerAsync(r => r.RunNextAsync()));
        var midway = await app.WaitForAsync(job.Id, j => j.Done == 1);
        Assert.Equal((BackgroundJobStatus.Running, 1, 3), (midway.Status, midway.Done, midway.Total));
        Assert.NotNull(midway.StartedAt);
        var json = await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{job.Id}");
        Assert.Equal(("running", "进行中", 33), ((string)json!["status"]!, (string)json["statusText"]!, (int)json["percent"]!));
        Assert.Null(json["resultUrl"]);

        gate.SetResult();
        Assert.True(await running);
        var done = await app.JobAsync(job.Id);
        Assert.Equal((BackgroundJobStatus.Succeeded, 3, 3, "完成 3 条"), (done.Status, done.Done, done.Total, done.Message));
        Assert.Equal($"结果 {job.Id}.txt", done.ResultFileName);
        Assert.NotNull(done.FinishedAt);
        // The handler ran as the owner, in the owner's language.
        Assert.Equal((owner.Id, "zh-CN"), Seen[job.Id]);
        Assert.Equal(1, await AuditCountAsync(app, job.Id, "job.succeed"));

        json = await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{job.Id}");
        Assert.Equal(("succeeded", 100), ((string)json!["status"]!, (int)json["percent"]!));
        var download = await client.GetAsync((string)json["resultUrl"]!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("结果内容", await download.Content.ReadAsStringAsync());
        Assert.Equal($"结果 {job.Id}.txt", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.False(await app.RunnerAsync(r => r.RunNextAsync()));
    }

    [Theory, Providers]
    public async Task A_failing_job_ends_failed_with_its_message_and_no_result(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Name("job-fail-"));
        var failing = await app.EnqueueAsync(Fail, owner.Id);
        var crashing = await app.EnqueueAsync(Crash, owner.Id);
        Assert.Equal(2, await app.RunnerAsync(r => r.RunQueuedAsync()));

        var failed = await app.JobAsync(failing.Id);
        Assert.Equal((BackgroundJobStatus.Failed, "工作表“甲”第 3 行：数据有误", 1, 2), (failed.Status, failed.Message, failed.Done, failed.Total));
        Assert.Null(failed.ResultFileId);
        Assert.Empty(System.IO.Directory.EnumerateFiles(app.Services.GetRequiredService<JobFileStore>().Root, "*.xlsx"));
        Assert.Equal(1, await AuditCountAsync(app, failing.Id, "job.fail"));

        var crashed = await app.JobAsync(crashing.Id);
        Assert.Equal(BackgroundJobStatus.Failed, crashed.Status);
        Assert.Equal($"任务出错（编号 {crashing.Id}），请稍后重试或联系管理员", crashed.Message);

        var client = await app.ClientAsAsync(owner.UserName!);
        var json = await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{failing.Id}");
        Assert.Equal(("failed", "失败"), ((string)json!["status"]!, (string)json["statusText"]!));
        Assert.Null(json["resultUrl"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{failing.Id}/result")).StatusCode);
    }

    [Theory, Providers]
    public async Task Messages_come_in_the_language_the_owner_started_the_job_in(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Name("job-en-"));
        var steps = await app.EnqueueAsync(Steps, owner.Id, new StepsInput("x"), culture: "en");
        var crash = await app.EnqueueAsync(Crash, owner.Id, culture: "en");
        await app.RunnerAsync(r => r.RunQueuedAsync());
        Assert.Equal("en", Seen[steps.Id].Culture);
        Assert.Equal($"The job failed (number {crash.Id}); try again later or contact an administrator", (await app.JobAsync(crash.Id)).Message);
    }

    [Theory, Providers]
    public async Task Only_the_owner_sees_a_job_and_downloads_its_result(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Name("job-mine-"));
        var job = await app.EnqueueAsync(Steps, owner.Id, new StepsInput("秘密"));
        await app.RunnerAsync(r => r.RunQueuedAsync());

        var other = await app.CreateUserAsync(Name("job-other-"));
        var super = await app.CreateUserAsync(Name("job-super-"), null, PermissionClaims.SuperAdminRole);
        var admin = await app.CreateAdministratorAsync(Name("job-admin-"), AdminLevel.Nation, "000000");
        foreach (var name in new[] { other.UserName!, super.UserName!, admin.UserName! })
        {
            var client = await app.ClientAsAsync(name);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/jobs/{job.Id}/result")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/jobs/{job.Id}")).StatusCode);
            Assert.DoesNotContain(await client.GetFromJsonAsync<JsonArray>("/api/v1/jobs") ?? [], j => (long)j!["id"]! == job.Id);
            Assert.DoesNotContain("秘密", await client.GetStringAsync("/jobs"));
        }
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/jobs/{job.Id}/result")).StatusCode);

        var mine = await app.ClientAsAsync(owner.UserName!);
        Assert.Equal("秘密", await mine.GetStringAsync($"/jobs/{job.Id}/result"));
        Assert.Equal(HttpStatusCode.NotFound, (await mine.GetAsync($"/jobs/{job.Id + 1000}/result")).StatusCode);
    }

    [Theory, Providers]
    public async Task Two_runners_at_once_run_a_job_once(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Name("job-race-"));
        var jobs = new List<BackgroundJob>();
        for (var i = 0; i < 4; i++) jobs.Add(await app.EnqueueAsync(Count, owner.Id));

        await using var one = app.Scope();
        await using var two = app.Scope();
        var ran = await Task.WhenAll(
            Task.Run(() => one.ServiceProvider.GetRequiredService<IBackgroundJobRunner>().RunQueuedAsync()),
            Task.Run(() => two.ServiceProvider.GetRequiredService<IBackgroundJobRunner>().RunQueuedAsync()));

        Assert.Equal(4, ran.Sum());
        foreach (var job in jobs)
        {
            Assert.Equal(1, Runs[(owner.Id, job.Id)]);
            Assert.Equal(BackgroundJobStatus.Succeeded, (await app.JobAsync(job.Id)).Status);
            Assert.Equal(1, await AuditCountAsync(app, job.Id, "job.succeed"));
        }
    }

    [Theory, Providers]
    public async Task A_run_whose_node_died_is_marked_failed_after_the_lease_and_not_run_again(string provider)
    {
        await using var app = NewApp(provider);
        var owner = await app.CreateUserAsync(Name("job-lost-"));
        var job = await app.EnqueueAsync(Count, owner.Id);
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, BackgroundJobStatus.Running).SetProperty(j => j.HeartbeatAt, now)
            .SetProperty(j => j.RunBy, "dead-node").SetProperty(j => j.ResultFileId, "abcdefghijklmnopqrstuvwx.xlsx")));

        Assert.False(await app.RunnerAsync(r => r.RunNextAsync()));
        Assert.Equal(BackgroundJobStatus.Running, (await app.JobAsync(job.Id)).Status);

        app.Clock.Advance(new JobOptions().Lease + TimeSpan.FromSeconds(1));
        Assert.False(await app.RunnerAsync(r => r.RunNextAsync()));
        var lost = await app.JobAsync(job.Id);
        Assert.Equal((BackgroundJobStatus.Failed, "任务因服务器重启或停止而中断，请重新开始", null), (lost.Status, lost.Message, lost.ResultFileId));
        Assert.False(Runs.ContainsKey((owner.Id, job.Id)));
        Assert.Equal(1, await AuditCountAsync(app, job.Id, "job.interrupt"));
    }

    [Theory, Providers]
    public async Task A_job_queued_before_a_restart_is_run_by_the_next_nodes_worker(string provider)
    {
        var database = TestDatabases.Create(provider, ["national.recipe.json"], new Dictionary<string, string?>());
        try
        {
            long id;
            string ownerId;
            await using (var before = NewApp(provider, database: database))
            {
                ownerId = (await before.CreateUserAsync(Name("job-restart-"))).Id;
                id = (await before.EnqueueAsync(Steps, ownerId, new StepsInput("重启后"))).Id;
            }
            await using var after = NewApp(provider, pollInterval: "00:00:00.1", database: database);
            _ = after.Server;
            var job = await after.WaitForAsync(id, j => j.IsFinished);
            Assert.Equal(BackgroundJobStatus.Succeeded, job.Status);
            Assert.Equal(ownerId, Seen[id].UserId);
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }

    [Theory, Providers]
    public async Task A_job_queued_on_a_node_starts_there_at_once_not_at_the_next_poll(string provider)
    {
        // An hour between polls: within the wait below only the wake-up on queueing can start the job.
        await using var app = NewApp(provider, pollInterval: "01:00:00");
        _ = app.Server;
        var owner = await app.CreateUserAsync(Name("job-wake-"));
        var job = await app.EnqueueAsync(Steps, owner.Id, new StepsInput("立即开始"));
        var finished = await app.WaitForAsync(job.Id, j => j.IsFinished);
        Assert.Equal(BackgroundJobStatus.Succeeded, finished.Status);
        Assert.Equal(owner.Id, Seen[job.Id].UserId);
    }

    [Theory, Providers]
    public async Task Finished_jobs_and_their_files_are_removed_after_the_result_days(string provider)
    {
        await using var app = NewApp(provider);
        var owner = await app.CreateUserAsync(Name("job-purge-"));
        var job = await app.EnqueueAsync(Steps, owner.Id, new StepsInput("旧"));
        await app.RunnerAsync(r => r.RunQueuedAsync());
        var path = Path.Combine(app.Services.GetRequiredService<JobFileStore>().Root, (await app.JobAsync(job.Id)).ResultFileId!);
        Assert.True(File.Exists(path));
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync(IBackgroundJobs.ResultDaysSetting, JsonValue.Create(3));
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await app.RunnerAsync(r => r.PurgeAsync()));
        app.Clock.Advance(TimeSpan.FromDays(1.1));
        Assert.Equal(1, await app.RunnerAsync(r => r.PurgeAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<BackgroundJob>().AnyAsync(j => j.Id == job.Id)));
        Assert.False(File.Exists(path));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == "job.purge")));
    }

    [Theory, Providers]
    public async Task An_unknown_kind_cannot_be_queued(string provider)
    {
        var app = apps.Get(provider);
        await Assert.ThrowsAsync<ArgumentException>(() => app.EnqueueAsync("no.such.kind", "someone"));
    }

    [Theory, Providers]
    public async Task The_page_lists_the_owners_jobs_with_progress_in_either_language(string provider)
    {
        var app = apps.Get(provider);
        var admin = await app.CreateAdministratorAsync(Name("job-page-"), AdminLevel.Province, "330000");
        var done = await app.EnqueueAsync(Steps, admin.Id, new StepsInput("x"));
        await app.RunnerAsync(r => r.RunQueuedAsync());
        var queued = await app.EnqueueAsync(Steps, admin.Id, new StepsInput("y"));
        var client = await app.ClientAsAsync(admin.UserName!);

        var page = await client.GetStringAsync("/jobs");
        Assert.Contains("我的任务", page);
        Assert.Contains($"data-job=\"{done.Id}\"", page);
        Assert.Contains($"href=\"/jobs/{done.Id}/result\"", page);
        Assert.Contains("完成 3 条", page);
        Assert.Contains($"data-job=\"{queued.Id}\"", page);
        Assert.Contains("排队中", page);
        Assert.Contains("结果保留 7 天", page);
        Assert.Contains("/_content/SmeMonitor.Platform/jobs.js", page);
        Assert.Contains("href=\"/jobs\"", await client.GetStringAsync("/admin"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/SmeMonitor.Platform/jobs.js")).StatusCode);
        var english = await client.GetStringAsync("/jobs?culture=en");
        Assert.Contains("My jobs", english);
        Assert.Contains("Queued", english);

        var list = await client.GetFromJsonAsync<JsonArray>("/api/v1/jobs");
        Assert.Equal([queued.Id, done.Id], list!.Select(j => (long)j!["id"]!));
        await app.RunnerAsync(r => r.RunQueuedAsync());
    }

    [Theory, Providers]
    public async Task An_enterprise_user_sees_the_page_in_the_portal(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Name("job-ent-"));
        var client = await app.ClientAsAsync(user.UserName!);
        var page = await client.GetStringAsync("/jobs");
        Assert.Contains("data-testid=\"no-jobs\"", page);
        Assert.DoesNotContain("href=\"/admin/features\"", page);
    }
}
