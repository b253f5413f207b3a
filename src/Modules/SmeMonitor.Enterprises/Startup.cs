using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Api;
using SmeMonitor.Enterprises.Recipes;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        // Registration and key-field changes (ENT-1..4, ENT-6).
        services.AddScoped<EnterpriseValidator>();
        services.AddScoped<DirectReviewer>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<EnterpriseChangeService>();
        services.AddScoped<IRecipeStep, EnterprisesStep>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        RegistrationApi.Map(endpoints);
    }
}
