using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmeMonitor.Core.Jobs;

public static class JobServices
{
    /// <summary>Background jobs: starting and listing them, the runner, the worker, their files.</summary>
    public static IServiceCollection AddSmeMonitorJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.Section));
        services.AddSingleton<JobFileStore>();
        services.AddSingleton<JobQueuedSignal>();
        services.AddScoped<IBackgroundJobs, BackgroundJobs>();
        services.AddScoped<IBackgroundJobRunner, BackgroundJobRunner>();
        services.AddHostedService<BackgroundJobWorker>();
        return services;
    }
}
