using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Api;
using SmeMonitor.Directory.Recipes;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IMenuProvider, AdminMenu>();
        services.AddScoped<IRecipeStep, RegionsStep>();
        services.AddScoped<IRecipeStep, IndustriesStep>();
        services.AddScoped<IRecipeStep, SizeStandardStep>();
        services.AddSingleton<DirectoryCache>();
        services.AddSingleton<RegionDirectory>();
        services.AddScoped<IRegionNames, RegionNames>();
        services.AddSingleton<IndustryDirectory>();
        services.AddSingleton<EnterpriseSizeService>();
        services.AddSingleton<SizeExplainer>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => DirectoryApi.Map(endpoints);
}
