using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Api;
using SmeMonitor.Directory.Models;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Directory;

public class DirectoryRecipeTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static async Task<RecipeResult> Apply(TestApp app, string json, string? folder = null)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, folder);
    }

    [Theory, Providers]
    public async Task The_national_recipe_loads_every_region_and_industry(string provider)
    {
        var app = apps.Get(provider);
        var regions = await app.WithDbAsync(db => db.Set<Region>().GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal([(1, 31), (2, 342), (3, 2850)], regions.OrderBy(r => r.Key).Select(r => (r.Key, r.Count)));
        var industries = await app.WithDbAsync(db => db.Set<Industry>().GroupBy(i => i.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal([(1, 20), (2, 97), (3, 473), (4, 1381)], industries.OrderBy(i => i.Key).Select(i => (i.Key, i.Count)));

        var county = await app.WithDbAsync(db => db.Set<Region>().SingleAsync(r => r.Code == "330102"));
        Assert.Equal(("330100", 3, "浙江省/杭州市/上城区"), (county.ParentCode, county.Level, county.Path));
        var industry = await app.WithDbAsync(db => db.Set<Industry>().SingleAsync(i => i.Code == "3611"));
        Assert.Equal(("361", 4, "C"), (industry.ParentCode, industry.Level, industry.Section));
        var sets = await app.WithDbAsync(db => db.Set<ReferenceDataSet>().OrderBy(d => d.Name).ToListAsync());
        Assert.Equal(["industries", "regions", "size-standard"], sets.Select(s => s.Name));
        Assert.Equal("GB/T 4754-2017", sets[0].Standard);
    }

    [Theory, Providers]
    public async Task Applying_the_national_recipe_again_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        await using var scope = app.Scope();
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        var result = await executor.ApplyFileAsync(Path.Combine(NationalData.RecipesFolder, "national.recipe.json"));
        Assert.Equal(0, result.Changes);
    }

    [Theory, Providers]
    public async Task The_export_applies_back_without_changes(string provider)
    {
        var app = apps.Get(provider);
        JsonObject exported;
        await using (var scope = app.Scope())
            exported = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExportAsync("export");
        var steps = exported["steps"]!.AsArray().Where(s => (string)s!["name"]! is "regions" or "industries" or "size-standard").ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal(31, steps[0]!["provinces"]!.AsArray().Count);
        Assert.Equal("万元", (string)steps[2]!["moneyUnit"]!);
        var recipe = new JsonObject { ["name"] = "export", ["steps"] = new JsonArray(steps.Select(s => s!.DeepClone()).ToArray()) };
        Assert.Equal(0, (await Apply(app, recipe.ToJsonString())).Changes);
    }

    public static readonly TheoryData<string, string> BadSteps = new()
    {
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": "测试省", "children": [ { "code": "980100", "name": "测试市" } ] } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].children[0].code: 980100 does not start with its province's 99"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990100", "name": "测试省" } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].code: 990100 is not a province code (xx0000)"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": "测试省", "children": [ { "code": "990100", "name": "测试市", "children": [ { "code": "990200", "name": "县" } ] } ] } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].children[0].children[0].code: 990200 is not a county code (it ends in 00)"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": "测试省", "children": [ { "code": "990100", "name": "测试市", "children": [ { "code": "990201", "name": "县" } ] } ] } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].children[0].children[0].code: 990201 does not start with its prefecture's 9901"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": "测试省", "children": [ { "code": "990100", "name": "市", "children": [ { "code": "990101", "name": "区", "children": [] } ] } ] } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].children[0].children[0].children: level 3 is the lowest; it has no children"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "99000", "name": "测试省" } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].code: '99000' is not a 6-digit region code"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": "测试省" }, { "code": "990000", "name": "又一个" } ] }""",
            "step #1 (regions) at $.steps[0].provinces[1].code: code 990000 is already used at $.steps[0].provinces[0]"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": "990000", "name": " " } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].name: must be 1 to 64 characters"
        },
        {
            """{ "name": "regions", "provinces": [ { "code": 990000, "name": "测试省" } ] }""",
            "step #1 (regions) at $.steps[0].provinces[0].code: must be a string, not a number"
        },
        {
            """{ "name": "regions" }""",
            "step #1 (regions) at $.steps[0]: needs \"file\" (a data file beside the recipe) or \"provinces\""
        },
        {
            """{ "name": "regions", "file": "data/regions-gbt2260.json", "provinces": [] }""",
            "step #1 (regions) at $.steps[0]: give either \"file\" or \"provinces\", not both"
        },
        {
            """{ "name": "regions", "file": "data/none.json" }""",
            "step #1 (regions) at $.steps[0].file: file 'data/none.json' not found"
        },
        {
            """{ "name": "industries", "sections": [ { "code": "c", "name": "制造业" } ] }""",
            "step #1 (industries) at $.steps[0].sections[0].code: 'c' is not a 门类 code (one capital letter)"
        },
        {
            """{ "name": "industries", "sections": [ { "code": "C", "name": "制造业", "children": [ { "code": "36", "name": "汽车", "children": [ { "code": "371", "name": "x" } ] } ] } ] }""",
            "step #1 (industries) at $.steps[0].sections[0].children[0].children[0].code: 371 does not start with its parent's 36"
        },
        {
            """{ "name": "industries", "sections": [ { "code": "C", "name": "制造业", "children": [ { "code": "361", "name": "汽车" } ] } ] }""",
            "step #1 (industries) at $.steps[0].sections[0].children[0].code: '361' is not a 大类 code (2 digits)"
        },
        {
            """{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A", "ZZ"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } } ] }""",
            "step #1 (size-standard) at $.steps[0].groups[0].industries[1]: 'ZZ' is not an industry code (a 门类 letter, or 2 to 4 digits)"
        },
        {
            """{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "甲", "industries": ["59"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } }, { "name": "乙", "industries": ["5910"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } } ] }""",
            "step #1 (size-standard) at $.steps[0].groups[1].industries: industry 5910 is also covered by group '甲'; groups must not overlap"
        },
    };

    /// <summary>The error names the step and the path in the JSON, and nothing is kept.</summary>
    [Theory, Providers]
    public async Task Bad_data_fails_with_the_exact_path_and_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var before = await app.WithDbAsync(db => db.Set<Region>().CountAsync());
        foreach (var (step, message) in BadSteps.Select(row => ((string)row[0], (string)row[1])))
        {
            var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, $$"""{ "name": "bad", "steps": [ {{step}} ] }""", NationalData.RecipesFolder));
            Assert.Equal(message, e.Message);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Region>().CountAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<Region>().AnyAsync(r => r.Code.StartsWith("99"))));
    }

    [Theory, Providers]
    public async Task Errors_inside_a_data_file_name_the_file_and_path(string provider)
    {
        var app = apps.Get(provider);
        var folder = Path.Combine(Path.GetTempPath(), "smemonitor-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(folder, "data"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "data", "r.json"),
                """{ "provinces": [ { "code": "110000", "name": "北京市", "children": [ { "code": "120100", "name": "市辖区" } ] } ] }""");
            var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, """
                { "name": "f", "steps": [ { "name": "settings", "values": { "T.File": 1 } }, { "name": "regions", "file": "data/r.json" } ] }
                """, folder));
            Assert.Equal("step #2 (regions) at data/r.json:$.provinces[0].children[0].code: 120100 does not start with its province's 11", e.Message);
        }
        finally
        {
            System.IO.Directory.Delete(folder, true);
        }
    }
}

