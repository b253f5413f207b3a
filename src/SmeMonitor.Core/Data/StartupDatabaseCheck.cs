using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmeMonitor.Core.Data;

/// <summary>
/// The web host's check of the database at start (pending migrations, first-start recipes). It runs while the request
/// pipeline is built and the server starts listening: requests and background workers wait for it, and the host's
/// start (HostOptions.ServicesStartConcurrently) completes only when it is done. A failed check fails the start.
/// After the check, a warm-up reads what the first pages read anyway; nothing waits for it.
/// </summary>
public sealed class StartupDatabaseCheck(ILogger<StartupDatabaseCheck> logger) : IHostedService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the check has succeeded; faults with its error.</summary>
    public Task Done => _done.Task;

    // The check and the warm-up after it: the host's stop waits for it, so that nothing it uses is disposed under it.
    private Task _running = Task.CompletedTask;

    /// <summary>
    /// Runs the check on another thread, then <paramref name="warmUp"/>. The host calls this once, as soon as its services are
    /// built. The warm-up runs beside the first requests (which may read the same data themselves): a failure there is logged.
    /// </summary>
    public void Start(Func<Task> check, Func<Task> warmUp) => _running = Task.Run(async () =>
    {
        try
        {
            await check();
            _done.TrySetResult();
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
            return;
        }
        try
        {
            await warmUp();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The warm-up after the database check failed");
        }
    });

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Done.WaitAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => _running.WaitAsync(cancellationToken);
}
