using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;

namespace SmeMonitor.Core.Jobs;

/// <summary>
/// Runs queued background jobs on this node. The worker calls it every Jobs:PollInterval; tests call it directly.
/// </summary>
public interface IBackgroundJobRunner
{
    /// <summary>
    /// Fails the jobs whose node was lost (heartbeat older than Jobs:Lease), then claims the oldest queued job with
    /// a conditional update — of several nodes exactly one gets it — and runs it to its end. False when none was queued.
    /// </summary>
    Task<bool> RunNextAsync(CancellationToken ct = default);

    /// <summary>Runs queued jobs one after another until none is left; returns how many ran.</summary>
    Task<int> RunQueuedAsync(CancellationToken ct = default);

    /// <summary>Deletes finished jobs older than the Jobs.ResultDays setting, with their files; returns how many.</summary>
    Task<int> PurgeAsync(CancellationToken ct = default);
}

internal sealed class BackgroundJobRunner(SmeDbContext db, IServiceScopeFactory scopes, IAuditLog audit, JobFileStore files,
    TimeProvider clock, ISettingsService settings, IOptions<JobOptions> options, IStringLocalizer<Strings> S,
    ILogger<BackgroundJobRunner> logger) : IBackgroundJobRunner
{
    /// <summary>Progress is written at most this often (the page polls every second).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private const int ClaimBatch = 10, PurgeBatch = 200;
    private static readonly string NodeId = $"{Environment.MachineName}/{Environment.ProcessId}" is { Length: > 128 } n ? n[..128] : $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task<bool> RunNextAsync(CancellationToken ct = default)
    {
        await FailLostAsync(ct);
        var queued = await db.Set<BackgroundJob>().AsNoTracking().Where(j => j.Status == BackgroundJobStatus.Queued)
            .OrderBy(j => j.Id).Select(j => j.Id).Take(ClaimBatch).ToListAsync(ct);
        foreach (var id in queued)
        {
            var now = clock.GetUtcNow();
            // The claim commits on its own: the other nodes see it at once, and only the winner runs the job.
            var claimed = await db.Set<BackgroundJob>().Where(j => j.Id == id && j.Status == BackgroundJobStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BackgroundJobStatus.Running).SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.RunBy, NodeId), ct);
            if (claimed == 0) continue;
            await RunAsync(id, ct);
            return true;
        }
        return false;
    }

    public async Task<int> RunQueuedAsync(CancellationToken ct = default)
    {
        var ran = 0;
        while (await RunNextAsync(ct)) ran++;
        return ran;
    }

    private async Task RunAsync(long id, CancellationToken ct)
    {
        var job = await db.Set<BackgroundJob>().FirstAsync(j => j.Id == id, ct);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureOf(job); // flows to the handler; reverts when this method returns
        using var gate = new SemaphoreSlim(1, 1); // the progress writes and the heartbeat share this method's DbContext
        var lastWrite = DateTimeOffset.MinValue;
        var (done, total) = (0, 0);
        (string Id, string Name)? result = null;

        async Task Report(int d, int t, bool force, CancellationToken c)
        {
            (done, total) = (Math.Max(0, d), Math.Max(0, t));
            var now = clock.GetUtcNow();
            if (!force && done < total && now - lastWrite < ProgressInterval) return;
            lastWrite = now;
            await Locked(() => db.Set<BackgroundJob>().Where(j => j.Id == id && j.Status == BackgroundJobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total).SetProperty(j => j.HeartbeatAt, now), c), c);
        }

        async Task SetResult(string fileId, string name, CancellationToken c)
        {
            // Recorded before anything is written, so a failed or lost run can remove the file.
            result = (fileId, name);
            await Locked(() => db.Set<BackgroundJob>().Where(j => j.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ResultFileId, fileId).SetProperty(j => j.ResultFileName, name), c), c);
        }

        async Task Locked(Func<Task> write, CancellationToken c)
        {
            await gate.WaitAsync(c);
            try { await write(); }
            finally { gate.Release(); }
        }

        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(id, (write, c) => Locked(write, c), stopHeartbeat.Token);
        var run = new JobRun(job, files, Report, SetResult);
        string? failure = null;
        try
        {
            await RunHandlerAsync(job, run, ct);
        }
        catch (BackgroundJobFailedException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            failure = S["任务因服务器停止而中断，请重新开始"];
        }
        catch (Exception e)
        {
            logger.LogError(e, "Background job {JobId} ({Kind}) failed", id, job.Kind);
            failure = S["任务出错（编号 {0}），请稍后重试或联系管理员", id];
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        // Finished even when the node is stopping: the row must not stay "running".
        job.FinishedAt = clock.GetUtcNow();
        job.Done = done;
        job.Total = total;
        if (failure is null)
        {
            job.Status = BackgroundJobStatus.Succeeded;
            job.Message = Truncate(run.Message);
            (job.ResultFileId, job.ResultFileName) = (result?.Id, result?.Name);
        }
        else
        {
            job.Status = BackgroundJobStatus.Failed;
            job.Message = Truncate(failure);
            files.Delete(result?.Id);
            // Written already by SetResult, behind the tracker's back: cleared explicitly.
            db.Entry(job).Property(j => j.ResultFileId).IsModified = true;
            db.Entry(job).Property(j => j.ResultFileName).IsModified = true;
        }
        audit.Record(failure is null ? "job.succeed" : "job.fail", nameof(BackgroundJob), id.ToString(CultureInfo.InvariantCulture),
            new { job.Kind, job.OwnerId, job.Done, job.Total, job.Message });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The handler in a scope of its own, as the owner: IScopeService and IAuditLog see that user.</summary>
    private async Task RunHandlerAsync(BackgroundJob job, JobRun run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handler = services.GetServices<IBackgroundJobHandler>().FirstOrDefault(h => h.Kind == job.Kind)
                      ?? throw new BackgroundJobFailedException(S["没有处理“{0}”类任务的程序", job.Kind]);
        var http = services.GetRequiredService<IHttpContextAccessor>();
        http.HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, job.OwnerId)], "BackgroundJob")),
        };
        try
        {
            await handler.RunAsync(job, run, ct);
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    /// <summary>Renews the job's heartbeat every quarter lease while the handler runs, whether or not it reports progress.</summary>
    private async Task HeartbeatAsync(long id, Func<Func<Task>, CancellationToken, Task> locked, CancellationToken ct)
    {
        var every = options.Value.Lease / 4;
        if (every <= TimeSpan.Zero) return;
        try
        {
            using var ticks = new PeriodicTimer(every);
            while (await ticks.WaitForNextTickAsync(ct))
            {
                try
                {
                    var now = clock.GetUtcNow();
                    await locked(() => db.Set<BackgroundJob>().Where(j => j.Id == id && j.Status == BackgroundJobStatus.Running)
                        .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), ct), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the heartbeat of background job {JobId} failed", id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    /// <summary>Running jobs whose node stopped renewing them: failed, their partial result removed.</summary>
    private async Task FailLostAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - options.Value.Lease;
        var lost = await db.Set<BackgroundJob>().AsNoTracking()
            .Where(j => j.Status == BackgroundJobStatus.Running && j.HeartbeatAt < staleBefore).ToListAsync(ct);
        foreach (var job in lost)
        {
            var message = InCulture(job, () => S["任务因服务器重启或停止而中断，请重新开始"]);
            var failed = await db.Set<BackgroundJob>()
                .Where(j => j.Id == job.Id && j.Status == BackgroundJobStatus.Running && j.HeartbeatAt < staleBefore)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BackgroundJobStatus.Failed).SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.Message, message).SetProperty(j => j.ResultFileId, (string?)null).SetProperty(j => j.ResultFileName, (string?)null), ct);
            if (failed == 0) continue;
            files.Delete(job.ResultFileId);
            logger.LogWarning("Background job {JobId} ({Kind}) was lost by node {Node} and is marked failed", job.Id, job.Kind, job.RunBy);
            audit.Record("job.interrupt", nameof(BackgroundJob), job.Id.ToString(CultureInfo.InvariantCulture), new { job.Kind, job.OwnerId, job.RunBy });
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var days = await BackgroundJobs.ResultDaysAsync(settings, ct);
        var before = clock.GetUtcNow() - TimeSpan.FromDays(days);
        var old = await db.Set<BackgroundJob>().Where(j => j.FinishedAt != null && j.FinishedAt < before)
            .OrderBy(j => j.Id).Take(PurgeBatch).ToListAsync(ct);
        if (old.Count == 0) return 0;
        db.RemoveRange(old);
        audit.Record("job.purge", nameof(BackgroundJob), "*", new { Days = days, Ids = old.Select(j => j.Id) });
        await db.SaveChangesAsync(ct);
        foreach (var job in old)
        {
            files.Delete(job.ResultFileId);
            files.Delete(job.InputFileId);
        }
        return old.Count;
    }

    private static CultureInfo CultureOf(BackgroundJob job)
    {
        try { return CultureInfo.GetCultureInfo(job.Culture); }
        catch (CultureNotFoundException) { return CultureInfo.GetCultureInfo("zh-CN"); }
    }

    private static string InCulture(BackgroundJob job, Func<string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureOf(job);
        try { return text(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    private static string? Truncate(string? s) => s is { Length: > 4000 } ? s[..4000] : s;
}

/// <summary>
/// Wakes this node's worker when a job is queued on this node, so that it starts at once instead of at the next poll
/// (a person waiting for an export sees it begin). Jobs queued on other nodes are found by the poll.
/// </summary>
internal sealed class JobQueuedSignal
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Notify()
    {
        try
        {
            _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the worker looks for every queued job when it wakes.
        }
    }

    /// <summary>Waits for a job queued on this node, or for the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _queued.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs queued jobs every Jobs:PollInterval, and at once when one is queued on this node, one at a time, each in a scope
/// of its own. Jobs are rows, so they survive restarts; every web node runs this, and the claim in RunNextAsync gives each
/// job to one node.
/// </summary>
internal sealed class BackgroundJobWorker(IServiceScopeFactory scopes, IOptions<JobOptions> options, JobQueuedSignal queued,
    ILogger<BackgroundJobWorker> logger, Data.StartupDatabaseCheck? databaseCheck = null) : Microsoft.Extensions.Hosting.BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        if (interval <= TimeSpan.Zero) return;
        // In the web host the database may still be being migrated or set up by its first recipes.
        if (databaseCheck is not null) await databaseCheck.Done.WaitAsync(stoppingToken);
        var lastPurge = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queued.WaitAsync(interval, stoppingToken);
                if (DateTime.UtcNow - lastPurge > PurgeEvery)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IBackgroundJobRunner>().PurgeAsync(stoppingToken);
                    lastPurge = DateTime.UtcNow;
                }
                bool ran;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    ran = await scope.ServiceProvider.GetRequiredService<IBackgroundJobRunner>().RunNextAsync(stoppingToken);
                } while (ran && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A database that is briefly away must not stop the worker for good.
                logger.LogError(e, "Running background jobs failed");
            }
        }
    }
}
