using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Scalar.AspNetCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Hosting;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Web;
using SmeMonitor.Web.Data;

var builder = WebApplication.CreateBuilder(args);
var command = CommandLine.Parse(args);
// A command's output (e.g. `recipe export > file.json`) owns stdout: its logs go to stderr.
if (command is not null) builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

var catalog = ModuleCatalog.FromApplicationFolder();
builder.Services.AddSmeMonitorDatabase(builder.Configuration, builder.Environment.ContentRootPath, catalog);
builder.Services.AddSmeMonitor(builder.Configuration, catalog);
builder.Services.AddDataProtection()
    .SetApplicationName("SmeMonitor")
    .PersistKeysToDbContext<SmeDbContext>();
// The key ring is read from the database when something is first protected or unprotected (the sign-in cookie, an
// antiforgery token), not by a hosted service at start: anonymous pages never need it.
foreach (var keyRingAtStart in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
             && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
    builder.Services.Remove(keyRingAtStart);
builder.Services.AddHealthChecks().AddDbContextCheck<SmeDbContext>("database");
builder.Services.AddOpenApi("v1");

var app = builder.Build();

// CLI mode: run the command on the migrated database and exit; no web server.
if (command is not null)
{
    await app.Services.InitializeDatabaseAsync(app.Configuration, app.Logger);
    return await command.RunAsync(app.Services);
}

// The database is checked (migrations, first-start recipes) on another core while the request pipeline and the
// endpoints are built: neither needs the other, and the server starts listening only when both are done.
var database = Task.Run(() => app.Services.InitializeDatabaseAsync(app.Configuration, app.Logger));

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseStaticFiles();
var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-CN"),
    SupportedCultures = cultures,
    SupportedUICultures = cultures,
    // Only an explicit choice (cookie or ?culture=) switches language: zh-CN is the default for everyone.
    RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
});
app.UseRouting();
app.UseFeatureGate();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health");
app.MapOpenApi("/api/{documentName}/openapi.json");
app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/{documentName}/openapi.json").WithTitle("SmeMonitor API"));
app.MapModuleEndpoints();
app.MapRulesScript();
app.MapControllers();

await database;
await app.RunAsync();
return 0;
