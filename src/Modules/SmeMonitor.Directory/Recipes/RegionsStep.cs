using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory.Recipes;

/// <summary>
/// { "name": "regions", "file": "data/regions-gbt2260.json" } or { "name": "regions", "provinces": [ { "code": "330000",
/// "name": "浙江省", "children": [ { "code": "330100", "name": "杭州市", "children": [ ... ] } ] } ] }.
/// GB/T 2260 divisions: province (xx0000) → prefecture (xxxx00) → county; upserted by code, never deleted.
/// </summary>
internal sealed class RegionsStep(SmeDbContext db, DirectoryCache cache, IAuditLog audit, TimeProvider clock) : IRecipeStep
{
    public string Name => "regions";
    public string? Feature => null;
    public int ExportOrder => 20;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var (items, path, standard) = ReferenceData.ReadSource(ctx, "provinces");
        var rows = ReferenceData.Flatten(ctx, items, path, "provinces", maxLevel: 3, maxName: 64, CheckCode);
        var regions = rows.Select(r => new Region
        {
            Code = r.Code, Name = r.Name, ParentCode = r.ParentCode, Level = r.Level,
            Path = r.Parent is null ? r.Name : r.Parent.Parent is null ? $"{r.Parent.Name}/{r.Name}" : $"{r.Parent.Parent.Name}/{r.Parent.Name}/{r.Name}",
        });
        var (added, updated) = await ReferenceData.UpsertAsync(db, regions, r => r.Code, (from, to) =>
        {
            if (to.Name == from.Name && to.ParentCode == from.ParentCode && to.Level == from.Level && to.Path == from.Path) return false;
            (to.Name, to.ParentCode, to.Level, to.Path) = (from.Name, from.ParentCode, from.Level, from.Path);
            return true;
        }, ct);
        if (await ReferenceData.TouchAsync(db, clock, ReferenceDataSet.Regions, standard, null, added + updated > 0, ct))
            audit.Record("reference.load", nameof(ReferenceDataSet), ReferenceDataSet.Regions, new { added, updated, standard });
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    /// <summary>What is wrong with a code at its place in the tree (GB/T 2260 code structure), or null.</summary>
    internal static string? CheckCode(int level, string code, CodeRow? parent)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return $"'{code}' is not a 6-digit region code";
        return level switch
        {
            1 when !code.EndsWith("0000", StringComparison.Ordinal) => $"{code} is not a province code (xx0000)",
            2 when !code.EndsWith("00", StringComparison.Ordinal) || code.EndsWith("0000", StringComparison.Ordinal) =>
                $"{code} is not a prefecture code (xxxx00, not xx0000)",
            2 when !code.StartsWith(parent!.Code[..2], StringComparison.Ordinal) => $"{code} does not start with its province's {parent.Code[..2]}",
            3 when code.EndsWith("00", StringComparison.Ordinal) => $"{code} is not a county code (it ends in 00)",
            3 when !code.StartsWith(parent!.Code[..4], StringComparison.Ordinal) => $"{code} does not start with its prefecture's {parent.Code[..4]}",
            _ => null,
        };
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var rows = await db.Set<Region>().AsNoTracking().ToListAsync(ct);
        if (rows.Count == 0) return null;
        var step = new JsonObject();
        if (await ReferenceData.StandardAsync(db, ReferenceDataSet.Regions, ct) is { } standard) step["standard"] = standard;
        step["provinces"] = ReferenceData.Nest(rows);
        return step;
    }
}
