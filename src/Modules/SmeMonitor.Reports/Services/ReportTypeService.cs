using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>A report type with the definition of its current version.</summary>
public sealed record CurrentReportType(ReportType Type, long VersionId, ReportDefinition Definition);

/// <summary>Parsed definitions by version id, for the app's lifetime: a version never changes. One per app (its database).</summary>
public sealed class ReportDefinitionCache
{
    internal ConcurrentDictionary<long, ReportDefinition> Versions { get; } = new();
}

/// <summary>
/// Report types and their versions. <see cref="SaveAsync"/> stores a definition as a new immutable version when its
/// content differs from the current one (identical content creates nothing); parsed versions are cached for the app
/// (<see cref="ReportDefinitionCache"/>), which is safe because a version never changes.
/// </summary>
public sealed class ReportTypeService(SmeDbContext db, ReportDefinitionValidator validator, ReportDefinitionCache cache, IAuditLog audit, TimeProvider clock)
{

    public async Task<CurrentReportType?> FindAsync(string name, CancellationToken ct = default) =>
        await CurrentAsync(await db.Set<ReportType>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, ct), ct);

    /// <summary>A report type row the caller read (e.g. with other rows in one query) with its current definition; null without a current version.</summary>
    public async Task<CurrentReportType?> CurrentAsync(ReportType? type, CancellationToken ct = default) =>
        type?.CurrentVersionId is { } versionId ? new CurrentReportType(type, versionId, await GetVersionAsync(versionId, ct)) : null;

    public async Task<IReadOnlyList<CurrentReportType>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<CurrentReportType>();
        foreach (var type in await db.Set<ReportType>().AsNoTracking().Where(t => t.CurrentVersionId != null).OrderBy(t => t.Id).ToListAsync(ct))
            list.Add(new CurrentReportType(type, type.CurrentVersionId!.Value, await GetVersionAsync(type.CurrentVersionId.Value, ct)));
        return list;
    }

    /// <summary>The definition of a version (a report's <see cref="Report.ReportTypeVersionId"/>).</summary>
    public async Task<ReportDefinition> GetVersionAsync(long versionId, CancellationToken ct = default)
    {
        if (cache.Versions.TryGetValue(versionId, out var cached)) return cached;
        var json = await db.Set<ReportTypeVersion>().AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Json).FirstOrDefaultAsync(ct)
                   ?? throw new InvalidOperationException($"Report type version {versionId} does not exist.");
        var definition = ReportDefinition.FromJson(json);
        // Inside a transaction (a recipe) the version may still roll back and its id be reused: not cached then.
        return db.Database.CurrentTransaction is null ? cache.Versions.GetOrAdd(versionId, definition) : definition;
    }

    /// <summary>
    /// Stores the definition as the report type's new current version (creating the type on first use), unless it equals
    /// the current one. The caller validates first (<see cref="ReportDefinitionValidator"/>); this refuses an invalid
    /// definition with <see cref="ArgumentException"/>. Saves and audits in the caller's transaction, if any.
    /// </summary>
    /// <param name="expectedVersion">The <see cref="ReportType.Version"/> the editor started from; a different one throws
    /// <see cref="DbUpdateConcurrencyException"/>. Null (recipes) skips the check.</param>
    /// <returns>The new version, or null when nothing changed.</returns>
    public async Task<ReportTypeVersion?> SaveAsync(ReportDefinition definition, int? expectedVersion = null, CancellationToken ct = default)
    {
        if (validator.Validate(definition) is { Count: > 0 } errors)
            throw new ArgumentException($"Invalid report definition: {errors[0].Path}: {errors[0].Reason}", nameof(definition));
        var type = await db.Set<ReportType>().FirstOrDefaultAsync(t => t.Name == definition.Name, ct);
        var hash = definition.Sha256();
        var now = clock.GetUtcNow();
        if (type is null)
        {
            type = new ReportType { Name = definition.Name, Title = definition.Title, UpdatedAt = now };
            db.Add(type);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            if (expectedVersion is { } expected) db.Entry(type).Property(t => t.Version).OriginalValue = expected;
            var current = await db.Set<ReportTypeVersion>().AsNoTracking().Where(v => v.Id == type.CurrentVersionId).Select(v => v.Sha256).FirstOrDefaultAsync(ct);
            if (current == hash) return null;
        }
        var number = await db.Set<ReportTypeVersion>().Where(v => v.ReportTypeId == type.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0;
        var version = new ReportTypeVersion { ReportTypeId = type.Id, Number = number + 1, Json = definition.ToJson(), Sha256 = hash, CreatedAt = now };
        db.Add(version);
        await db.SaveChangesAsync(ct);
        type.CurrentVersionId = version.Id;
        type.Title = definition.Title;
        type.UpdatedAt = now;
        audit.Record("report-type.version", nameof(ReportType), type.Name,
            new { version = version.Number, indicators = definition.Indicators.Count, rules = definition.Rules.Count });
        await db.SaveChangesAsync(ct);
        return version;
    }
}
