namespace SmeMonitor.Core.Jobs;

/// <summary>
/// Runs the background jobs of one kind. Resolved in a scope of its own per job, with the job's owner as the
/// current user (IScopeService, IAuditLog see the owner) and the owner's culture as the current UI culture.
/// Register with <c>services.AddScoped&lt;IBackgroundJobHandler, MyHandler&gt;()</c>.
/// </summary>
public interface IBackgroundJobHandler
{
    /// <summary>The <see cref="BackgroundJob.Kind"/> it runs, e.g. "reports.batch-import".</summary>
    string Kind { get; }

    /// <summary>
    /// Does the work, reporting progress through <paramref name="run"/> and writing its result file there.
    /// Returning = succeeded (with <see cref="JobRun.Message"/>); throwing <see cref="BackgroundJobFailedException"/>
    /// = failed with that message; any other exception = failed with a generic message (and logged). A job that
    /// failed or was interrupted keeps no result file.
    /// </summary>
    Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct);
}

/// <summary>Ends a job as failed with a message for its owner (already localized: the handler runs in the owner's culture).</summary>
public sealed class BackgroundJobFailedException(string message) : Exception(message);

/// <summary>One run of a job as its handler sees it: progress, the input file, the result file, the closing message.</summary>
public sealed class JobRun
{
    private readonly JobFileStore _files;
    private readonly Func<int, int, bool, CancellationToken, Task> _report;
    private readonly Func<string, string, CancellationToken, Task> _setResult;

    internal JobRun(BackgroundJob job, JobFileStore files, Func<int, int, bool, CancellationToken, Task> report,
        Func<string, string, CancellationToken, Task> setResult)
    {
        Job = job;
        _files = files;
        _report = report;
        _setResult = setResult;
    }

    public BackgroundJob Job { get; }

    /// <summary>Shown to the owner when the job succeeds, e.g. 导入 95 家，退回 5 家.</summary>
    public string? Message { get; set; }

    internal string? ResultFileId { get; private set; }

    /// <summary>
    /// Progress: <paramref name="done"/> of <paramref name="total"/> units. Cheap to call often: it is written at
    /// most about once a second (and always when done reaches total).
    /// </summary>
    public Task ReportAsync(int done, int total, CancellationToken ct = default) => _report(done, total, false, ct);

    /// <summary>The uploaded file the job was started with, or null when it has none.</summary>
    public Stream? OpenInput() => _files.OpenRead(Job.InputFileId);

    /// <summary>
    /// Creates the result file the owner downloads as <paramref name="downloadName"/> (once per run). The
    /// caller writes and disposes the stream; the file is dropped if the job fails.
    /// </summary>
    public async Task<Stream> CreateResultAsync(string downloadName, CancellationToken ct = default)
    {
        if (ResultFileId is not null) throw new InvalidOperationException("A job has one result file.");
        var (id, stream) = _files.Create(downloadName);
        ResultFileId = id;
        await _setResult(id, Content.ContentFileStore.CleanName(downloadName), ct);
        return stream;
    }
}
