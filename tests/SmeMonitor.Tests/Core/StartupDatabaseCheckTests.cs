using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Tests.Core;

/// <summary>
/// The host's database check at start: requests wait for the check (migrations, first-start recipes), not for the warm-up
/// reads after it; the host's stop waits for both; a failed check fails the start, a failed warm-up is only logged.
/// </summary>
public class StartupDatabaseCheckTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30); // only so that a broken check fails instead of hanging

    [Fact]
    public async Task Requests_wait_for_the_check_but_not_for_the_warm_up_and_the_stop_waits_for_both()
    {
        var check = new TaskCompletionSource();
        var warmUp = new TaskCompletionSource();
        var warmUpStarted = new TaskCompletionSource();
        var startup = new StartupDatabaseCheck(new Warnings());
        startup.Start(() => check.Task, async () =>
        {
            warmUpStarted.SetResult();
            await warmUp.Task;
        });

        Assert.False(startup.Done.IsCompleted);
        check.SetResult();
        await startup.Done.WaitAsync(Hang);
        await warmUpStarted.Task.WaitAsync(Hang);

        var stop = ((IHostedService)startup).StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted);
        warmUp.SetResult();
        await stop.WaitAsync(Hang);
    }

    [Fact]
    public async Task A_failed_check_fails_the_start_and_the_warm_up_does_not_run()
    {
        var warmedUp = false;
        var startup = new StartupDatabaseCheck(new Warnings());
        startup.Start(() => throw new InvalidOperationException("no database"), () =>
        {
            warmedUp = true;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ((IHostedService)startup).StartAsync(CancellationToken.None).WaitAsync(Hang));
        Assert.Equal("no database", error.Message);
        await ((IHostedService)startup).StopAsync(CancellationToken.None).WaitAsync(Hang);
        Assert.False(warmedUp);
    }

    [Fact]
    public async Task A_failed_warm_up_is_logged_and_the_start_stands()
    {
        var log = new Warnings();
        var startup = new StartupDatabaseCheck(log);
        startup.Start(() => Task.CompletedTask, () => throw new FormatException("broken definitions"));

        await ((IHostedService)startup).StartAsync(CancellationToken.None).WaitAsync(Hang);
        await ((IHostedService)startup).StopAsync(CancellationToken.None).WaitAsync(Hang);
        var (level, error) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.IsType<FormatException>(error);
        Assert.True(startup.Done.IsCompletedSuccessfully);
    }

    private sealed class Warnings : ILogger<StartupDatabaseCheck>
    {
        public List<(LogLevel Level, Exception? Error)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, exception));
        }
    }
}