/// <summary>Recipes that add and rename regions and industries, on an app of their own.</summary>
public class DirectoryRecipeChangeTests
{
    [Theory, Providers]
    public async Task Inline_data_is_upserted_audited_and_served_at_once(string provider)
    {
        await using var app = new TestApp(provider);
        var client = app.CreateClient();
        await using var scope = app.Scope();
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        const string add = """
            { "name": "add", "steps": [
              { "name": "regions", "standard": "测试", "provinces": [ { "code": "330000", "name": "浙江省", "children": [
                { "code": "330100", "name": "杭州市", "children": [ { "code": "330199", "name": "测试区" } ] } ] } ] },
              { "name": "industries", "sections": [ { "code": "C", "name": "制造业", "children": [ { "code": "36", "name": "汽车制造业",
                "children": [ { "code": "369", "name": "测试中类", "children": [ { "code": "3699", "name": "测试小类" } ] } ] } ] } ] } ] }
            """;
        var first = await executor.ApplyAsync(add, null);
        Assert.True(first.Changes > 0);
        Assert.Equal(0, (await executor.ApplyAsync(add, null)).Changes);

        // Served without restart: the steps invalidate the in-memory directory.
        var children = await client.GetFromJsonAsync<RegionItem[]>("/api/v1/regions?parent=330100");
        Assert.Contains(children!, r => r.Code == "330199" && r.Name == "测试区" && !r.HasChildren);
        var industry = await client.GetFromJsonAsync<IndustryDetail>("/api/v1/industries/3699");
        Assert.Equal(["C", "36", "369", "3699"], industry!.Path.Select(p => p.Code));
        // Regions not in the recipe are kept.
        Assert.Equal(2850 + 1, await app.WithDbAsync(db => db.Set<Region>().CountAsync(r => r.Level == 3)));

        await executor.ApplyAsync(add.Replace("测试区", "改名区"), null);
        var renamed = await app.WithDbAsync(db => db.Set<Region>().SingleAsync(r => r.Code == "330199"));
        Assert.Equal("浙江省/杭州市/改名区", renamed.Path);
        Assert.Equal("改名区", (await client.GetFromJsonAsync<RegionDetail>("/api/v1/regions/330199"))!.Name);

        var audits = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.Action == "reference.load" && a.EntityId == "regions").ToListAsync());
        Assert.Contains(audits, a => a.Details!.Contains("\"added\":1"));
        Assert.Contains(audits, a => a.Details!.Contains("\"updated\":1"));
    }

    [Theory, Providers]
    public async Task A_new_size_standard_replaces_the_old_one(string provider)
    {
        await using var app = new TestApp(provider);
        var client = app.CreateClient();
        await using var scope = app.Scope();
        var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        await executor.ApplyAsync("""
            { "name": "s", "steps": [ { "name": "size-standard", "standard": "测试标准", "moneyUnit": "千元", "groups": [
              { "name": "制造", "industries": ["C"], "thresholds": { "employees": { "large": 30, "medium": 20, "small": 10 } } } ] } ] }
            """, null);
        var response = await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "3611", employees = 25 });
        var body = await response.Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal(("Medium", "制造"), (body!.Size, body.Group));
        // 工业 B is no longer covered.
        response = await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "0610", employees = 25 });
        Assert.Equal("NotCovered", (await response.Content.ReadFromJsonAsync<SizeClassificationResponse>())!.Outcome);
    }
}
