using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Enterprises;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
    }
}
