extern alias web;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Bench;

/// <summary>The real app in process on the given database with the national recipe; <paramref name="configure"/> adds what a benchmark needs.</summary>
internal sealed class BenchHost(string provider, string connectionString, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<web::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseDatabase(builder, provider, connectionString);
        configure?.Invoke(builder);
    }

    /// <summary>Production settings on the benchmark's database ("sqlite" or "postgres"), the national recipe, warnings only in the log.</summary>
    public static void UseDatabase(IWebHostBuilder builder, string provider, string connectionString)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", provider == "postgres" ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Setup:Recipes:0", "national.recipe.json");
    }

    /// <summary>An account and its local administrator, inserted directly (no password: benchmarks sign in by cookie).</summary>
    public static Administrator AddAdministrator(SmeDbContext db, string userName, AdminLevel level, string region, bool oneClick = false)
    {
        var now = DateTimeOffset.UtcNow;
        var user = new User
        {
            UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName, CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Add(user);
        var admin = new Administrator { UserId = user.Id, User = user, Level = level, RegionCode = region, CanOneClickAccept = oneClick, CreatedAt = now };
        db.Add(admin);
        return admin;
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
