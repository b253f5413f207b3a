using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Web;

/// <summary>
/// Commands run instead of the web server:
///   recipe apply FILE      apply a recipe (transactional, idempotent)
///   recipe export [FILE]   write the current configuration as a recipe (stdout without FILE)
///   backup FILE            SQLite online backup to FILE (PostgreSQL: use pg_dump, see README)
/// </summary>
public sealed class CommandLine
{
    private readonly string[] _args;
    private CommandLine(string[] args) => _args = args;

    public static CommandLine? Parse(string[] args) =>
        args.Length > 0 && args[0] is "recipe" or "backup" ? new CommandLine(args) : null;

    public async Task<int> RunAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        try
        {
            switch (_args)
            {
                case ["recipe", "apply", var file]:
                    var result = await sp.GetRequiredService<RecipeExecutor>().ApplyFileAsync(DatabaseSetup.ResolveRecipe(file));
                    Console.WriteLine($"Applied recipe '{result.Name}': {result.Steps} steps, {result.Changes} changes.");
                    return 0;
                case ["recipe", "export", ..]:
                    var recipe = await sp.GetRequiredService<RecipeExecutor>().ExportAsync("export");
                    var json = recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                    if (_args.Length > 2) await File.WriteAllTextAsync(_args[2], json);
                    else Console.WriteLine(json);
                    return 0;
                case ["backup", var target]:
                    var db = sp.GetRequiredService<SmeDbContext>();
                    if (!db.Database.IsSqlite())
                    {
                        Console.Error.WriteLine("backup copies a SQLite database; for PostgreSQL use pg_dump (see README).");
                        return 2;
                    }
                    await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
                    await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(target), Pooling = false }.ConnectionString))
                    {
                        source.Open();
                        destination.Open();
                        source.BackupDatabase(destination);
                    }
                    Console.WriteLine($"Backed up to {Path.GetFullPath(target)}.");
                    return 0;
                default:
                    Console.Error.WriteLine("usage: recipe apply FILE | recipe export [FILE] | backup FILE");
                    return 2;
            }
        }
        catch (RecipeException e)
        {
            Console.Error.WriteLine("Recipe not applied: " + e.Message);
            return 1;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
