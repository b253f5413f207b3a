using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Content;

/// <summary>
/// Upserts content types by name (the listed type replaces the stored one; types not listed are kept).
/// <code>
/// { "name": "content-definitions", "types": [ { "name": "Notice", "displayName": "通知公告", "listable": true,
///   "parts": [ { "name": "NoticePart", "fields": [ { "name": "Body", "displayName": "正文", "kind": "markdown", "required": true } ] } ] } ] }
/// </code>
/// Field kinds: text, markdown, number, date, boolean, region-list, attachments. Field settings: required,
/// maxLength (text, markdown), min and max (number), showInList, audience (one region-list field: 目标地区), hint.
/// </summary>
internal sealed class ContentDefinitionsStep(ContentDefinitionManager definitions) : IRecipeStep
{
    private static readonly string[] TypeKeys = ["name", "displayName", "listable", "parts"];
    private static readonly string[] PartKeys = ["name", "displayName", "fields"];
    private static readonly string[] FieldKeys = ["name", "displayName", "kind", "required", "maxLength", "min", "max", "showInList", "audience", "hint"];

    public string Name => "content-definitions";
    public string? Feature => null;
    public int ExportOrder => 500;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        foreach (var (item, path) in ctx.Objects(ctx.Step, "types", ctx.Path))
        {
            var type = ReadType(ctx, item, path);
            try { await definitions.SaveTypeAsync(type, null, ct); }
            catch (ContentValidationException e)
            {
                var error = e.Errors[0];
                throw ctx.Error(error.Path.Length > 0 ? $"{path}.{error.Path}" : path, error.Message);
            }
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var types = await definitions.ListTypesAsync(ct);
        if (types.Count == 0) return null;
        var list = new JsonArray();
        foreach (var type in types)
        {
            var node = (JsonObject)JsonSerializer.SerializeToNode(type, ContentJson.Options)!;
            node.Remove("revision");
            list.Add(node);
        }
        return new JsonObject { ["types"] = list };
    }

    private static ContentTypeDefinition ReadType(RecipeStepContext ctx, JsonObject obj, string path)
    {
        CheckKeys(ctx, obj, path, TypeKeys);
        return new ContentTypeDefinition
        {
            Name = ctx.String(obj, "name", path),
            DisplayName = ctx.String(obj, "displayName", path),
            Listable = ctx.Bool(obj, "listable", path),
            Parts = ctx.Objects(obj, "parts", path, required: false).Select(p =>
            {
                CheckKeys(ctx, p.Item, p.Path, PartKeys);
                return new ContentPartDefinition
                {
                    Name = ctx.String(p.Item, "name", p.Path),
                    DisplayName = ctx.OptionalString(p.Item, "displayName", p.Path),
                    Fields = ctx.Objects(p.Item, "fields", p.Path, required: false).Select(f => ReadField(ctx, f.Item, f.Path)).ToList(),
                };
            }).ToList(),
        };
    }

    private static ContentFieldDefinition ReadField(RecipeStepContext ctx, JsonObject obj, string path)
    {
        CheckKeys(ctx, obj, path, FieldKeys);
        var kindName = ctx.String(obj, "kind", path);
        if (!ContentFieldKinds.TryParse(kindName, out var kind))
            throw ctx.Error($"{path}.kind", $"unknown field kind '{kindName}'; known kinds: {string.Join(", ", ContentFieldKinds.Names)}");
        return new ContentFieldDefinition
        {
            Name = ctx.String(obj, "name", path),
            DisplayName = ctx.String(obj, "displayName", path),
            Kind = kind,
            Required = ctx.Bool(obj, "required", path),
            MaxLength = obj["maxLength"] is null ? null : ctx.Int(obj, "maxLength", path),
            Min = ctx.Decimal(obj, "min", path),
            Max = ctx.Decimal(obj, "max", path),
            ShowInList = ctx.Bool(obj, "showInList", path),
            Audience = ctx.Bool(obj, "audience", path),
            Hint = ctx.OptionalString(obj, "hint", path),
        };
    }

    // A misspelt setting would otherwise be ignored without a word.
    private static void CheckKeys(RecipeStepContext ctx, JsonObject obj, string path, string[] known)
    {
        foreach (var (key, _) in obj)
            if (!known.Contains(key))
                throw ctx.Error($"{path}.{key}", $"unknown property '{key}'; known: {string.Join(", ", known)}");
    }
}

