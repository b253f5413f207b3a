using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory.Recipes;

/// <summary>
/// { "name": "size-standard", "standard": "…", "moneyUnit": "万元", "note": "…", "groups": [ { "name": "仓储业",
/// "industries": ["59"], "except": ["591"], "thresholds": { "employees": { "large": 200, "medium": 100, "small": 20 },
/// "revenue": { … } } } ] }. Replaces the size table (ENT-3); needs the industries loaded first (an earlier step).
/// </summary>
internal sealed class SizeStandardStep(SmeDbContext db, DirectoryCache cache, IAuditLog audit, TimeProvider clock) : IRecipeStep
{
    public string Name => "size-standard";
    public string? Feature => null;
    public int ExportOrder => 22;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var standard = SizeStandard.FromRecipe(ctx);
        // Read through this step's context: an industries step earlier in the same recipe is not committed yet.
        var industries = new CodeTree<Industry>(await db.Set<Industry>().AsNoTracking().ToListAsync(ct));
        if (industries.Count == 0) throw ctx.Error(ctx.Path, "no industries are loaded; put an \"industries\" step before this one");
        try
        {
            _ = new SizeClassifier(standard, industries);
        }
        catch (InvalidSizeStandardException e)
        {
            throw ctx.Error($"{ctx.Path}.{e.Path}", e.Reason);
        }
        if (await ReferenceData.TouchAsync(db, clock, ReferenceDataSet.SizeStandard, standard.Standard, standard.ToJson(), false, ct))
        {
            audit.Record("reference.load", nameof(ReferenceDataSet), ReferenceDataSet.SizeStandard, new { standard.Standard, groups = standard.Groups.Count });
            await db.SaveChangesAsync(ct);
            cache.Invalidate();
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var content = await db.Set<ReferenceDataSet>().AsNoTracking()
            .Where(d => d.Name == ReferenceDataSet.SizeStandard).Select(d => d.Content).FirstOrDefaultAsync(ct);
        return content is null ? null : SizeStandard.FromJson(content).ToJsonObject();
    }
}
