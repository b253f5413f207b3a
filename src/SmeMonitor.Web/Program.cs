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
builder.Services.AddSmeMonitorDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSmeMonitor(builder.Configuration, catalog);
builder.Services.AddDataProtection()
    .SetApplicationName("SmeMonitor")
    .PersistKeysToDbContext<SmeDbContext>();
builder.Services.AddHealthChecks().AddDbContextCheck<SmeDbContext>("database");
builder.Services.AddOpenApi("v1");

var app = builder.Build();

await app.Services.InitializeDatabaseAsync(app.Configuration, app.Logger);
// CLI mode: run the command on the migrated database and exit; no web server.
if (command is not null) return await command.RunAsync(app.Services);

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

await app.RunAsync();
return 0;
