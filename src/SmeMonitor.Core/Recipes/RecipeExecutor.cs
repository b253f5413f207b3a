using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;

namespace SmeMonitor.Core.Recipes;

/// <summary>A recipe application that changed something (re-applying an unchanged recipe records nothing).</summary>
public class RecipeRun
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTimeOffset AppliedAt { get; set; }
    public int Changes { get; set; }
}

internal sealed class RecipeRunConfiguration : IEntityTypeConfiguration<RecipeRun>
{
    public void Configure(EntityTypeBuilder<RecipeRun> b) => b.Property(r => r.Name).HasMaxLength(200);
}

public sealed record RecipeResult(string Name, int Steps, int Changes);

/// <summary>
/// Applies a recipe: steps in order, each by the handler registered for its name, all in one
/// transaction. Any error rolls everything back and says which step, where in the JSON and why.
/// </summary>
public sealed class RecipeExecutor(SmeDbContext db, IEnumerable<IRecipeStep> handlers, IFeatureManager features,
    IAuditLog audit, TimeProvider clock, ILogger<RecipeExecutor> logger)
{
    private readonly Dictionary<string, IRecipeStep> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> StepNames => _handlers.Keys;

    public Task<RecipeResult> ApplyFileAsync(string path, CancellationToken ct = default) =>
        ApplyAsync(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)), ct);

    public async Task<RecipeResult> ApplyAsync(string json, string? baseDirectory, CancellationToken ct = default)
    {
        JsonObject recipe;
        try
        {
            recipe = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                     ?? throw new RecipeException(0, null, "$", "a recipe is a JSON object");
        }
        catch (JsonException e)
        {
            throw new RecipeException(0, null, $"$ (line {e.LineNumber + 1})", "not valid JSON: " + e.Message.Split(" Path:")[0]);
        }
        var name = recipe["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) && n.Length > 0
            ? n : throw new RecipeException(0, null, "$.name", "is required (a string)");
        if (recipe["steps"] is not JsonArray steps) throw new RecipeException(0, null, "$.steps", "is required (an array)");

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var savedBefore = db.RowsSaved;
            try
            {
                for (var i = 0; i < steps.Count; i++)
                {
                    var path = $"$.steps[{i}]";
                    if (steps[i] is not JsonObject step) throw new RecipeException(i + 1, null, path, "a step is a JSON object");
                    var stepName = step["name"] is JsonValue sv && sv.TryGetValue<string>(out var s) ? s
                        : throw new RecipeException(i + 1, null, path + ".name", "is required (a string)");
                    if (!_handlers.TryGetValue(stepName, out var handler))
                        throw new RecipeException(i + 1, stepName, path + ".name",
                            $"unknown step '{stepName}'; known steps: {string.Join(", ", _handlers.Keys.Order())}");
                    if (handler.Feature is not null && !await features.IsEnabledAsync(handler.Feature, ct))
                        throw new RecipeException(i + 1, stepName, path,
                            $"needs feature '{handler.Feature}', which is not enabled; enable it in an earlier 'feature' step");

                    await handler.ApplyAsync(new RecipeStepContext(step, i, stepName, baseDirectory), ct);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                var changes = db.RowsSaved - savedBefore;
                if (changes > 0)
                {
                    db.Add(new RecipeRun { Name = name, Sha256 = Sha256(json), AppliedAt = clock.GetUtcNow(), Changes = changes });
                    audit.Record("recipe.apply", "Recipe", name, new { changes });
                    await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
                logger.LogInformation("Recipe {Recipe} applied: {Steps} steps, {Changes} changes", name, steps.Count, changes);
                return new RecipeResult(name, steps.Count, changes);
            }
            catch (Exception e)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                features.Invalidate();
                if (e is RecipeException) throw;
                if (e is DbUpdateException du)
                    throw new RecipeException(0, null, "$", "the database refused the change: " + (du.InnerException?.Message ?? du.Message), e);
                throw;
            }
        });
    }

    /// <summary>The current configuration as a recipe, one step per handler that exports.</summary>
    public async Task<JsonObject> ExportAsync(string name, CancellationToken ct = default)
    {
        var steps = new JsonArray();
        foreach (var h in _handlers.Values.OrderBy(h => h.ExportOrder).ThenBy(h => h.Name, StringComparer.Ordinal))
        {
            var step = await h.ExportAsync(ct);
            if (step is null) continue;
            var ordered = new JsonObject { ["name"] = h.Name };
            foreach (var (k, v) in step.ToList())
            {
                if (k == "name") continue;
                step.Remove(k);
                ordered[k] = v;
            }
            steps.Add(ordered);
        }
        return new JsonObject { ["name"] = name, ["description"] = $"Exported {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC", ["steps"] = steps };
    }

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
