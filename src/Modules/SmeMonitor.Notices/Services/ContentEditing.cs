using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Notices.Services;

public sealed record ContentListFilter(string? Type, string? Status, string? Keyword, int Page);

/// <summary>A row of the dashboard list: the latest version, and whether some version is published.</summary>
public sealed record ContentListRow(ContentItem Item, bool HasPublished);

/// <summary>Dashboard statuses of an item, for the list filter.</summary>
public static class ContentStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Scheduled = "scheduled";
}

/// <summary>
/// Content editing in the dashboard, always inside the editor's scope: an item is found only when it
/// was published from the editor's region or below (another region's id answers as if it did not
/// exist), new items take the editor's region, and target regions must lie inside the editor's scope.
/// </summary>
public sealed class ContentEditing(SmeDbContext db, IScopeService scopes, ContentManager manager, ContentDefinitionManager definitions,
    IStringLocalizer<Strings> T)
{
    public const int PageSize = 20;

    public Task<RegionScope> ScopeAsync(CancellationToken ct = default) => scopes.GetScopeAsync(ct);

    /// <summary>The latest version of an item inside the caller's scope, or null.</summary>
    public async Task<ContentItem?> FindAsync(string contentItemId, CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return await scope.Apply(db.Set<ContentItem>().AsNoTracking()).FirstOrDefaultAsync(i => i.ContentItemId == contentItemId && i.Latest, ct);
    }

    /// <summary>The published version of an item inside the caller's scope, or null.</summary>
    public async Task<ContentItem?> FindPublishedAsync(string contentItemId, CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return await scope.Apply(db.Set<ContentItem>().AsNoTracking()).FirstOrDefaultAsync(i => i.ContentItemId == contentItemId && i.Published, ct);
    }

    public async Task<(List<ContentListRow> Rows, int Total)> ListAsync(ContentListFilter filter, CancellationToken ct = default)
    {
        await manager.PublishDueAsync(ct);
        var scope = await scopes.GetScopeAsync(ct);
        var items = db.Set<ContentItem>().AsNoTracking();
        var q = scope.Apply(items.Where(i => i.Latest));
        if (!string.IsNullOrEmpty(filter.Type)) q = q.Where(i => i.ContentType == filter.Type);
        if (!string.IsNullOrWhiteSpace(filter.Keyword))
        {
            var k = filter.Keyword.Trim();
            q = q.Where(i => i.DisplayText.Contains(k));
        }
        q = filter.Status switch
        {
            ContentStatus.Published => q.Where(i => items.Any(p => p.ContentItemId == i.ContentItemId && p.Published)),
            ContentStatus.Draft => q.Where(i => i.ScheduledAt == null && !items.Any(p => p.ContentItemId == i.ContentItemId && p.Published)),
            ContentStatus.Scheduled => q.Where(i => i.ScheduledAt != null),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var rows = await q.OrderByDescending(i => i.ModifiedAt).ThenByDescending(i => i.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(i => new ContentListRow(i, items.Any(p => p.ContentItemId == i.ContentItemId && p.Published)))
            .ToListAsync(ct);
        return (rows, total);
    }

    public async Task<ContentItem> CreateAsync(string type, string title, JsonObject fields, string? userId, CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        if (!scope.IsAdministrator) throw new ContentValidationException([new("", T["只有地方管理员可以发布内容"])]);
        var definition = await definitions.GetTypeAsync(type, ct) ?? throw new ContentValidationException([new("type", T["未知的内容类型"])]);
        CheckAudience(definition, fields, scope);
        return await manager.CreateAsync(new NewContent(type, title, fields, scope.Administrator!.RegionCode, userId), ct);
    }

    public async Task<ContentItem?> UpdateAsync(string contentItemId, string title, JsonObject fields, int version, CancellationToken ct = default)
    {
        var item = await FindAsync(contentItemId, ct);
        if (item is null) return null;
        var definition = await definitions.GetTypeAsync(item.ContentType, ct) ?? throw new ContentValidationException([new("type", T["未知的内容类型"])]);
        CheckAudience(definition, fields, await scopes.GetScopeAsync(ct));
        return await manager.UpdateAsync(contentItemId, title, fields, version, ct);
    }

    public async Task<ContentItem?> PublishAsync(string contentItemId, int version, CancellationToken ct = default) =>
        await FindAsync(contentItemId, ct) is null ? null : await manager.PublishAsync(contentItemId, version, ct);

    public async Task<ContentItem?> UnpublishAsync(string contentItemId, int version, CancellationToken ct = default) =>
        await FindAsync(contentItemId, ct) is null ? null : await manager.UnpublishAsync(contentItemId, version, ct);

    public async Task<ContentItem?> ScheduleAsync(string contentItemId, DateTime? atUtc, int version, CancellationToken ct = default) =>
        await FindAsync(contentItemId, ct) is null ? null : await manager.ScheduleAsync(contentItemId, atUtc, version, ct);

    /// <summary>Returns false when the item is not in scope.</summary>
    public async Task<bool> DeleteDraftAsync(string contentItemId, int version, CancellationToken ct = default)
    {
        if (await FindAsync(contentItemId, ct) is null) return false;
        await manager.DeleteDraftAsync(contentItemId, version, ct);
        return true;
    }

    private void CheckAudience(ContentTypeDefinition type, JsonObject fields, RegionScope scope)
    {
        var field = type.AudienceField;
        if (field is null) return;
        var outside = FormFields.Regions(fields[field.Name])
            .Where(c => c.Length == 6 && c.All(char.IsAsciiDigit) && !scope.Contains(c)).ToList();
        if (outside.Count > 0)
            throw new ContentValidationException([new($"fields.{field.Name}", T["目标地区 {0} 不在您的管理范围内", string.Join(", ", outside)])]);
    }
}
