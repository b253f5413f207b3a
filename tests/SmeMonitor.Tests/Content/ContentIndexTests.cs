using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Content;

/// <summary>Field-index tables and ContentQuery, on a type that exists only in a recipe.</summary>
public class ContentIndexTests(ContentAppFixture apps) : IClassFixture<ContentAppFixture>
{
    /// <summary>补贴项目: a type no C# knows about; its fields are filtered and sorted through the index tables.</summary>
    private const string GrantRecipe = """
        { "name": "grants", "steps": [
          { "name": "content-definitions", "types": [ { "name": "Grant", "displayName": "补贴项目", "listable": true, "parts": [ { "name": "GrantPart", "fields": [
              { "name": "Code", "displayName": "项目编号", "kind": "text", "showInList": true },
              { "name": "Amount", "displayName": "补贴金额", "kind": "number", "showInList": true },
              { "name": "Deadline", "displayName": "申报截止", "kind": "date" },
              { "name": "Open", "displayName": "正在申报", "kind": "boolean" },
              { "name": "Regions", "displayName": "适用地区", "kind": "region-list" },
              { "name": "Body", "displayName": "说明", "kind": "markdown" } ] } ] } ] },
          { "name": "content", "items": [
              { "alias": "g-small", "type": "Grant", "title": "小额补贴", "fields": { "Code": "G-1", "Amount": 50, "Deadline": "2026-05-31" } },
              { "alias": "g-medium", "type": "Grant", "title": "中额补贴", "fields": { "Code": "G-2", "Amount": 150.5, "Deadline": "2026-06-30" } },
              { "alias": "g-large", "type": "Grant", "title": "大额补贴", "fields": { "Code": "G-3", "Amount": 1000, "Deadline": "2026-09-30" } },
              { "alias": "g-open", "type": "Grant", "title": "长期补贴", "fields": { "Code": "G-4", "Amount": 300 } },
              { "alias": "g-draft", "type": "Grant", "title": "未发布补贴", "published": false, "fields": { "Code": "G-5", "Amount": 5000, "Deadline": "2026-01-31" } }
          ] } ] }
        """;

    [Theory, Providers]
    public async Task ContentQuery_filters_and_sorts_by_a_recipe_defined_number_and_date_field(string provider)
    {
        var app = apps.Get(provider);
        await app.ApplyRecipeAsync(GrantRecipe);
        Assert.Equal(0, (await app.ApplyRecipeAsync(GrantRecipe)).Changes); // the content step is idempotent too

        await using var scope = app.Scope();
        var query = scope.ServiceProvider.GetRequiredService<ContentQuery>();
        async Task<List<string>> Titles(Func<ContentQueryBuilder, ContentQueryBuilder> build, ContentVersion version = ContentVersion.Published) =>
            (await build(await query.ForAsync("Grant", version)).ListAsync(0, 50)).Select(i => i.DisplayText).ToList();

        Assert.Equal(["大额补贴", "长期补贴", "中额补贴"], await Titles(q => q.Where("Amount", ContentOperator.GreaterThan, "100").OrderBy("Amount", descending: true)));
        Assert.Equal(["小额补贴", "中额补贴"], await Titles(q => q.Where("Deadline", ContentOperator.LessOrEqual, "2026-06-30").OrderBy("Deadline")));
        Assert.Equal(["中额补贴"], await Titles(q => q.Where("Amount:ge:150.5").Where("Deadline:lt:2026-07-01")));
        Assert.Equal(["G-3"], (await (await query.ForAsync("Grant")).Where("Code", ContentOperator.Equal, "G-3").ListAsync(0, 10))
            .Select(i => i.ReadFields()["Code"]!.GetValue<string>()).ToList());
        // Items without a deadline sort last whichever way the provider orders NULLs.
        Assert.Equal(["大额补贴", "中额补贴", "小额补贴", "长期补贴"], await Titles(q => q.OrderBy("Deadline", descending: true)));
        // The draft is among the latest versions, not the published ones.
        Assert.DoesNotContain("未发布补贴", await Titles(q => q.Where("Amount:gt:2000")));
        Assert.Equal(["未发布补贴"], await Titles(q => q.Where("Amount:gt:2000"), ContentVersion.Latest));

        // A published item's draft does not change what the published query finds, until it is published.
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
        var small = await (await query.ForAsync("Grant")).Where("Code:eq:G-1").FirstOrDefaultAsync();
        await manager.UpdateAsync(small!.ContentItemId, "小额补贴", ContentApps.Fields(("Code", "G-1"), ("Amount", "5000"), ("Deadline", "2026-05-31")), null);
        Assert.DoesNotContain("小额补贴", await Titles(q => q.Where("Amount:gt:2000")));
        Assert.Contains("小额补贴", await Titles(q => q.Where("Amount:gt:2000"), ContentVersion.Latest));
        await manager.PublishAsync(small.ContentItemId, null);
        Assert.Contains("小额补贴", await Titles(q => q.Where("Amount:gt:2000")));
    }

    [Theory, Providers]
    public async Task The_content_step_exports_items_by_alias_and_re_applying_the_export_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        await app.ApplyRecipeAsync(GrantRecipe);
        System.Text.Json.Nodes.JsonNode step;
        await using (var scope = app.Scope())
        {
            var export = await scope.ServiceProvider.GetRequiredService<SmeMonitor.Core.Recipes.RecipeExecutor>().ExportAsync("export");
            step = export["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "content")!;
        }
        var large = step["items"]!.AsArray().Single(i => i!["alias"]!.GetValue<string>() == "g-large")!;
        Assert.Equal("Grant", large["type"]!.GetValue<string>());
        Assert.Equal(1000m, large["fields"]!["Amount"]!.GetValue<decimal>());
        Assert.True(large["published"]!.GetValue<bool>());
        Assert.False(step["items"]!.AsArray().Single(i => i!["alias"]!.GetValue<string>() == "g-draft")!["published"]!.GetValue<bool>());

        var again = await app.ApplyRecipeAsync(new JsonObject { ["name"] = "re", ["steps"] = new JsonArray(step.DeepClone()) }.ToJsonString());
        Assert.Equal(0, again.Changes);
    }

