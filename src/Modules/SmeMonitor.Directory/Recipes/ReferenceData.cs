using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Directory.Recipes;

/// <summary>One entry of a nested code file, flattened: the path is where it stands in the JSON, for errors.</summary>
internal sealed record CodeRow(string Code, string Name, string? ParentCode, int Level, string Path, CodeRow? Parent);

/// <summary>What the regions and industries steps share: reading nested {code, name, children} data and upserting it.</summary>
internal static class ReferenceData
{
    /// <summary>
    /// The step's top-level array: from the data file named by "file" (relative to the recipe) or inline
    /// under <paramref name="key"/>. Errors inside a file are reported as "FILE:$.path".
    /// </summary>
    public static (JsonArray Items, string Path, string? Standard) ReadSource(RecipeStepContext ctx, string key)
    {
        var file = ctx.OptionalString(ctx.Step, "file", ctx.Path);
        var standard = ctx.OptionalString(ctx.Step, "standard", ctx.Path);
        if (file is not null && ctx.Step[key] is not null)
            throw ctx.Error(ctx.Path, $"give either \"file\" or \"{key}\", not both");
        if (file is null)
        {
            if (ctx.Step[key] is null) throw ctx.Error(ctx.Path, $"needs \"file\" (a data file beside the recipe) or \"{key}\"");
            return (ctx.Array(ctx.Step, key, ctx.Path), ctx.Path, standard);
        }
        var root = $"{file}:$";
        var data = ctx.Object(ctx.LoadFile(file, $"{ctx.Path}.file"), root);
        return (ctx.Array(data, key, root), root, standard ?? ctx.OptionalString(data, "standard", root));
    }

    /// <summary>
    /// Flattens nested {code, name, children} items, top level first. <paramref name="checkCode"/> returns
    /// what is wrong with a code at a level under a parent, or null; codes must be unique.
    /// </summary>
    public static List<CodeRow> Flatten(RecipeStepContext ctx, JsonArray items, string path, string key, int maxLevel, int maxName,
        Func<int, string, CodeRow?, string?> checkCode)
    {
        var rows = new List<CodeRow>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(items, $"{path}.{key}", 1, null);
        return rows;

        void Walk(JsonArray array, string arrayPath, int level, CodeRow? parent)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var p = $"{arrayPath}[{i}]";
                var item = ctx.Object(array[i], p);
                var code = ctx.String(item, "code", p);
                if (checkCode(level, code, parent) is { } problem) throw ctx.Error($"{p}.code", problem);
                if (!seen.TryAdd(code, p)) throw ctx.Error($"{p}.code", $"code {code} is already used at {seen[code]}");
                var name = ctx.String(item, "name", p).Trim();
                if (name.Length is 0 || name.Length > maxName) throw ctx.Error($"{p}.name", $"must be 1 to {maxName} characters");
                var row = new CodeRow(code, name, parent?.Code, level, p, parent);
                rows.Add(row);
                if (item["children"] is null) continue;
                if (level == maxLevel) throw ctx.Error($"{p}.children", $"level {level} is the lowest; it has no children");
                Walk(ctx.Array(item, "children", p), $"{p}.children", level + 1, row);
            }
        }
    }

    /// <summary>
    /// Adds new rows and updates changed ones, by code, from one read of the table. Rows missing from
    /// the recipe are kept, never deleted: enterprises, administrators and past reports refer to old codes,
    /// and a partial recipe must not wipe the rest. Returns (added, updated); the caller saves.
    /// </summary>
    public static async Task<(int Added, int Updated)> UpsertAsync<T>(SmeDbContext db, IEnumerable<T> incoming, Func<T, string> key,
        Func<T, T, bool> copyInto, CancellationToken ct) where T : class
    {
        var existing = await db.Set<T>().ToDictionaryAsync(key, StringComparer.Ordinal, ct);
        var added = new List<T>();
        var updated = 0;
        foreach (var row in incoming)
        {
            if (!existing.TryGetValue(key(row), out var current)) added.Add(row);
            else if (copyInto(row, current)) updated++;
        }
        db.Set<T>().AddRange(added);
        return (added.Count, updated);
    }

    /// <summary>
    /// Records the data set's edition, and bumps its revision when something changed, so every web node reloads.
    /// Returns whether the row itself changed.
    /// </summary>
    public static async Task<bool> TouchAsync(SmeDbContext db, TimeProvider clock, string name, string? standard, string? content,
        bool dataChanged, CancellationToken ct)
    {
        var set = await db.Set<ReferenceDataSet>().FindAsync([name], ct);
        if (set is null)
        {
            db.Add(new ReferenceDataSet { Name = name, Standard = standard, Content = content, Revision = 1, ChangedAt = clock.GetUtcNow() });
            return true;
        }
        if (!dataChanged && set.Standard == standard && set.Content == content) return false;
        set.Standard = standard;
        set.Content = content;
        set.Revision++;
        set.ChangedAt = clock.GetUtcNow();
        return true;
    }

    public static async Task<string?> StandardAsync(SmeDbContext db, string name, CancellationToken ct) =>
        await db.Set<ReferenceDataSet>().AsNoTracking().Where(d => d.Name == name).Select(d => d.Standard).FirstOrDefaultAsync(ct);

    /// <summary>Nests flat rows back into {code, name, children} for export.</summary>
    public static JsonArray Nest<T>(IReadOnlyCollection<T> rows) where T : ITreeEntry
    {
        var byParent = rows.ToLookup(r => r.ParentCode ?? "");
        return Children("");

        JsonArray Children(string parent)
        {
            var array = new JsonArray();
            foreach (var r in byParent[parent].OrderBy(r => r.Code, StringComparer.Ordinal))
            {
                var node = new JsonObject { ["code"] = r.Code, ["name"] = r.Name };
                if (byParent.Contains(r.Code)) node["children"] = Children(r.Code);
                array.Add(node);
            }
            return array;
        }
    }
}
