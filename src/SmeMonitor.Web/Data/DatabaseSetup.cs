using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Web.Data;

public static class DatabaseSetup
{
    /// <summary>Database:Provider = Sqlite (default) or Postgres; ConnectionStrings:Default.</summary>
    public static void AddSmeMonitorDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connection = configuration.GetConnectionString("Default");
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            connection ??= "Data Source=App_Data/smemonitor.db";
            var csb = new SqliteConnectionStringBuilder(connection);
            if (!Path.IsPathRooted(csb.DataSource) && csb.DataSource != ":memory:")
            {
                csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
            }
            services.AddDbContext<SmeDbContext, SqliteSmeDbContext>(o => o.UseSqlite(csb.ConnectionString));
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Default is empty.");
            services.AddDbContext<SmeDbContext, PostgresSmeDbContext>(o => o.UseNpgsql(connection));
        }
        else throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
    }

    /// <summary>
    /// Applies pending migrations, then on first start (no recipe applied yet) the recipes named in Setup:Recipes.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a writer commits; set once, it sticks to the file.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        // Migrate only when a migration is pending. MigrateAsync also compares the model with the last
        // migration's snapshot, which means building the design-time model: most of a start's database work.
        if ((await db.Database.GetPendingMigrationsAsync()).Any()) await db.Database.MigrateAsync();

        var recipes = configuration.GetSection("Setup:Recipes").Get<string[]>() ?? [];
        if (recipes.Length == 0 || await db.Set<RecipeRun>().AnyAsync()) return;
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        foreach (var recipe in recipes)
        {
            var path = ResolveRecipe(recipe);
            logger.LogInformation("First start: applying recipe {Recipe}", path);
            await executor.ApplyFileAsync(path);
        }
    }

    /// <summary>A recipe path as given, or relative to the recipes shipped beside the binaries.</summary>
    public static string ResolveRecipe(string path)
    {
        if (File.Exists(path)) return Path.GetFullPath(path);
        var shipped = Path.Combine(AppContext.BaseDirectory, path);
        if (File.Exists(shipped)) return shipped;
        shipped = Path.Combine(AppContext.BaseDirectory, "recipes", path);
        if (File.Exists(shipped)) return shipped;
        throw new FileNotFoundException($"Recipe '{path}' not found (looked in the current folder and in {Path.Combine(AppContext.BaseDirectory, "recipes")}).");
    }
}
