using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Administrators.Recipes;
using SmeMonitor.Administrators.Services;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IMenuProvider, AdminMenu>();
        services.AddScoped<IRecipeStep, UsersStep>();
        services.AddScoped<AdministratorService>();
        services.AddScoped<RoleService>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => AdministratorsApi.Map(endpoints);
}
