using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SmeMonitor.Core.Data;
using Xunit.Sdk;

namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// The real platform in memory (WebApplicationFactory) on its own database: a fresh SQLite file, or
/// a fresh PostgreSQL database when the provider is "postgres", with the recipes (default: national)
/// applied. The database is a copy of a template set up once per test run (see TestDatabases).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public string Provider { get; }
    /// <summary>The app's TimeProvider: the system clock until a test moves it forward.</summary>
    public TestClock Clock { get; } = new();
    public TestDatabase Database { get; }
    /// <summary>The app's connection string (ConnectionStrings:Default).</summary>
    public string ConnectionString => Database.ConnectionString;
    /// <summary>Test-only services (e.g. a workflow subject handler), registered after the app's own.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }
    private readonly bool _ownsDatabase;
    private readonly string[] _recipes;
    private readonly Dictionary<string, string?> _settings;

    public TestApp(string provider = "sqlite", string[]? recipes = null, Dictionary<string, string?>? settings = null)
        : this(provider, recipes ?? ["national.recipe.json"], settings ?? [], null, ownsDatabase: true) { }

    /// <summary>On a given database (e.g. TestDatabases.CreateEmpty), which the app deletes on dispose when it owns it.</summary>
    public TestApp(string provider, string[] recipes, Dictionary<string, string?> settings, TestDatabase? database, bool ownsDatabase)
    {
        Provider = provider;
        _recipes = recipes;
        _settings = settings;
        Database = database ?? TestDatabases.Create(provider, recipes, settings);
        _ownsDatabase = ownsDatabase;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Module files under /_content/… are served from the build's manifest, as in Development.
        builder.UseStaticWebAssets();
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the host is built.
        builder.UseSetting("Database:Provider", Provider == "postgres" ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        for (var i = 0; i < _recipes.Length; i++) builder.UseSetting($"Setup:Recipes:{i}", _recipes[i]);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(s);
        });
    }

    /// <summary>A fresh scope on the app's services, e.g. to read the database directly.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<SmeDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<SmeDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await TestDatabases.DeleteAsync(Database);
    }
}

/// <summary>
/// The database providers the integration tests run on: SQLite always, PostgreSQL too when
/// SMEMONITOR_TEST_POSTGRES holds a connection string to a server (CI sets it).
/// Use as [Theory, Providers] on a test taking (string provider).
/// </summary>
public sealed class ProvidersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => Providers.All.Select(p => new object[] { p });
}

public static class Providers
{
    public const string PostgresVariable = "SMEMONITOR_TEST_POSTGRES";
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;
    public static IEnumerable<string> All => PostgresConnectionString is null ? ["sqlite"] : ["sqlite", "postgres"];
}

/// <summary>
/// A class fixture holding one started app per provider, made on first use and shared by the class's tests.
/// Tests that change global state (features, settings) should restore it or use their own TestApp.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<TestApp>> _apps = new();

    protected virtual TestApp Create(string provider) => new(provider);

    public TestApp Get(string provider) => _apps.GetOrAdd(provider, p => new Lazy<TestApp>(() =>
    {
        var app = Create(p);
        _ = app.Server; // start now, so failures surface here
        return app;
    })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) await app.Value.DisposeAsync();
    }
}
