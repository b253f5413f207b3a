using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Api;
using SmeMonitor.Enterprises.Recipes;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Enterprises.Workflows;

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
        // The review and the key-field check are workflows (definitions in the national recipe).
        services.AddScoped<EnterpriseWorkflows>();
        services.AddScoped<IWorkflowSubjectHandler, EnterpriseSubjectHandler>();
        services.AddScoped<IWorkflowSubjectHandler, EnterpriseChangeSubjectHandler>();
        services.AddScoped<IActivity, CheckEnterpriseChangeActivity>();
        // Review, management and home page (ENT-5, ENT-7, ENT-8).
        services.AddScoped<IMenuProvider, AdminMenu>();
        services.AddScoped<EnterpriseDirectory>();
        services.AddScoped<RegistrationReview>();
        services.AddScoped<EnterpriseManagement>();
        services.AddScoped<ISignInGuard, DisabledEnterpriseGuard>();
        services.AddScoped<EnterpriseHome>();
        // Replaces the core's default: an enterprise user sees the content aimed at its enterprise's region.
        services.AddScoped<IViewerRegion, EnterpriseViewerRegion>();
        // First on the portal home: an enterprise account without an enterprise is led to the registration form.
        services.AddSingleton(new PortalSection("EnterpriseStatus", 5, "SmeMonitor.Enterprises"));
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        RegistrationApi.Map(endpoints);
        EnterprisesApi.Map(endpoints);
    }
}
