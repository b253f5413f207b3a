using System.Text.Json.Nodes;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Tests.Directory;

/// <summary>The shipped national data, read without a database, for unit tests of the pure services.</summary>
internal static class NationalData
{
    public static string RecipesFolder => Path.Combine(AppContext.BaseDirectory, "recipes");

    private static readonly Lazy<CodeTree<Industry>> LazyIndustries = new(() =>
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RecipesFolder, "data", "industries-gbt4754-2017.json")))!;
        var rows = new List<Industry>();
        foreach (var section in root["sections"]!.AsArray()) Walk(section!, null, 1, (string)section!["code"]!);
        return new CodeTree<Industry>(rows);

        void Walk(JsonNode node, string? parent, int level, string sectionCode)
        {
            var code = (string)node["code"]!;
            rows.Add(new Industry { Code = code, Name = (string)node["name"]!, ParentCode = parent, Level = level, Section = sectionCode });
            foreach (var child in node["children"]?.AsArray() ?? []) Walk(child!, code, level + 1, sectionCode);
        }
    });

    private static readonly Lazy<SizeStandard> LazyStandard = new(() =>
    {
        var recipe = JsonNode.Parse(File.ReadAllText(Path.Combine(RecipesFolder, "national.recipe.json")))!;
        var steps = recipe["steps"]!.AsArray();
        var index = steps.Select((s, i) => (s, i)).Single(x => (string)x.s!["name"]! == "size-standard").i;
        return SizeStandard.FromRecipe(new RecipeStepContext(steps[index]!.AsObject(), index, "size-standard", RecipesFolder));
    });

    public static CodeTree<Industry> Industries => LazyIndustries.Value;
    public static SizeStandard Standard => LazyStandard.Value;
    public static SizeClassifier Classifier { get; } = new(Standard, Industries);

    /// <summary>A size-standard step given as JSON text, as the step would see it at $.steps[0].</summary>
    public static RecipeStepContext Step(string json) => new(JsonNode.Parse(json)!.AsObject(), 0, "size-standard", null);
}