/// <summary>
/// Imports content items, identified by a stable alias so that re-applying finds them again.
/// <code>
/// { "name": "content", "items": [ { "alias": "welcome", "type": "Announcement", "title": "平台上线",
///   "regionCode": "000000", "published": true, "publishedAt": "2026-01-05T08:00:00Z", "fields": { "Body": "..." } } ] }
/// </code>
/// "published" defaults to true; "regionCode" (the publishing administrator's region) to 000000 and is set
/// when the item is created. An item whose title and fields are unchanged is left alone.
/// </summary>
internal sealed class ContentStep(SmeDbContext db, ContentDefinitionManager definitions, ContentManager manager) : IRecipeStep
{
    private static readonly string[] ItemKeys = ["alias", "type", "title", "regionCode", "published", "publishedAt", "fields"];

    public string Name => "content";
    public string? Feature => null;
    public int ExportOrder => 510;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        foreach (var (item, path) in ctx.Objects(ctx.Step, "items", ctx.Path))
        {
            foreach (var (key, _) in item)
                if (!ItemKeys.Contains(key)) throw ctx.Error($"{path}.{key}", $"unknown property '{key}'; known: {string.Join(", ", ItemKeys)}");
            var alias = ctx.String(item, "alias", path);
            if (alias.Length is 0 or > 100) throw ctx.Error($"{path}.alias", "must be 1 to 100 characters");
            var typeName = ctx.String(item, "type", path);
            var type = await definitions.GetTypeAsync(typeName, ct)
                       ?? throw ctx.Error($"{path}.type", $"unknown content type '{typeName}'; define it in a content-definitions step first");
            var title = ctx.String(item, "title", path);
            var region = ctx.OptionalString(item, "regionCode", path) ?? RegionScope.NationCode;
            if (region.Length != 6 || !region.All(char.IsAsciiDigit)) throw ctx.Error($"{path}.regionCode", $"'{region}' is not a 6-digit region code");
            var published = ctx.Bool(item, "published", path, true);
            DateTime? publishedAt = null;
            if (ctx.OptionalString(item, "publishedAt", path) is { } at)
                publishedAt = DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)
                    ? dto.UtcDateTime : throw ctx.Error($"{path}.publishedAt", $"'{at}' is not a date and time (ISO 8601)");
            var fields = item["fields"] is null ? new JsonObject() : (JsonObject)ctx.Object(item["fields"], $"{path}.fields").DeepClone();

            try
            {
                var existing = await db.Set<ContentItem>().AsNoTracking()
                    .FirstOrDefaultAsync(i => i.Latest && (i.Alias == alias || i.ContentItemId == alias), ct);
                if (existing is not null && existing.ContentType != type.Name)
                    throw ctx.Error($"{path}.type", $"alias '{alias}' belongs to an item of type '{existing.ContentType}'");
                var latest = existing is null
                    ? await manager.CreateAsync(new NewContent(type.Name, title, fields, region, null, alias), ct)
                    : await manager.UpdateAsync(existing.ContentItemId, title, fields, null, ct);
                if (published && !latest!.Published) await manager.PublishAsync(latest.ContentItemId, null, ct, publishedAt);
                else if (!published && await manager.HasPublishedAsync(latest!.ContentItemId, ct)) await manager.UnpublishAsync(latest.ContentItemId, null, ct);
            }
            catch (ContentValidationException e)
            {
                var error = e.Errors[0];
                throw ctx.Error(error.Path.Length > 0 ? $"{path}.{error.Path}" : path, error.Message);
            }
        }
    }

    /// <summary>Every item as the public sees it (its published version), or its draft when it was never published.</summary>
    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var rows = await db.Set<ContentItem>().AsNoTracking().Where(i => i.Latest || i.Published)
            .OrderBy(i => i.ContentType).ThenBy(i => i.Id).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var items = new JsonArray();
        foreach (var group in rows.GroupBy(r => r.ContentItemId))
        {
            var row = group.FirstOrDefault(r => r.Published) ?? group.First();
            var node = new JsonObject
            {
                ["alias"] = row.Alias ?? row.ContentItemId,
                ["type"] = row.ContentType,
                ["title"] = row.DisplayText,
                ["regionCode"] = row.RegionCode,
                ["published"] = row.Published,
            };
            if (row.PublishedAt is { } at) node["publishedAt"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            node["fields"] = row.ReadFields();
            items.Add(node);
        }
        return new JsonObject { ["items"] = items };
    }
}
