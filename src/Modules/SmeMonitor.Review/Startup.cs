using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Recipes;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ReviewsApiJson.Default));
        services.AddScoped<IMenuProvider, AdminMenu>();
        // The chain per province (REV-1) and 系统筛查 (REV-2).
        services.AddScoped<IReviewWorkflowChooser, ReportChains>();
        services.AddScoped<IScreeningProvider, ReportScreening>();
        services.AddScoped<ScreeningRuleService>();
        services.AddScoped<IRecipeStep, ScreeningRulesStep>();
        // Queues, 接收/退回, bulk actions, the timeline (REV-3..6, REV-8).
        services.AddScoped<ReviewService>();
        services.AddScoped<ReviewTimeline>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => ReviewsApi.Map(endpoints);
}
