using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory.Recipes;

/// <summary>
/// { "name": "industries", "file": "data/industries-gbt4754-2017.json" } or inline "sections": [ { "code": "C",
/// "name": "制造业", "children": [ { "code": "36", ... "children": [ { "code": "361", ... "children": [ { "code": "3610" } ] } ] } ] } ].
/// GB/T 4754 门类 (letter) → 大类 (2 digits) → 中类 (3) → 小类 (4); upserted by code, never deleted.
/// </summary>
internal sealed class IndustriesStep(SmeDbContext db, DirectoryCache cache, IAuditLog audit, TimeProvider clock) : IRecipeStep
{
    public string Name => "industries";
    public string? Feature => null;
    public int ExportOrder => 21;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var (items, path, standard) = ReferenceData.ReadSource(ctx, "sections");
        var rows = ReferenceData.Flatten(ctx, items, path, "sections", maxLevel: 4, maxName: 100, CheckCode);
        var industries = rows.Select(r => new Industry
        {
            Code = r.Code, Name = r.Name, ParentCode = r.ParentCode, Level = r.Level, Section = SectionOf(r),
        });
        var (added, updated) = await ReferenceData.UpsertAsync(db, industries, i => i.Code, (from, to) =>
        {
            if (to.Name == from.Name && to.ParentCode == from.ParentCode && to.Level == from.Level && to.Section == from.Section) return false;
            (to.Name, to.ParentCode, to.Level, to.Section) = (from.Name, from.ParentCode, from.Level, from.Section);
            return true;
        }, ct);
        if (await ReferenceData.TouchAsync(db, clock, ReferenceDataSet.Industries, standard, null, added + updated > 0, ct))
            audit.Record("reference.load", nameof(ReferenceDataSet), ReferenceDataSet.Industries, new { added, updated, standard });
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    private static string SectionOf(CodeRow row)
    {
        while (row.Parent is not null) row = row.Parent;
        return row.Code;
    }

    /// <summary>What is wrong with a code at its place in the tree (GB/T 4754 code structure), or null.</summary>
    internal static string? CheckCode(int level, string code, CodeRow? parent)
    {
        if (level == 1)
            return code.Length == 1 && char.IsAsciiLetterUpper(code[0]) ? null : $"'{code}' is not a 门类 code (one capital letter)";
        if (code.Length != level || !code.All(char.IsAsciiDigit))
            return $"'{code}' is not a {(level == 2 ? "大类" : level == 3 ? "中类" : "小类")} code ({level} digits)";
        return level > 2 && !code.StartsWith(parent!.Code, StringComparison.Ordinal) ? $"{code} does not start with its parent's {parent.Code}" : null;
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var rows = await db.Set<Industry>().AsNoTracking().ToListAsync(ct);
        if (rows.Count == 0) return null;
        var step = new JsonObject();
        if (await ReferenceData.StandardAsync(db, ReferenceDataSet.Industries, ct) is { } standard) step["standard"] = standard;
        step["sections"] = ReferenceData.Nest(rows);
        return step;
    }
}
