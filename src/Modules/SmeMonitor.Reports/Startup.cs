using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Api;
using SmeMonitor.Reports.Jobs;
using SmeMonitor.Reports.Recipes;
using SmeMonitor.Reports.Services;
using SmeMonitor.Reports.Workflows;

namespace SmeMonitor.Reports;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.ReportsApiJson.Default));
        // Report types as data (REP-1).
        services.AddSingleton<ReportDefinitionValidator>();
        services.AddSingleton<ReportDefinitionCache>();
        services.AddScoped<ReportTypeService>();
        services.AddScoped<ReportRuleEditor>();
        services.AddScoped<IRecipeStep, ReportTypesStep>();
        // Checks, reports and their review (REP-2..5, REP-9, REP-10).
        services.AddSingleton<ReportChecker>();
        services.AddScoped<ReportService>();
        services.AddScoped<IWorkflowSubjectHandler, ReportSubjectHandler>();
        // The enterprise portal: 当期报送 and 历史报送 (REP-6, REP-10).
        services.AddScoped<ReportHistory>();
        services.AddScoped<IMenuProvider, PortalMenu>();
        // What the Enterprises module asks of reports: the home page's periods, the freeze of a key-field change.
        services.AddScoped<IReportPeriods, ReportPeriods>();
        services.AddScoped<IReportFreeze, ReportFreeze>();
        // Generated approved history (demo recipe, benchmarks, tests).
        services.AddSingleton<ReportHistoryGenerator>();
        services.AddScoped<ReportHistoryWriter>();
        services.AddScoped<IRecipeStep, ReportHistoryStep>();
        // Detail, export, import and the API (REP-11..13).
        services.AddScoped<ReportDetails>();
        services.AddScoped<ReportWorkbooks>();
        services.AddScoped<ReportImport>();
        services.AddScoped<IBackgroundJobHandler, ReportBatchImportJob>();
        services.AddScoped<ReportExportRows>();
        services.AddScoped<IBackgroundJobHandler, ReportExportJob>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => ReportsApi.Map(endpoints);
}
