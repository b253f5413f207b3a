using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Core.Workflows;

public static class WorkflowServices
{
    /// <summary>The workflow engine: runtime, built-in activities, the "workflows" recipe step, the timer poll.</summary>
    public static IServiceCollection AddSmeMonitorWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkflowOptions>(configuration.GetSection(WorkflowOptions.Section));
        services.AddScoped<IWorkflowRuntime, WorkflowRuntime>();
        services.AddScoped<IActivity, UserTaskActivity>();
        services.AddScoped<IActivity, TimerActivity>();
        services.AddScoped<IActivity, SetStatusActivity>();
        services.AddScoped<IActivity, ConditionActivity>();
        services.AddScoped<IActivity, ScreenActivity>();
        services.AddScoped<WorkflowDefinitions>();
        services.AddScoped<IRecipeStep, WorkflowsStep>();
        services.AddHostedService<WorkflowTimerService>();
        return services;
    }
}
