using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Content;

/// <summary>
/// All content type definitions, stored as one JSON document (one row). <see cref="Version"/> is the
/// document's serial number: every change bumps it, and each web node reloads its cached copy when the
/// serial in the database differs from the one it holds.
/// </summary>
public class ContentDefinitionDocument : IVersioned
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public string Json { get; set; } = """{"types":[]}""";
    /// <summary>The serial number.</summary>
    public int Version { get; set; }
}

internal sealed class ContentDefinitionDocumentConfiguration : IEntityTypeConfiguration<ContentDefinitionDocument>
{
    public void Configure(EntityTypeBuilder<ContentDefinitionDocument> b)
    {
        b.ToTable("ContentDefinitions");
        b.Property(d => d.Id).ValueGeneratedNever();
    }
}

/// <summary>The parsed definitions of one serial, shared by all requests of this process (the records are immutable).</summary>
public sealed class ContentDefinitionCache
{
    internal sealed record Snapshot(int Serial, IReadOnlyList<ContentTypeDefinition> Types);
    internal volatile Snapshot? Current;
}

/// <summary>Reads and changes content type definitions (内容类型). One per request; reads come from the cache when its serial is current.</summary>
public sealed class ContentDefinitionManager(SmeDbContext db, ContentDefinitionCache cache, ContentDefinitionValidator validator,
    IAuditLog audit, IStringLocalizer<ContentStrings> S)
{
    internal sealed record DocumentJson(List<ContentTypeDefinition> Types);

    private IReadOnlyList<ContentTypeDefinition>? _types;

    public async Task<IReadOnlyList<ContentTypeDefinition>> ListTypesAsync(CancellationToken ct = default)
    {
        if (_types is not null) return _types;
        var serial = await db.Set<ContentDefinitionDocument>().AsNoTracking()
            .Where(d => d.Id == ContentDefinitionDocument.SingletonId).Select(d => (int?)d.Version).FirstOrDefaultAsync(ct);
        if (serial is null) return _types = [];
        var snapshot = cache.Current;
        if (snapshot is not null && snapshot.Serial == serial) return _types = snapshot.Types;

        var doc = await db.Set<ContentDefinitionDocument>().AsNoTracking().FirstAsync(d => d.Id == ContentDefinitionDocument.SingletonId, ct);
        var types = Parse(doc.Json);
        // Inside a transaction the document may yet roll back: use it for this request only.
        if (db.Database.CurrentTransaction is null) cache.Current = new ContentDefinitionCache.Snapshot(doc.Version, types);
        return _types = types;
    }

    public async Task<ContentTypeDefinition?> GetTypeAsync(string name, CancellationToken ct = default) =>
        (await ListTypesAsync(ct)).FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// Adds or replaces a type and saves. <paramref name="expectedRevision"/>: null = upsert (recipes),
    /// 0 = the type must be new, n = the type must still be at revision n (forms). Returns false when nothing changed.
    /// </summary>
    public async Task<bool> SaveTypeAsync(ContentTypeDefinition type, int? expectedRevision, CancellationToken ct = default)
    {
        var errors = validator.Validate(type);
        if (errors.Count > 0) throw new ContentValidationException(errors);

        var doc = await db.Set<ContentDefinitionDocument>().FirstOrDefaultAsync(d => d.Id == ContentDefinitionDocument.SingletonId, ct);
        if (doc is null) db.Add(doc = new ContentDefinitionDocument());
        var types = Parse(doc.Json).ToList();
        var index = types.FindIndex(t => t.Name == type.Name);
        var existing = index >= 0 ? types[index] : null;

        if (expectedRevision == 0 && existing is not null)
            throw new ContentValidationException([new("name", S["类型代码“{0}”已存在", type.Name])]);
        if (expectedRevision > 0 && existing?.Revision != expectedRevision)
            throw new ContentConcurrencyException(S["内容类型“{0}”已被他人修改，请刷新后重新编辑。", type.DisplayName]);
        if (existing is not null && Same(existing, type)) return false;

        if (existing is not null)
        {
            var hasItems = await db.Set<ContentItem>().AnyAsync(i => i.ContentType == type.Name, ct);
            var kindChanges = type.Fields.Where(f => existing.FindField(f.Name) is { } old && old.Kind != f.Kind).ToList();
            if (hasItems && kindChanges.Count > 0)
                throw new ContentValidationException(kindChanges.Select(f => new ContentError("", S["字段“{0}”已有内容，不能修改字段类型", f.DisplayName])).ToList());
            // Index rows of removed fields would otherwise linger and answer queries for a field that is gone.
            var removed = existing.Fields.Select(f => f.Name).Except(type.Fields.Select(f => f.Name)).ToList();
            if (removed.Count > 0) await RemoveIndexRowsAsync(type.Name, removed, ct);
        }

        var saved = type with { Revision = (existing?.Revision ?? 0) + 1 };
        if (existing is null) types.Add(saved);
        else types[index] = saved;
        doc.Json = Serialize(types);
        audit.Record(existing is null ? "content-type.create" : "content-type.update", "ContentType", type.Name, new { saved.Revision });
        await SaveAsync(type.DisplayName, ct);
        _types = types;
        return true;
    }

    /// <summary>Deletes a type that has no items.</summary>
    public async Task DeleteTypeAsync(string name, CancellationToken ct = default)
    {
        var doc = await db.Set<ContentDefinitionDocument>().FirstOrDefaultAsync(d => d.Id == ContentDefinitionDocument.SingletonId, ct);
        var types = doc is null ? [] : Parse(doc.Json).ToList();
        var type = types.FirstOrDefault(t => t.Name == name);
        if (doc is null || type is null) return;
        if (await db.Set<ContentItem>().AnyAsync(i => i.ContentType == name, ct))
            throw new ContentValidationException([new("", S["类型“{0}”下还有内容，不能删除", type.DisplayName])]);
        types.Remove(type);
        doc.Json = Serialize(types);
        audit.Record("content-type.delete", "ContentType", name);
        await SaveAsync(type.DisplayName, ct);
        _types = types;
    }

    private async Task SaveAsync(string displayName, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            throw new ContentConcurrencyException(S["内容类型“{0}”已被他人修改，请刷新后重新编辑。", displayName]);
        }
    }

    private async Task RemoveIndexRowsAsync(string type, List<string> fields, CancellationToken ct)
    {
        db.RemoveRange(await db.Set<ContentTextIndex>().Where(r => r.ContentType == type && fields.Contains(r.FieldName)).ToListAsync(ct));
        db.RemoveRange(await db.Set<ContentNumberIndex>().Where(r => r.ContentType == type && fields.Contains(r.FieldName)).ToListAsync(ct));
        db.RemoveRange(await db.Set<ContentDateIndex>().Where(r => r.ContentType == type && fields.Contains(r.FieldName)).ToListAsync(ct));
        db.RemoveRange(await db.Set<ContentRegionIndex>().Where(r => r.ContentType == type && fields.Contains(r.FieldName)).ToListAsync(ct));
    }

    private static bool Same(ContentTypeDefinition a, ContentTypeDefinition b) =>
        JsonSerializer.Serialize(a with { Revision = 0 }, ContentJson.Options) == JsonSerializer.Serialize(b with { Revision = 0 }, ContentJson.Options);

    private static List<ContentTypeDefinition> Parse(string json) =>
        JsonSerializer.Deserialize<DocumentJson>(json, ContentJson.Options)?.Types ?? [];

    private static string Serialize(List<ContentTypeDefinition> types) =>
        JsonSerializer.Serialize(new DocumentJson(types), ContentJson.Options);
}
