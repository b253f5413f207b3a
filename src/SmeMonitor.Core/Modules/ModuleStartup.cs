using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmeMonitor.Core.Modules;

/// <summary>
/// Each module has one Startup deriving from this. Services of every module are registered at start
/// (one container); endpoints carry their feature so that disabled features answer 404.
/// </summary>
public abstract class ModuleStartup
{
    public virtual void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

    /// <summary>Minimal-API endpoints. MVC controllers in the module are found without this.</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}
