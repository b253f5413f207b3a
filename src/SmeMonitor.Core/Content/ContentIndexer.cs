using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Content;

/// <summary>The field values of an item's latest and published versions (null = no such version).</summary>
public sealed record IndexSlots(JsonObject? Latest, JsonObject? Published)
{
    public static readonly IndexSlots None = new(null, null);
}

/// <summary>
/// Keeps the field-index tables in step with the items. Given the item's values before and after a
/// change, it touches only the rows of fields whose latest or published values differ, and leaves
/// them tracked for the caller's one SaveChanges (so the index commits or rolls back with the item).
/// </summary>
public sealed class ContentIndexer(SmeDbContext db)
{
    public async Task ApplyAsync(ContentTypeDefinition type, string contentItemId, IndexSlots before, IndexSlots after, CancellationToken ct)
    {
        var oldLatest = ValuesOf(type, before.Latest);
        var oldPublished = ValuesOf(type, before.Published);
        var newLatest = ValuesOf(type, after.Latest);
        var newPublished = ValuesOf(type, after.Published);

        var changed = type.Fields
            .Where(f => ContentFieldKinds.IndexTableOf(f.Kind) is not null)
            .Where(f => !Same(oldLatest, newLatest, f.Name) || !Same(oldPublished, newPublished, f.Name))
            .GroupBy(f => ContentFieldKinds.IndexTableOf(f.Kind)!.Value);
        foreach (var group in changed)
        {
            var fields = group.Select(f => f.Name).ToList();
            var wanted = fields.ToDictionary(f => f, f => (Latest: Get(newLatest, f), Published: Get(newPublished, f)));
            var task = group.Key switch
            {
                ContentIndexTable.Text => ReconcileAsync<ContentTextIndex>(type.Name, contentItemId, wanted, ct),
                ContentIndexTable.Number => ReconcileAsync<ContentNumberIndex>(type.Name, contentItemId, wanted, ct),
                ContentIndexTable.Date => ReconcileAsync<ContentDateIndex>(type.Name, contentItemId, wanted, ct),
                _ => ReconcileAsync<ContentRegionIndex>(type.Name, contentItemId, wanted, ct),
            };
            await task;
        }
    }

    /// <summary>Index values of every indexed field, in the canonical text form that <see cref="ContentIndexRow.Key"/> gives.</summary>
    public static Dictionary<string, List<string>> ValuesOf(ContentTypeDefinition type, JsonObject? data)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (data is null) return result;
        foreach (var field in type.Fields)
        {
            var node = data[field.Name];
            if (node is null) continue;
            var values = field.Kind switch
            {
                ContentFieldKind.Text when node is JsonValue v && v.TryGetValue<string>(out var s) =>
                    [s.Length > ContentTextIndex.MaxLength ? s[..ContentTextIndex.MaxLength] : s],
                ContentFieldKind.Number when node is JsonValue v && v.GetValueKind() == JsonValueKind.Number =>
                    [((double)v.GetValue<decimal>()).ToString("R", CultureInfo.InvariantCulture)],
                ContentFieldKind.Boolean when node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False =>
                    [v.GetValue<bool>() ? "1" : "0"],
                ContentFieldKind.Date when node is JsonValue v && v.TryGetValue<string>(out var s) => [s],
                ContentFieldKind.RegionList when node is JsonArray a =>
                    a.Select(x => x?.GetValue<string>()).OfType<string>().Distinct().ToList(),
                _ => new List<string>(),
            };
            if (values.Count > 0) result[field.Name] = values;
        }
        return result;
    }

    private async Task ReconcileAsync<T>(string contentType, string contentItemId,
        Dictionary<string, (List<string> Latest, List<string> Published)> wanted, CancellationToken ct)
        where T : ContentIndexRow, new()
    {
        var fields = wanted.Keys.ToList();
        var rows = await db.Set<T>().Where(r => r.ContentItemId == contentItemId && fields.Contains(r.FieldName)).ToListAsync(ct);
        foreach (var (field, (latest, published)) in wanted)
        {
            // One row per value and version; a single row carries both flags when both versions agree.
            var desired = new List<(string Key, bool Latest, bool Published)>();
            if (latest.Order(StringComparer.Ordinal).SequenceEqual(published.Order(StringComparer.Ordinal)))
                desired.AddRange(latest.Select(k => (k, true, true)));
            else
            {
                desired.AddRange(latest.Select(k => (k, true, false)));
                desired.AddRange(published.Select(k => (k, false, true)));
            }

            var existing = rows.Where(r => r.FieldName == field).ToList();
            var missing = new List<(string Key, bool Latest, bool Published)>();
            foreach (var d in desired)
            {
                var row = existing.FirstOrDefault(r => r.Key == d.Key && r.Latest == d.Latest && r.Published == d.Published);
                if (row is not null) existing.Remove(row);
                else missing.Add(d);
            }
            // Reuse rows rather than delete and insert: first a row with the same value (flags change),
            // then any spare row (value changes); only what is left over is added or removed.
            foreach (var pass in new[] { true, false })
                foreach (var d in missing.ToList())
                {
                    var row = existing.FirstOrDefault(r => !pass || r.Key == d.Key);
                    if (row is null) continue;
                    existing.Remove(row);
                    missing.Remove(d);
                    if (row.Key != d.Key) row.SetKey(d.Key);
                    row.Latest = d.Latest;
                    row.Published = d.Published;
                }
            foreach (var d in missing)
            {
                var added = new T { ContentItemId = contentItemId, ContentType = contentType, FieldName = field, Latest = d.Latest, Published = d.Published };
                added.SetKey(d.Key);
                db.Add(added);
            }
            db.RemoveRange(existing);
        }
    }

    private static List<string> Get(Dictionary<string, List<string>> values, string field) => values.GetValueOrDefault(field) ?? [];

    private static bool Same(Dictionary<string, List<string>> a, Dictionary<string, List<string>> b, string field) =>
        Get(a, field).Order(StringComparer.Ordinal).SequenceEqual(Get(b, field).Order(StringComparer.Ordinal));
}
