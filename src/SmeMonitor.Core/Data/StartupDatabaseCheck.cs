using Microsoft.Extensions.Hosting;

namespace SmeMonitor.Core.Data;

/// <summary>
/// The web host's check of the database at start (pending migrations, first-start recipes). It runs while the request
/// pipeline is built and the server starts listening: requests and background workers wait for it, and the host's
/// start (HostOptions.ServicesStartConcurrently) completes only when it is done. A failed check fails the start.
/// </summary>
public sealed class StartupDatabaseCheck : IHostedService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the check has succeeded; faults with its error.</summary>
    public Task Done => _done.Task;

    /// <summary>Runs the check on another thread. The host calls this once, as soon as its services are built.</summary>
    public void Start(Func<Task> check) => _ = Task.Run(async () =>
    {
        try
        {
            await check();
            _done.TrySetResult();
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
        }
    });

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Done.WaitAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
