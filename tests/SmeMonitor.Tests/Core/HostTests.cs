using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

public class HostTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Health_reports_the_database(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory, Providers]
    public async Task Home_page_renders_in_chinese_and_switches_to_english(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var zh = await client.GetStringAsync("/");
        Assert.Contains("中小企业运行监测平台", zh);
        var en = await client.GetStringAsync("/?culture=en");
        Assert.Contains("SME Monitoring Platform", en);
    }

    [Theory, Providers]
    public async Task The_contexts_identity_sets_are_set_by_the_apps_initializer_and_work(string provider)
    {
        await using var scope = apps.Get(provider).Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
#pragma warning disable EF1001
        Assert.IsType<DbSetPropertyInitializer>(db.GetService<Microsoft.EntityFrameworkCore.Internal.IDbSetInitializer>());
#pragma warning restore EF1001
        // Every settable DbSet property of IdentityDbContext, the same set as Set<T>() gives.
        Assert.Same(db.Set<SmeMonitor.Core.Security.User>(), db.Users);
        Assert.Same(db.Set<SmeMonitor.Core.Security.Role>(), db.Roles);
        Assert.NotNull(db.UserClaims);
        Assert.NotNull(db.UserLogins);
        Assert.NotNull(db.UserTokens);
        Assert.NotNull(db.UserRoles);
        Assert.NotNull(db.RoleClaims);
        Assert.True(await db.Roles.AnyAsync(r => r.Name == "SuperAdmin")); // from the national recipe
        Assert.Equal(await db.Set<SmeMonitor.Core.Security.User>().CountAsync(), await db.Users.CountAsync());
    }

    [Theory, Providers]
    public async Task The_migrations_match_the_model(string provider)
    {
        // A model change without `scripts/migrations.sh NAME` would leave the schema behind the code.
        await using var scope = apps.Get(provider).Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/migrations.sh NAME: the model has changes no migration covers.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Theory, Providers]
    public async Task OpenApi_document_is_served(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var doc = await client.GetStringAsync("/api/v1/openapi.json");
        Assert.Contains("\"openapi\"", doc);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs")).StatusCode);
    }
}

/// <summary>Features are switched per test app, so this class has its own apps.</summary>
public class FeatureGateTests
{
    [Theory, Providers]
    public async Task A_disabled_feature_answers_404_and_comes_back_when_enabled(string provider)
    {
        await using var app = new TestApp(provider);
        var client = app.CreateClient();
        // The national recipe enables Notices; its public list page answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/notices")).StatusCode);

        await using (var scope = app.Scope())
        {
            var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
            await features.DisableAsync("SmeMonitor.Notices");
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/notices")).StatusCode);

        await using (var scope = app.Scope())
        {
            var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
            await features.EnableAsync("SmeMonitor.Notices");
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/notices")).StatusCode);
    }

    [Theory, Providers]
    public async Task Always_enabled_features_cannot_be_disabled(string provider)
    {
        await using var app = new TestApp(provider);
        await using var scope = app.Scope();
        var features = scope.ServiceProvider.GetRequiredService<IFeatureManager>();
        var e = await Assert.ThrowsAsync<FeatureException>(() => features.DisableAsync("SmeMonitor.Messaging"));
        Assert.Contains("cannot be disabled", e.Message);
    }
}
