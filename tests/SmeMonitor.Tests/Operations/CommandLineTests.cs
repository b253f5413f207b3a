using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Settings;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Tests.Operations;

/// <summary>The host's commands, run as an operator would: `dotnet SmeMonitor.Web.dll recipe|backup …`.</summary>
public class CommandLineTests(AppFixture apps) : IClassFixture<AppFixture>, IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("smemonitor-cli-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static Task<string?> Setting(TestApp app, string key) =>
        app.WithDbAsync(db => db.Set<Setting>().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync());

    [Theory, Providers]
    public async Task Recipe_apply_applies_the_file_and_a_second_run_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var file = Write("cli.recipe.json", """{ "name": "cli", "steps": [ { "name": "settings", "values": { "Cli.Applied": "yes" } } ] }""");

        var first = await WebCli.RunAsync(app, "recipe", "apply", file);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("Applied recipe 'cli': 1 steps, 1 changes.", first.Output.Trim());
        Assert.Equal("\"yes\"", await Setting(app, "Cli.Applied"));

        var second = await WebCli.RunAsync(app, "recipe", "apply", file);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("Applied recipe 'cli': 1 steps, 0 changes.", second.Output.Trim());
    }

    [Theory, Providers]
    public async Task Recipe_apply_of_a_bad_recipe_names_step_and_path_exits_1_and_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var file = Write("bad.recipe.json", """
            { "name": "bad", "steps": [
              { "name": "settings", "values": { "Cli.Bad": 1 } },
              { "name": "roles", "roles": [ { "name": "CliRole", "permissions": "Platform.ManageRecipes" } ] } ] }
            """);

        var result = await WebCli.RunAsync(app, "recipe", "apply", file);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Output);
        Assert.Contains("Recipe not applied: step #2 (roles) at $.steps[1].roles[0].permissions: must be an array, not a string", result.Error);
        Assert.Null(await Setting(app, "Cli.Bad"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Roles.CountAsync(r => r.Name == "CliRole")));
    }

    [Theory, Providers]
    public async Task Recipe_export_prints_a_recipe_that_applies_without_changes(string provider)
    {
        var app = apps.Get(provider);

        var printed = await WebCli.RunAsync(app, "recipe", "export");
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var recipe = JsonNode.Parse(printed.Output)!; // stdout holds the recipe alone, logs go to stderr
        Assert.Contains("SmeMonitor.Notices", recipe["steps"]!.ToJsonString());

        var file = Path.Combine(_folder, "export.recipe.json");
        var written = await WebCli.RunAsync(app, "recipe", "export", file);
        Assert.True(written.ExitCode == 0, written.ToString());
        // The same recipe but for its description, which says when it was exported.
        var fromFile = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.StartsWith("Exported ", (string?)fromFile["description"]);
        Assert.Equal(recipe["steps"]!.ToJsonString(), fromFile["steps"]!.ToJsonString());

        var reapplied = await WebCli.RunAsync(app, "recipe", "apply", file);
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.EndsWith(", 0 changes.", reapplied.Output.Trim());
    }

    [Theory, Providers]
    public async Task Backup_writes_a_sqlite_copy_that_holds_the_data(string provider)
    {
        var app = apps.Get(provider);
        var target = Path.Combine(_folder, "backup.db");
        var result = await WebCli.RunAsync(app, "backup", target);
        if (provider == "postgres")
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("pg_dump", result.Error);
            Assert.False(File.Exists(target));
            return;
        }
        // Written after the app started, so only a copy taken from the live database holds it.
        await app.CreateUserAsync("backup_user");
        result = await WebCli.RunAsync(app, "backup", target);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Backed up to {target}.", result.Output.Trim());

        // Open the copy as the app would and read it back.
        var options = new DbContextOptionsBuilder<SqliteSmeDbContext>().UseSqlite($"Data Source={target};Mode=ReadOnly;Pooling=False").Options;
        await using var copy = new SqliteSmeDbContext(options, ModuleCatalog.FromApplicationFolder());
        Assert.Equal(1, await copy.Users.CountAsync(u => u.UserName == "backup_user"));
        Assert.NotEqual(0, await copy.Set<RecipeRun>().CountAsync());
        var name = await copy.Set<Setting>().Where(x => x.Key == "Platform.Name").Select(x => x.Value).SingleAsync();
        Assert.Equal("中小企业运行监测平台", JsonNode.Parse(name)!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_command_and_missing_recipe_file_fail_with_a_message()
    {
        var app = apps.Get("sqlite");
        var usage = await WebCli.RunAsync(app, "recipe", "frobnicate");
        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.Contains("usage: recipe apply FILE | recipe export [FILE] | backup FILE", usage.Error);

        var missing = await WebCli.RunAsync(app, "recipe", "apply", Path.Combine(_folder, "nope.recipe.json"));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("Recipe '" + Path.Combine(_folder, "nope.recipe.json") + "' not found", missing.Error);
    }
}
