using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Settings;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

public class RecipeExecutorTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static async Task<RecipeResult> Apply(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    private static Task<string?> Setting(TestApp app, string key) =>
        app.WithDbAsync(db => db.Set<Setting>().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync());

    [Theory, Providers]
    public async Task Unknown_step_fails_with_step_number_name_and_path(string provider)
    {
        var app = apps.Get(provider);
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, """
            { "name": "t", "steps": [ { "name": "settings", "values": { "T.Unknown": 1 } }, { "name": "nope" } ] }
            """));
        Assert.StartsWith("step #2 (nope) at $.steps[1].name: unknown step 'nope'", e.Message);
        Assert.Null(await Setting(app, "T.Unknown")); // step 1 was rolled back
    }

    [Theory, Providers]
    public async Task Wrong_type_fails_with_the_json_path_and_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, """
            { "name": "t", "steps": [
              { "name": "settings", "values": { "T.WrongType": 1 } },
              { "name": "roles", "roles": [ { "name": "R1", "permissions": "Platform.ManageRecipes" } ] } ] }
            """));
        Assert.Equal("step #2 (roles) at $.steps[1].roles[0].permissions: must be an array, not a string", e.Message);
        Assert.Null(await Setting(app, "T.WrongType"));
    }

    [Theory, Providers]
    public async Task Missing_reference_fails(string provider)
    {
        var app = apps.Get(provider);
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, """
            { "name": "t", "steps": [ { "name": "roles", "roles": [ { "name": "R2", "permissions": ["No.Such.Permission"] } ] } ] }
            """));
        Assert.Equal("step #1 (roles) at $.steps[0].roles[0].permissions[0]: unknown permission 'No.Such.Permission'", e.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.Roles.CountAsync(r => r.Name == "R2")));
    }

    [Theory, Providers]
    public async Task Applying_twice_changes_nothing_the_second_time(string provider)
    {
        var app = apps.Get(provider);
        const string json = """
            { "name": "twice", "steps": [
              { "name": "settings", "values": { "T.Twice": { "a": [1, 2] } } },
              { "name": "roles", "roles": [ { "name": "Twice", "displayName": "两次", "permissions": ["Platform.ViewAuditLog"] } ] } ] }
            """;
        var first = await Apply(app, json);
        var second = await Apply(app, json);
        Assert.True(first.Changes > 0, $"first: {first}, second: {second}");
        Assert.Equal(0, second.Changes);
        Assert.Equal("""{"a":[1,2]}""", await Setting(app, "T.Twice"));
    }

    [Theory, Providers]
    public async Task Invalid_json_and_missing_steps_are_reported(string provider)
    {
        var app = apps.Get(provider);
        var bad = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, "{ \"name\": "));
        Assert.StartsWith("recipe at $", bad.Message);
        var noSteps = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, """{ "name": "x" }"""));
        Assert.Equal("recipe at $.steps: is required (an array)", noSteps.Message);
    }

    [Theory, Providers]
    public async Task The_shipped_recipes_apply_and_are_idempotent(string provider)
    {
        var app = apps.Get(provider);
        await using var scope = app.Scope();
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        foreach (var recipe in new[] { "national.recipe.json", "provinces/zhejiang.recipe.json", "provinces/henan.recipe.json" })
        {
            var path = Path.Combine(AppContext.BaseDirectory, "recipes", recipe);
            await executor.ApplyFileAsync(path);
            Assert.Equal(0, (await executor.ApplyFileAsync(path)).Changes);
        }
    }
}
