using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Core.Content;

public static class ContentServices
{
    /// <summary>The content core: definitions, items, index, query, Markdown, attachment files, recipe steps.</summary>
    public static IServiceCollection AddSmeMonitorContent(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection("Storage"));
        services.AddSingleton<ContentDefinitionCache>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<ContentFileStore>();
        services.AddScoped<ContentDefinitionValidator>();
        services.AddScoped<ContentDefinitionManager>();
        services.AddScoped<ContentFieldValues>();
        services.AddScoped<ContentIndexer>();
        services.AddScoped<ContentManager>();
        services.AddScoped<ContentQuery>();
        services.AddScoped<AdministratorViewerRegion>();
        // A module that knows more viewers (Enterprises: an enterprise user's region) registers its own IViewerRegion.
        services.TryAddScoped<IViewerRegion>(sp => sp.GetRequiredService<AdministratorViewerRegion>());
        services.AddScoped<IRecipeStep, ContentDefinitionsStep>();
        services.AddScoped<IRecipeStep, ContentStep>();
        return services;
    }
}