    [Fact]
    public async Task Bad_filters_are_refused_with_a_message()
    {
        ContentApps.UseChinese();
        var app = apps.Get("sqlite");
        await app.ApplyRecipeAsync(GrantRecipe);
        await using var scope = app.Scope();
        var q = await scope.ServiceProvider.GetRequiredService<ContentQuery>().ForAsync("Grant");
        Assert.Contains("没有字段", Assert.Throws<ContentValidationException>(() => q.Where("Colour:eq:red")).Errors[0].Message);
        Assert.Contains("不是有效的数字", Assert.Throws<ContentValidationException>(() => q.Where("Amount:gt:lots")).Errors[0].Message);
        Assert.Contains("不支持运算符", Assert.Throws<ContentValidationException>(() => q.Where("Body:eq:x")).Errors[0].Message);
        Assert.Contains("无效", Assert.Throws<ContentValidationException>(() => q.Where("Amount>5")).Errors[0].Message);
    }

    [Theory, Providers]
    public async Task Saving_writes_index_rows_only_for_the_fields_that_changed_in_the_same_SaveChanges(string provider)
    {
        var app = apps.Get(provider);
        await app.ApplyRecipeAsync(GrantRecipe);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
        JsonObject Values(string amount, string deadline) => ContentApps.Fields(("Code", "IDX"), ("Amount", amount), ("Deadline", deadline),
            ("Open", true), ("Regions", new JsonArray("330000", "410000")));

        var item = await manager.CreateAsync(new NewContent("Grant", "索引", Values("10", "2026-01-01"), "000000", null));
        var id = item.ContentItemId;
        var before = await SnapshotAsync(db, id);
        Assert.Equal(6, before.Count); // Code, Amount, Open, Deadline, two regions; the Markdown field is not indexed

        // Change one field of the draft: the item row, one index row and the audit row — nothing else.
        var written = db.RowsSaved;
        await manager.UpdateAsync(id, "索引", Values("20", "2026-01-01"), null);
        Assert.Equal(3, db.RowsSaved - written);
        var after = await SnapshotAsync(db, id);
        Assert.Equal(before.Where(r => r.Field != "Amount"), after.Where(r => r.Field != "Amount"));
        Assert.Equal(("Amount", "20", true, false), after.Single(r => r.Field == "Amount") is var a ? (a.Field, a.Value, a.Latest, a.Published) : default);

        // Publish: every row now stands for both versions.
        await manager.PublishAsync(id, null);
        Assert.All(await SnapshotAsync(db, id), r => Assert.True(r.Latest && r.Published));

        // Edit the published item's deadline: a new draft version; only the deadline gets a second row.
        written = db.RowsSaved;
        await manager.UpdateAsync(id, "索引", Values("20", "2026-02-01"), null);
        // Old and new version rows; the old deadline row now stands for the published version only, and the new
        // deadline gets a row for the draft; the audit row.
        Assert.Equal(5, db.RowsSaved - written);
        var edited = await SnapshotAsync(db, id);
        Assert.Equal(7, edited.Count);
        Assert.All(edited.Where(r => r.Field != "Deadline"), r => Assert.True(r.Latest && r.Published));
        Assert.Contains(edited, r => r is { Field: "Deadline", Value: "2026-02-01", Latest: true, Published: false });
        Assert.Contains(edited, r => r is { Field: "Deadline", Value: "2026-01-01", Latest: false, Published: true });

        // Publishing it folds the two deadline rows back into one.
        await manager.PublishAsync(id, null);
        var republished = await SnapshotAsync(db, id);
        Assert.Equal(6, republished.Count);
        Assert.Contains(republished, r => r is { Field: "Deadline", Value: "2026-02-01", Latest: true, Published: true });

        // Deleting the item removes its index rows.
        await manager.UnpublishAsync(id, null);
        await manager.DeleteDraftAsync(id, null);
        Assert.Empty(await SnapshotAsync(db, id));
    }

    private sealed record IndexRow(long Id, string Field, string Value, bool Latest, bool Published);

    private static async Task<List<IndexRow>> SnapshotAsync(SmeDbContext db, string id)
    {
        var rows = new List<IndexRow>();
        rows.AddRange(await db.Set<ContentTextIndex>().AsNoTracking().Where(r => r.ContentItemId == id)
            .Select(r => new IndexRow(r.Id, r.FieldName, r.Value, r.Latest, r.Published)).ToListAsync());
        rows.AddRange((await db.Set<ContentNumberIndex>().AsNoTracking().Where(r => r.ContentItemId == id).ToListAsync())
            .Select(r => new IndexRow(r.Id, r.FieldName, r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Latest, r.Published)));
        rows.AddRange((await db.Set<ContentDateIndex>().AsNoTracking().Where(r => r.ContentItemId == id).ToListAsync())
            .Select(r => new IndexRow(r.Id, r.FieldName, r.Value.ToString("yyyy-MM-dd"), r.Latest, r.Published)));
        rows.AddRange(await db.Set<ContentRegionIndex>().AsNoTracking().Where(r => r.ContentItemId == id)
            .Select(r => new IndexRow(r.Id, r.FieldName, r.RegionCode, r.Latest, r.Published)).ToListAsync());
        return rows.OrderBy(r => r.Field).ThenBy(r => r.Id).ToList();
    }
}
