using System.Globalization;
using System.Text.Json;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;

namespace SmeMonitor.Core.Jobs;

/// <summary>Configuration section "Jobs".</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";
    /// <summary>How often each node looks for queued jobs; zero turns the worker off (the Testing environment does).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// A running job renews its heartbeat every quarter of this; one whose heartbeat is older than this lost its
    /// node (crash, restart) and is marked failed — not run again, since a half-done import must not be repeated.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Starting background jobs and finding one's own (后台任务).</summary>
public interface IBackgroundJobs
{
    /// <summary>Platform setting: days a finished job and its result file are kept (default <see cref="DefaultResultDays"/>).</summary>
    public const string ResultDaysSetting = "Jobs.ResultDays";
    public const int DefaultResultDays = 7;

    /// <summary>
    /// Queues a job for the handler of <paramref name="kind"/>, owned by <paramref name="ownerId"/>, with its
    /// input serialized as JSON and, optionally, an uploaded file. Saved (and audited) at once, in the caller's
    /// transaction if one is open. The current UI culture becomes the job's.
    /// </summary>
    Task<BackgroundJob> EnqueueAsync(string kind, string ownerId, string title, object? input = null,
        Stream? inputFile = null, string? inputFileName = null, CancellationToken ct = default);

    /// <summary>The owner's jobs, newest first.</summary>
    Task<IReadOnlyList<BackgroundJob>> ListAsync(string ownerId, int take = 50, CancellationToken ct = default);

    /// <summary>The job if it is the owner's, else null (so others get 404).</summary>
    Task<BackgroundJob?> FindAsync(long id, string ownerId, CancellationToken ct = default);

    /// <summary>The result file of a succeeded job, or null when it has none (or it was removed).</summary>
    Stream? OpenResult(BackgroundJob job);

    Task<int> ResultDaysAsync(CancellationToken ct = default);
}

internal sealed class BackgroundJobs(SmeDbContext db, IAuditLog audit, JobFileStore files, TimeProvider clock,
    ISettingsService settings, IEnumerable<IBackgroundJobHandler> handlers, JobQueuedSignal queued) : IBackgroundJobs
{
    private static readonly JsonSerializerOptions InputJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<BackgroundJob> EnqueueAsync(string kind, string ownerId, string title, object? input = null,
        Stream? inputFile = null, string? inputFileName = null, CancellationToken ct = default)
    {
        if (!handlers.Any(h => h.Kind == kind)) throw new ArgumentException($"No background job handler for '{kind}'.", nameof(kind));
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var job = new BackgroundJob
        {
            Kind = kind,
            OwnerId = ownerId,
            Title = title.Length > 200 ? title[..200] : title,
            Culture = CultureInfo.CurrentUICulture.Name is { Length: > 0 and <= 16 } culture ? culture : "zh-CN",
            Input = input is null ? null : JsonSerializer.Serialize(input, InputJson),
            Status = BackgroundJobStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
        };
        if (inputFile is not null)
        {
            job.InputFileName = Content.ContentFileStore.CleanName(inputFileName);
            job.InputFileId = await files.SaveAsync(job.InputFileName, inputFile, ct);
        }
        try
        {
            // The id exists only after the first save; the audit row follows in the same transaction.
            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            db.Add(job);
            await db.SaveChangesAsync(ct);
            audit.Record("job.enqueue", nameof(BackgroundJob), job.Id.ToString(CultureInfo.InvariantCulture), new { job.Kind, job.Title, job.InputFileName });
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        catch
        {
            files.Delete(job.InputFileId);
            throw;
        }
        // Committed (unless the caller's transaction is still open: then the job runs at the next poll).
        queued.Notify();
        return job;
    }

    public async Task<IReadOnlyList<BackgroundJob>> ListAsync(string ownerId, int take = 50, CancellationToken ct = default) =>
        await db.Set<BackgroundJob>().AsNoTracking().Where(j => j.OwnerId == ownerId).OrderByDescending(j => j.Id).Take(take).ToListAsync(ct);

    public Task<BackgroundJob?> FindAsync(long id, string ownerId, CancellationToken ct = default) =>
        db.Set<BackgroundJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.OwnerId == ownerId, ct);

    public Stream? OpenResult(BackgroundJob job) =>
        job.Status == BackgroundJobStatus.Succeeded ? files.OpenRead(job.ResultFileId) : null;

    public Task<int> ResultDaysAsync(CancellationToken ct = default) => ResultDaysAsync(settings, ct);

    internal static async Task<int> ResultDaysAsync(ISettingsService settings, CancellationToken ct) =>
        await settings.GetAsync<int?>(IBackgroundJobs.ResultDaysSetting, ct) is > 0 and var days ? days : IBackgroundJobs.DefaultResultDays;
}
