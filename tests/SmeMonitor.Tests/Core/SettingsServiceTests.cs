using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

public class SettingsServiceTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task GetNodeAsync_sees_the_scope_s_unsaved_value_then_the_stored_one(string provider)
    {
        var app = apps.Get(provider);
        var key = "Test.Settings." + Guid.NewGuid().ToString("N")[..12];
        await using (var scope = app.Scope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<ISettingsService>();
            Assert.Null(await settings.GetNodeAsync(key));
            await settings.SetAsync(key, JsonValue.Create("first"));
            // Not saved yet: the value the caller's unit of work holds.
            Assert.Equal("first", (await settings.GetNodeAsync(key))!.GetValue<string>());
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        await using (var scope = app.Scope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<ISettingsService>();
            Assert.Equal("first", (await settings.GetNodeAsync(key))!.GetValue<string>());
            await settings.SetAsync(key, JsonValue.Create("second"));
            Assert.Equal("second", (await settings.GetNodeAsync(key))!.GetValue<string>());
            Assert.Equal("second", await settings.GetAsync<string>(key));
            // Another key is not confused with it.
            Assert.Null(await settings.GetNodeAsync(key + "x"));
        }
    }
}
