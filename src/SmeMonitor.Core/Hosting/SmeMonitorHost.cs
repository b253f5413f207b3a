using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;

namespace SmeMonitor.Core.Hosting;

/// <summary>Wires the modules into an ASP.NET Core host: services at start, endpoints tagged by feature.</summary>
public static class SmeMonitorHost
{
    /// <summary>Registers the core services and every module's services, and adds the modules to MVC.</summary>
    public static IMvcBuilder AddSmeMonitor(this IServiceCollection services, IConfiguration configuration, ModuleCatalog catalog)
    {
        services.AddSingleton(catalog);
        // Chinese text stays readable in the HTML instead of turning into &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton(TimeProvider.System);
        // Minimal API endpoints ask for JSON contracts when they are built, at start (object for those that return an IResult);
        // generated at build time instead of built by reflection. Modules add the contracts of their request bodies likewise.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HostApiJson.Default));
        services.AddSingleton<ReadCache>();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        // Each module's Strings class reads Resources/Strings.{culture}.resx; zh-CN texts are the keys.
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddIdentity<User, Role>()
            .AddEntityFrameworkStores<Data.SmeDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            // Pages answer 403 with the error page, APIs 401/403, instead of redirecting to an "access denied" page.
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            o.Events.OnRedirectToLogin = c =>
            {
                if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else c.Response.Redirect(c.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddScoped<IFeatureManager, FeatureManager>();
        services.AddScoped<ISettingsService, SettingsService>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IScopeService, ScopeService>();
        services.AddScoped<MenuService>();
        services.AddSingleton<RuleService>();
        services.AddScoped<RecipeExecutor>();
        services.AddScoped<IRecipeStep, FeatureStep>();
        services.AddScoped<IRecipeStep, SettingsStep>();
        services.AddScoped<IRecipeStep, RolesStep>();
        services.AddSmeMonitorContent(configuration);
        services.AddSmeMonitorWorkflows(configuration);
        services.Configure<ExcelOptions>(configuration.GetSection(ExcelOptions.Section));
        services.AddSingleton<ExcelService>();
        services.AddSmeMonitorJobs(configuration);
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<PermissionCatalog>();

        // One instance per module: it registers its services now and maps its endpoints later.
        foreach (var startup in CreateStartups(catalog))
        {
            services.AddSingleton(startup);
            startup.ConfigureServices(services, configuration);
        }

        var mvc = services.AddControllersWithViews(o => o.Conventions.Add(new FeatureConvention(catalog)))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        foreach (var module in catalog.Modules)
            mvc.AddApplicationPart(module.Assembly);
        mvc.ConfigureApplicationPartManager(manager => UseModuleTypesOnly(manager, catalog));
        return mvc;
    }

    /// <summary>
    /// Controllers and view components live in modules and are public: MVC looks for them among the modules' public
    /// types only. Its default parts list every type of every assembly that references MVC (the host with its compiled
    /// EF models, closures, async state machines), and loading each of them is a large part of a cold start.
    /// The compiled Razor views of each module stay as they are.
    /// </summary>
    private static void UseModuleTypesOnly(ApplicationPartManager manager, ModuleCatalog catalog)
    {
        var parts = manager.ApplicationParts;
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            if (parts[i] is not AssemblyPart part) continue;
            if (catalog.FindModule(part.Assembly) is null) parts.RemoveAt(i);
            else parts[i] = new PublicTypesPart(part.Assembly);
        }
    }

    /// <summary>An assembly's part that lists only its exported (public) types.</summary>
    private sealed class PublicTypesPart(Assembly assembly) : ApplicationPart, IApplicationPartTypeProvider
    {
        public override string Name => assembly.GetName().Name!;
        public IEnumerable<TypeInfo> Types => assembly.GetExportedTypes().Select(t => t.GetTypeInfo());
    }

    /// <summary>404 for endpoints of disabled features. Put after UseRouting.</summary>
    public static IApplicationBuilder UseFeatureGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var feature = context.GetEndpoint()?.Metadata.GetMetadata<FeatureMetadata>();
        if (feature is not null)
        {
            var features = context.RequestServices.GetRequiredService<IFeatureManager>();
            if (!await features.IsEnabledAsync(feature.FeatureId, context.RequestAborted))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }
        await next();
    });

    /// <summary>Maps every module's minimal-API endpoints, tagged with the module's feature.</summary>
    public static void MapModuleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var catalog = endpoints.ServiceProvider.GetRequiredService<ModuleCatalog>();
        foreach (var startup in endpoints.ServiceProvider.GetServices<ModuleStartup>())
        {
            var module = catalog.FindModule(startup.GetType().Assembly)!;
            var group = endpoints.MapGroup("");
            group.WithMetadata(new FeatureMetadata(module.Id));
            startup.MapEndpoints(group);
        }
    }

    private static IEnumerable<ModuleStartup> CreateStartups(ModuleCatalog catalog) =>
        catalog.Modules.Where(m => m.StartupType is not null)
            .Select(m => (ModuleStartup)Activator.CreateInstance(m.StartupType!)!);

    /// <summary>Tags each controller's endpoints with its feature: [RequireFeature] or its module.</summary>
    private sealed class FeatureConvention(ModuleCatalog catalog) : IControllerModelConvention
    {
        public void Apply(ControllerModel controller)
        {
            var featureId = controller.ControllerType.GetCustomAttribute<RequireFeatureAttribute>()?.FeatureId
                            ?? catalog.FindModule(controller.ControllerType.Assembly)?.Id;
            if (featureId is null) return;
            foreach (var selector in controller.Selectors)
                selector.EndpointMetadata.Add(new FeatureMetadata(featureId));
        }
    }
}

[JsonSerializable(typeof(object))]
internal sealed partial class HostApiJson : JsonSerializerContext;
