using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// Databases for test apps. Migrating and applying the national recipe (thousands of regions and
/// industries) for every test app would dominate the run, so the first app of a kind (provider +
/// recipes) starts on an empty database that then serves as a template: every later app gets a copy
/// (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL). The app still runs its start-up
/// as usual: the migrations check finds nothing pending and first-start setup sees the recipes applied.
/// </summary>
public static class TestDatabases
{
    private static readonly string SqliteFolder = Path.Combine(Path.GetTempPath(), "smemonitor-tests");
    private static readonly ConcurrentDictionary<string, Lazy<string>> Templates = new();
    private static readonly ConcurrentBag<Action> AtExit = [];

    static TestDatabases()
    {
        System.IO.Directory.CreateDirectory(SqliteFolder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var drop in AtExit)
            {
                try { drop(); }
                catch (Exception e) when (e is IOException or NpgsqlException) { /* the run is over; CI drops leftovers */ }
            }
        };
    }

    /// <summary>A fresh database, already set up with the recipes (and "Setup:" settings) given.</summary>
    public static TestDatabase Create(string provider, string[] recipes, IReadOnlyDictionary<string, string?> settings)
    {
        var setup = settings.Where(s => s.Key.StartsWith("Setup:", StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Key).ToList();
        var key = string.Join("|", [provider, .. recipes, .. setup.Select(s => $"{s.Key}={s.Value}")]);
        var template = Templates.GetOrAdd(key, _ => new Lazy<string>(() => BuildTemplate(provider, recipes, settings))).Value;
        return provider == "postgres" ? PostgresCopy(template) : SqliteCopy(template);
    }

    /// <summary>An empty database (nothing migrated).</summary>
    public static TestDatabase CreateEmpty(string provider) => provider == "postgres" ? PostgresCopy(null) : SqliteCopy(null);

    private static string BuildTemplate(string provider, string[] recipes, IReadOnlyDictionary<string, string?> settings)
    {
        var database = CreateEmpty(provider);
        using (var app = new TestApp(provider, recipes, new Dictionary<string, string?>(settings), database, ownsDatabase: false))
            _ = app.Server; // migrate and apply the recipes
        if (provider == "postgres")
        {
            // CREATE DATABASE … TEMPLATE needs it unused: the app's pool is keyed by the string it uses.
            using var probe = new NpgsqlConnection(DatabaseSetup.PostgresConnectionString(database.ConnectionString));
            NpgsqlConnection.ClearPool(probe);
            AtExit.Add(() => DropPostgres(database.Name));
        }
        else
        {
            // Closing the pooled connections checkpoints the WAL into the file, which is then complete.
            using var probe = new SqliteConnection(database.ConnectionString);
            SqliteConnection.ClearPool(probe);
            AtExit.Add(() => DeleteSqlite(database.Name));
        }
        return database.Name;
    }

    private static TestDatabase SqliteCopy(string? templateFile)
    {
        var file = Path.Combine(SqliteFolder, Guid.NewGuid().ToString("N") + ".db");
        if (templateFile is not null) File.Copy(templateFile, file);
        return new TestDatabase("sqlite", file, $"Data Source={file}");
    }

    private static TestDatabase PostgresCopy(string? template)
    {
        var admin = Providers.PostgresConnectionString
                    ?? throw new InvalidOperationException($"Set {Providers.PostgresVariable} to run the PostgreSQL tests.");
        var name = (template is null ? "sme_tpl_" : "sme_test_") + Guid.NewGuid().ToString("N")[..12];
        using (var conn = new NpgsqlConnection(admin))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
            cmd.ExecuteNonQuery();
        }
        return new TestDatabase("postgres", name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>Drops the database or deletes the file, closing the pooled connections to it first.</summary>
    public static async Task DeleteAsync(TestDatabase database)
    {
        if (database.Provider == "postgres")
        {
            await using (var conn = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(conn);
            await using (var conn = new NpgsqlConnection(DatabaseSetup.PostgresConnectionString(database.ConnectionString))) NpgsqlConnection.ClearPool(conn);
            DropPostgres(database.Name);
        }
        else
        {
            await using (var conn = new SqliteConnection(database.ConnectionString)) SqliteConnection.ClearPool(conn);
            DeleteSqlite(database.Name);
        }
    }

    private static void DropPostgres(string name)
    {
        using var conn = new NpgsqlConnection(Providers.PostgresConnectionString);
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        cmd.ExecuteNonQuery();
    }

    private static void DeleteSqlite(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(path)) File.Delete(path);
    }
}

/// <summary>A test database: Name is the SQLite file or the PostgreSQL database name.</summary>
public sealed record TestDatabase(string Provider, string Name, string ConnectionString);
