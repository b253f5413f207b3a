using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Content;

public class ContentDefinitionsTests(ContentAppFixture apps) : IClassFixture<ContentAppFixture>
{
    private static string Recipe(string types) => $$"""{ "name": "t", "steps": [ { "name": "content-definitions", "types": [ {{types}} ] } ] }""";

    private const string Policy = """
        { "name": "PolicyGuide", "displayName": "政策解读", "listable": true, "parts": [ { "name": "PolicyPart", "fields": [
            { "name": "Body", "displayName": "正文", "kind": "markdown", "required": true },
            { "name": "Amount", "displayName": "补贴金额", "kind": "number", "min": 0, "showInList": true } ] } ] }
        """;

    [Theory]
    [InlineData("""{ "name": "X1", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "text" }, { "name": "B", "displayName": "b", "kind": "colour" } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[1].kind", "unknown field kind 'colour'")]
    [InlineData("""{ "name": "X2", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "number", "maxLength": 5 } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[0].maxLength", "最大长度只适用于文本和 Markdown 字段")]
    [InlineData("""{ "name": "X3", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "region-list", "audience": true }, { "name": "B", "displayName": "b", "kind": "region-list", "audience": true } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[1].audience", "只能有一个目标地区字段")]
    [InlineData("""{ "name": "X4", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "text", "maxLen": 5 } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[0].maxLen", "unknown property 'maxLen'")]
    [InlineData("""{ "name": "X5", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "text" } ] }, { "name": "Q", "fields": [ { "name": "A", "displayName": "a2", "kind": "date" } ] } ] }""",
        "$.steps[0].types[0].parts[1].fields[0].name", "重复")]
    [InlineData("""{ "name": "bad name", "displayName": "x" }""", "$.steps[0].types[0].name", "类型代码")]
    [InlineData("""{ "name": "X6", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "number", "required": "yes" } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[0].required", "must be true or false")]
    [InlineData("""{ "name": "X7", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "PublishedAt", "displayName": "a", "kind": "date" } ] } ] }""",
        "$.steps[0].types[0].parts[0].fields[0].name", "保留名称")]
    public async Task Bad_definitions_fail_with_the_json_path_and_change_nothing(string type, string path, string reason)
    {
        ContentApps.UseChinese();
        var app = apps.Get("sqlite");
        var before = await SerialAsync(app);
        var e = await Assert.ThrowsAsync<RecipeException>(() => app.ApplyRecipeAsync(Recipe(type)));
        Assert.Equal(path, e.Path);
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith("step #1 (content-definitions) at " + path, e.Message);
        Assert.Equal(before, await SerialAsync(app));
    }

    [Theory, Providers]
    public async Task Applying_the_same_definitions_twice_changes_nothing_and_a_change_bumps_the_serial(string provider)
    {
        var app = apps.Get(provider);
        var first = await app.ApplyRecipeAsync(Recipe(Policy));
        Assert.True(first.Changes > 0);
        var serial = await SerialAsync(app);

        var again = await app.ApplyRecipeAsync(Recipe(Policy));
        Assert.Equal(0, again.Changes);
        Assert.Equal(serial, await SerialAsync(app));

        await app.ApplyRecipeAsync(Recipe(Policy.Replace("补贴金额", "补助金额")));
        Assert.Equal(serial + 1, await SerialAsync(app));
        var type = await TypeAsync(app, "PolicyGuide");
        Assert.Equal("补助金额", type!.FindField("Amount")!.DisplayName);
        Assert.Equal(ContentFieldKind.Number, type.FindField("Amount")!.Kind);
        Assert.Equal(0m, type.FindField("Amount")!.Min);
    }

    [Theory, Providers]
    public async Task Export_writes_the_definitions_back_and_re_applying_the_export_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        await using var scope = app.Scope();
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        var export = await executor.ExportAsync("export");
        var step = export["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "content-definitions")!;
        var notice = step["types"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "Notice")!;
        Assert.Equal("通知公告", notice["displayName"]!.GetValue<string>());
        Assert.Contains(notice["parts"]![0]!["fields"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "region-list" && f["audience"]!.GetValue<bool>());
        Assert.Null(notice["revision"]);

        var result = await app.ApplyRecipeAsync(new System.Text.Json.Nodes.JsonObject { ["name"] = "re", ["steps"] = new System.Text.Json.Nodes.JsonArray(step.DeepClone()) }.ToJsonString());
        Assert.Equal(0, result.Changes);
    }

    [Fact]
    public async Task Another_node_changing_the_definitions_is_seen_because_the_serial_changed()
    {
        var app = apps.Get("sqlite");
        Assert.Equal("通知公告", (await TypeAsync(app, "Notice"))!.DisplayName); // fills this node's cache

        // Another web node saves a new document: simulated by writing the row behind the cache's back.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
            var doc = await db.Set<ContentDefinitionDocument>().SingleAsync();
            doc.Json = doc.Json.Replace("\"通知公告\"", "\"通知\"");
            await db.SaveChangesAsync();
        }
        Assert.Equal("通知", (await TypeAsync(app, "Notice"))!.DisplayName);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
            var doc = await db.Set<ContentDefinitionDocument>().SingleAsync();
            doc.Json = doc.Json.Replace("\"通知\"", "\"通知公告\"");
            await db.SaveChangesAsync();
        }
        Assert.Equal("通知公告", (await TypeAsync(app, "Notice"))!.DisplayName);
    }

    [Fact]
    public async Task A_type_with_items_keeps_its_field_kinds()
    {
        ContentApps.UseChinese();
        var app = apps.Get("sqlite");
        await app.ApplyRecipeAsync(Recipe(Policy.Replace("PolicyGuide", "KindLock")));
        await using var scope = app.Scope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<ContentManager>().CreateAsync(new NewContent("KindLock", "t", ContentApps.Fields(("Body", "b"), ("Amount", "3")), "000000", null));
        var e = await Assert.ThrowsAsync<RecipeException>(() => app.ApplyRecipeAsync(Recipe(Policy.Replace("PolicyGuide", "KindLock").Replace("\"number\", \"min\": 0", "\"text\""))));
        Assert.Contains("不能修改字段类型", e.Reason);
    }

    private static Task<int> SerialAsync(TestApp app) => app.WithDbAsync(db =>
        db.Set<ContentDefinitionDocument>().Select(d => d.Version).SingleAsync());

    private static async Task<ContentTypeDefinition?> TypeAsync(TestApp app, string name)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ContentDefinitionManager>().GetTypeAsync(name);
    }
}
