using Scalar.AspNetCore;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Hosting;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Web;
using SmeMonitor.Web.Data;

// The module catalog loads every type of every module's assembly: on the other core while the host builder is created.
var catalogLoad = Task.Run(ModuleCatalog.FromApplicationFolder);

var builder = WebApplication.CreateBuilder(args);
var command = CommandLine.Parse(args);
// A command's output (e.g. `recipe export > file.json`) owns stdout: its logs go to stderr.
if (command is not null) builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

var catalog = await catalogLoad;
builder.Services.AddSmeMonitorDatabase(builder.Configuration, builder.Environment.ContentRootPath, catalog);
builder.Services.AddSmeMonitor(builder.Configuration, catalog);
builder.Services.AddSmeMonitorDataProtection(builder.Configuration, builder.Environment.ContentRootPath);
// The database is checked while the server starts (see below): the host's start waits for both side by side.
builder.Services.AddSingleton<StartupDatabaseCheck>();
builder.Services.AddHostedService(services => services.GetRequiredService<StartupDatabaseCheck>());
builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
builder.Services.AddHealthChecks().AddDbContextCheck<SmeDbContext>("database");
builder.Services.AddOpenApi("v1");

var app = builder.Build();

// CLI mode: run the command on the migrated database and exit; no web server.
if (command is not null)
{
    await app.Services.InitializeDatabaseAsync(app.Configuration, app.Logger);
    return await command.RunAsync(app.Services);
}

// The database is checked (migrations, first-start recipes) on another core while the request pipeline is built and
// the server starts listening; requests wait for that only. Then, beside the first requests, the enabled features
// (which every request reads first) and the content types (which the portal's pages list) are read once: EF Core's
// query pipeline loads, the definitions are parsed and cached, their queries compiled. A first request that comes
// meanwhile reads what it needs itself; EF Core compiles a query once, so it waits for the warm-up's compilation instead
// of doing it again.
var databaseCheck = app.Services.GetRequiredService<StartupDatabaseCheck>();
databaseCheck.Start(
    () => app.Services.InitializeDatabaseAsync(app.Configuration, app.Logger),
    warmUp: async () =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IFeatureManager>().GetEnabledAsync();
        // Broken definitions are the content pages' concern: they read them themselves and show what is wrong.
        await scope.ServiceProvider.GetRequiredService<ContentDefinitionManager>().ListTypesAsync();
    });

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseStaticFiles();
app.UseRequestLocalization(RequestCultures.Options());
app.UseRouting();
// Requests wait here for the database check: the first one is already routed (endpoints and matcher built) meanwhile.
app.Use(async (context, next) =>
{
    if (!databaseCheck.Done.IsCompletedSuccessfully) await databaseCheck.Done;
    await next();
});
app.UseFeatureGate();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health");
app.MapOpenApi("/api/{documentName}/openapi.json");
app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/{documentName}/openapi.json").WithTitle("SmeMonitor API"));
app.MapModuleEndpoints();
app.MapRulesScript();
app.MapControllers();
// The endpoints (one per controller action, with its filters, metadata and request delegate) are created when routing
// first reads them, in the first request: here, beside the server's start. The controllers' data source keeps them.
var endpointSources = ((IEndpointRouteBuilder)app).DataSources.ToList();
_ = Task.Run(() =>
{
    foreach (var source in endpointSources) _ = source.Endpoints;
});

await app.RunAsync();
return 0;
