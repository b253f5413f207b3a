using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmeMonitor.Core.Workflows;

/// <summary>Configuration section "Workflows".</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";
    /// <summary>How often each node looks for due timers; zero turns the poll off (the Testing environment does).</summary>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Fires due workflow timers every Workflows:TimerPollInterval, in a scope of its own. Timers are rows, so
/// they survive restarts; every web node runs this, and the claim in FireDueTimersAsync makes each fire once.
/// </summary>
internal sealed class WorkflowTimerService(IServiceScopeFactory scopes, IOptions<WorkflowOptions> options,
    ILogger<WorkflowTimerService> logger, Data.StartupDatabaseCheck? databaseCheck = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.TimerPollInterval;
        if (interval <= TimeSpan.Zero) return;
        // In the web host the database may still be being migrated or set up by its first recipes.
        if (databaseCheck is not null) await databaseCheck.Done.WaitAsync(stoppingToken);
        using var ticks = new PeriodicTimer(interval);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var fired = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().FireDueTimersAsync(stoppingToken);
                if (fired > 0) logger.LogInformation("Fired {Count} workflow timers", fired);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A database that is briefly away must not stop the poll for good.
                logger.LogError(e, "Polling workflow timers failed");
            }
        }
    }
}
