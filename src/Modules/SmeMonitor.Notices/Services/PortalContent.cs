using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Notices.Services;

/// <summary>
/// What the portal and the API show: published items of listable types, only those meant for the
/// viewer's region (<see cref="IViewerRegion"/>; anonymous visitors see only items aimed at everyone).
/// </summary>
public sealed class PortalContent(SmeDbContext db, ContentQuery query, ContentDefinitionManager definitions, IViewerRegion viewer)
{
    public async Task<ContentTypeDefinition?> ListableTypeAsync(string type, CancellationToken ct = default) =>
        await definitions.GetTypeAsync(type, ct) is { Listable: true } t ? t : null;

    /// <summary>
    /// A page of visible items. <paramref name="filters"/> are "Field:op:value"; <paramref name="sort"/> a field or
    /// column, "-" first for descending. Bad filters throw <see cref="ContentValidationException"/>.
    /// </summary>
    public async Task<(List<ContentItem> Items, int Total)> ListAsync(ContentTypeDefinition type, int page, int pageSize,
        string? keyword = null, IEnumerable<string>? filters = null, string? sort = null, CancellationToken ct = default)
    {
        var q = (await VisibleAsync(type, ct)).TitleContains(keyword);
        foreach (var filter in filters ?? []) q.Where(filter);
        if (!string.IsNullOrWhiteSpace(sort)) q.OrderBy(sort.TrimStart('-'), sort.StartsWith('-'));
        var total = await q.CountAsync(ct);
        var items = await q.ListAsync((Math.Max(1, page) - 1) * pageSize, pageSize, ct);
        return (items, total);
    }

    /// <summary>The newest visible items, without a count (the home page's blocks).</summary>
    public async Task<List<ContentItem>> LatestAsync(ContentTypeDefinition type, int count, CancellationToken ct = default) =>
        await (await VisibleAsync(type, ct)).ListAsync(0, count, ct);

    /// <summary>The published item if the viewer may see it.</summary>
    public async Task<ContentItem?> GetAsync(ContentTypeDefinition type, string contentItemId, CancellationToken ct = default) =>
        await (await VisibleAsync(type, ct)).WithId(contentItemId).FirstOrDefaultAsync(ct);

    /// <summary>A visible published item of any listable type, by id.</summary>
    public async Task<(ContentTypeDefinition Type, ContentItem Item)?> FindAsync(string contentItemId, CancellationToken ct = default)
    {
        var typeName = await db.Set<ContentItem>().AsNoTracking()
            .Where(i => i.ContentItemId == contentItemId && (i.Published || i.Latest))
            .Select(i => i.ContentType).FirstOrDefaultAsync(ct);
        if (typeName is null || await ListableTypeAsync(typeName, ct) is not { } type) return null;
        return await GetAsync(type, contentItemId, ct) is { } item ? (type, item) : null;
    }

    /// <summary>Published items of the type that the viewer may see.</summary>
    private async Task<ContentQueryBuilder> VisibleAsync(ContentTypeDefinition type, CancellationToken ct) =>
        (await query.ForAsync(type.Name, ContentVersion.Published, ct)).VisibleTo(await viewer.GetRegionCodeAsync(ct));
}
