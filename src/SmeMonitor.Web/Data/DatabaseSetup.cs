using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Internal;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Recipes;

namespace SmeMonitor.Web.Data;

public static class DatabaseSetup
{
    private static readonly SqliteConnectionTuning SqliteTuning = new();

    /// <summary>Database:Provider = Sqlite (default) or Postgres; ConnectionStrings:Default.</summary>
    public static void AddSmeMonitorDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot, ModuleCatalog catalog)
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
            var model = CompiledModelOnce<SqliteSmeDbContext>(catalog);
            services.AddDbContext<SmeDbContext, SqliteSmeDbContext>((sp, o) => UseModelAndSetInitializer(o.UseSqlite(csb.ConnectionString).AddInterceptors(SqliteTuning), model(sp)));
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Default is empty.");
            var model = CompiledModelOnce<PostgresSmeDbContext>(catalog);
            var prepared = PostgresConnectionString(connection);
            services.AddDbContext<SmeDbContext, PostgresSmeDbContext>((sp, o) => UseModelAndSetInitializer(o.UseNpgsql(prepared), model(sp)));
        }
        else throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
    }

    /// <summary>
    /// The connection string the app uses for PostgreSQL: the configured one with automatic preparation on and without the
    /// session reset on every return to the pool.
    /// <list type="bullet">
    /// <item>Max Auto Prepare = 64: EF sends the same SQL text for every run of a query, so PostgreSQL parses and plans it
    /// once per connection instead of on every round trip.</item>
    /// <item>No Reset On Close: outside a transaction EF opens and closes the connection around every query, and each
    /// reopening made the server run RESET ALL, DISCARD and the like before the query. The app keeps no session state
    /// (no SET, temporary table, advisory lock or LISTEN), so there is nothing to reset.</item>
    /// </list>
    /// Either keyword in the configured string wins (Max Auto Prepare=0 turns preparation off, e.g. behind a pooler in
    /// transaction mode).
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = configured };
        var used = new NpgsqlConnectionStringBuilder(configured);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) used.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) used.NoResetOnClose = true;
        return used.ConnectionString;
    }

    /// <summary>
    /// The compiled model (<see cref="CompiledModels"/>), decided once per host; null: build the model. Loading it and
    /// fingerprinting the modules' entities (reflection over every type of every module) start on another thread now,
    /// while the host is built, instead of on the start's path when the first context is configured.
    /// </summary>
    private static Func<IServiceProvider, IModel?> CompiledModelOnce<TContext>(ModuleCatalog catalog) where TContext : SmeDbContext
    {
        // Its own thread: the first context waits for it, possibly on a thread-pool thread.
        var inspection = Task.Factory.StartNew(() => CompiledModels.Inspect<TContext>(catalog), TaskCreationOptions.LongRunning);
        var gate = new object();
        var decided = false;
        IModel? model = null;
        return services =>
        {
            lock (gate)
            {
                if (decided) return model;
                (model, var problem) = inspection.GetAwaiter().GetResult();
                problem?.Invoke(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CompiledModels)));
                decided = true;
                return model;
            }
        };
    }

    private static void UseModelAndSetInitializer(DbContextOptionsBuilder options, IModel? model)
    {
        if (model is not null) options.UseModel(model);
#pragma warning disable EF1001 // see DbSetPropertyInitializer
        options.ReplaceService<IDbSetInitializer, DbSetPropertyInitializer>();
#pragma warning restore EF1001
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
        // The relational model (tables and columns of every entity) is built on the first LINQ query: here, on the check's
        // thread while the server starts, and once. Recipes, the warm-up and the first requests query after the check; a
        // query that asked for the model while another thread was building it would build a second one beside it.
        db.Model.GetRelationalModel();
        // Migrate only when a migration is pending. MigrateAsync also compares the model with the last
        // migration's snapshot, which means building the design-time model: most of a start's database work.
        if (await HasPendingMigrationsAsync(db))
        {
            // On a new PostgreSQL database Npgsql's migrator reads the history table before creating it and logs that read
            // as a failed command (npgsql/efcore.pg#3407): with the table made first, a first start logs no error.
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
            await db.Database.MigrateAsync();
        }

        var recipes = configuration.GetSection("Setup:Recipes").Get<string[]>() ?? [];
        if (recipes.Length == 0 || await AnyRecipeAppliedAsync(db)) return;
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        foreach (var recipe in recipes)
        {
            var path = ResolveRecipe(recipe);
            logger.LogInformation("First start: applying recipe {Recipe}", path);
            await executor.ApplyFileAsync(path);
        }
    }

    /// <summary>
    /// Whether a migration of this assembly is not in the history table yet (or there is no history table).
    /// The same answer as GetPendingMigrationsAsync, read with one plain query: EF's history repository first
    /// builds a model of its table with the whole convention set, which a start on the compiled model
    /// otherwise never loads (a sixth of a cold start).
    /// </summary>
    private static async Task<bool> HasPendingMigrationsAsync(DbContext db)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryRepository.DefaultTableName}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) applied.Add(reader.GetString(0));
        }
        catch (DbException)
        {
            return true; // a new database: no history table yet
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return known.Any(id => !applied.Contains(id));
    }

    /// <summary>
    /// Whether any recipe was applied: one plain query, for the same reason as <see cref="HasPendingMigrationsAsync"/>.
    /// As a LINQ query it was the start's only one, compiled through EF's whole query pipeline on every start.
    /// </summary>
    private static async Task<bool> AnyRecipeAppliedAsync(DbContext db)
    {
        var table = db.Model.FindEntityType(typeof(RecipeRun))!.GetTableName();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT 1 FROM \"{table}\" LIMIT 1";
            return await command.ExecuteScalarAsync() is not null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
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
