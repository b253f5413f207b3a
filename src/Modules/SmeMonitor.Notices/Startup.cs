using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Security;
using SmeMonitor.Notices.Api;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IMenuProvider, ContentMenu>();
        services.AddSingleton(new PortalSection("LatestNotices", 10, "SmeMonitor.Notices"));
        services.AddScoped<ContentEditing>();
        services.AddScoped<PortalContent>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => NoticesApi.Map(endpoints);
}
