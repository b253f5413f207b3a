using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Content;

/// <summary>A new item: its type, title, field values, and the region of the administrator who publishes it.</summary>
public sealed record NewContent(string ContentType, string Title, JsonObject Fields, string RegionCode, string? Owner, string? Alias = null);

/// <summary>
/// Versions of content items: create a draft, edit (a published item gets a new draft; the published
/// version stays until the draft is published), publish, unpublish, schedule, delete a draft.
/// Each operation is one SaveChanges with its index rows and audit row. Operations that take
/// <c>expectedVersion</c> refuse to act on a version other than the one the caller saw.
/// Scheduled drafts are published lazily: whoever reads published content first calls
/// <see cref="PublishDueAsync"/> (the query service does), so an item appears exactly at its time on every node.
/// </summary>
public sealed class ContentManager(SmeDbContext db, ContentDefinitionManager definitions, ContentFieldValues values,
    ContentIndexer indexer, IAuditLog audit, TimeProvider clock, IStringLocalizer<ContentStrings> S)
{
    public const int TitleMaxLength = 200;
    private const string Entity = "ContentItem";

    // Whole microseconds: what PostgreSQL keeps, so a time read back equals the time written.
    private DateTime Now => new(clock.GetUtcNow().UtcTicks / 10 * 10, DateTimeKind.Utc);

    /// <summary>The latest version of an item (draft or published), not tracked.</summary>
    public Task<ContentItem?> GetLatestAsync(string contentItemId, CancellationToken ct = default) =>
        db.Set<ContentItem>().AsNoTracking().FirstOrDefaultAsync(i => i.ContentItemId == contentItemId && i.Latest, ct);

    /// <summary>Whether the item has a published version (which may be older than its latest).</summary>
    public Task<bool> HasPublishedAsync(string contentItemId, CancellationToken ct = default) =>
        db.Set<ContentItem>().AnyAsync(i => i.ContentItemId == contentItemId && i.Published, ct);

    public async Task<ContentItem> CreateAsync(NewContent content, CancellationToken ct = default)
    {
        var type = await RequireTypeAsync(content.ContentType, ct);
        var (title, fields) = values.Normalize(type, content.Title, content.Fields);
        var now = Now;
        var item = new ContentItem
        {
            ContentItemId = ContentItem.NewId(), ContentType = type.Name, DisplayText = title, Alias = content.Alias,
            Owner = content.Owner, RegionCode = content.RegionCode, CreatedAt = now, ModifiedAt = now, Latest = true,
            Data = fields.ToJsonString(ContentJson.Options),
        };
        db.Add(item);
        await indexer.ApplyAsync(type, item.ContentItemId, IndexSlots.None, new IndexSlots(fields, null), ct);
        audit.Record("content.create", Entity, item.ContentItemId, new { type = type.Name, title });
        await SaveAsync(title, ct);
        return item;
    }

    /// <summary>Saves new title and fields as the latest version. Returns the latest version; unchanged input changes nothing.</summary>
    public async Task<ContentItem?> UpdateAsync(string contentItemId, string title, JsonObject input, int? expectedVersion, CancellationToken ct = default)
    {
        if (await LoadAsync(contentItemId, ct) is not (var latest, var published)) return null;
        CheckVersion(latest, expectedVersion);
        var type = await RequireTypeAsync(latest.ContentType, ct);
        var (cleanTitle, fields) = values.Normalize(type, title, input);
        var data = fields.ToJsonString(ContentJson.Options);
        if (cleanTitle == latest.DisplayText && data == latest.Data) return latest;

        var before = Slots(latest, published);
        var draft = latest;
        if (latest.Published)
        {
            // The published version stays as it is; the edit becomes a new draft version.
            latest.Latest = false;
            draft = new ContentItem
            {
                ContentItemId = latest.ContentItemId, ContentType = latest.ContentType, Alias = latest.Alias, Owner = latest.Owner,
                RegionCode = latest.RegionCode, CreatedAt = latest.CreatedAt, PublishedAt = latest.PublishedAt, Latest = true,
            };
            db.Add(draft);
        }
        draft.DisplayText = cleanTitle;
        draft.Data = data;
        draft.ModifiedAt = Now;
        await indexer.ApplyAsync(type, contentItemId, before, new IndexSlots(fields, before.Published), ct);
        audit.Record("content.update", Entity, contentItemId, new { title = cleanTitle });
        await SaveAsync(cleanTitle, ct);
        return draft;
    }

    /// <summary>Makes the latest version the published one. <paramref name="publishedAt"/> sets the first publication time (recipes, schedules).</summary>
    public async Task<ContentItem?> PublishAsync(string contentItemId, int? expectedVersion, CancellationToken ct = default, DateTime? publishedAt = null)
    {
        if (await LoadAsync(contentItemId, ct) is not (var latest, var published)) return null;
        CheckVersion(latest, expectedVersion);
        if (latest.Published) return latest;
        var type = await RequireTypeAsync(latest.ContentType, ct);
        var before = Slots(latest, published);
        if (published is not null) published.Published = false;
        latest.Published = true;
        latest.PublishedAt ??= publishedAt ?? latest.ScheduledAt ?? Now;
        var scheduled = latest.ScheduledAt is not null;
        latest.ScheduledAt = null;
        var fields = latest.ReadFields();
        await indexer.ApplyAsync(type, contentItemId, before, new IndexSlots(fields, fields), ct);
        audit.Record("content.publish", Entity, contentItemId, new { title = latest.DisplayText, scheduled });
        await SaveAsync(latest.DisplayText, ct);
        return latest;
    }

    /// <summary>Withdraws the published version (撤回); the latest version stays as a draft.</summary>
    public async Task<ContentItem?> UnpublishAsync(string contentItemId, int? expectedVersion, CancellationToken ct = default)
    {
        if (await LoadAsync(contentItemId, ct) is not (var latest, var published)) return null;
        CheckVersion(latest, expectedVersion);
        if (published is null) return latest;
        var type = await RequireTypeAsync(latest.ContentType, ct);
        var before = Slots(latest, published);
        published.Published = false;
        await indexer.ApplyAsync(type, contentItemId, before, new IndexSlots(before.Latest, null), ct);
        audit.Record("content.unpublish", Entity, contentItemId, new { title = latest.DisplayText });
        await SaveAsync(latest.DisplayText, ct);
        return latest;
    }

    /// <summary>Publishes the draft at <paramref name="atUtc"/> (定时发布); null cancels the schedule.</summary>
    public async Task<ContentItem?> ScheduleAsync(string contentItemId, DateTime? atUtc, int? expectedVersion, CancellationToken ct = default)
    {
        if (await LoadAsync(contentItemId, ct) is not (var latest, _)) return null;
        CheckVersion(latest, expectedVersion);
        if (latest.Published)
            throw new ContentValidationException([new("scheduledAt", S["“{0}”没有待发布的草稿", latest.DisplayText])]);
        if (atUtc is not null && atUtc.Value.ToUniversalTime() <= Now)
            throw new ContentValidationException([new("scheduledAt", S["定时发布的时间必须晚于现在"])]);
        latest.ScheduledAt = atUtc?.ToUniversalTime();
        audit.Record(atUtc is null ? "content.unschedule" : "content.schedule", Entity, contentItemId, new { title = latest.DisplayText, at = latest.ScheduledAt });
        await SaveAsync(latest.DisplayText, ct);
        return latest;
    }

    /// <summary>
    /// Deletes the draft: when an older version is published it becomes the latest again; otherwise the
    /// item goes entirely. A published version is never deleted here (unpublish it first).
    /// Returns the remaining latest version, or null when the item is gone.
    /// </summary>
    public async Task<ContentItem?> DeleteDraftAsync(string contentItemId, int? expectedVersion, CancellationToken ct = default)
    {
        if (await LoadAsync(contentItemId, ct) is not (var latest, var published)) return null;
        CheckVersion(latest, expectedVersion);
        if (latest.Published)
            throw new ContentValidationException([new("", S["“{0}”已发布，请先撤回再删除", latest.DisplayText])]);
        var type = await RequireTypeAsync(latest.ContentType, ct);
        var before = Slots(latest, published);
        if (published is not null)
        {
            db.Remove(latest);
            published.Latest = true;
            await indexer.ApplyAsync(type, contentItemId, before, new IndexSlots(before.Published, before.Published), ct);
            audit.Record("content.discard-draft", Entity, contentItemId, new { title = latest.DisplayText });
            await SaveAsync(latest.DisplayText, ct);
            return published;
        }
        db.RemoveRange(await db.Set<ContentItem>().Where(i => i.ContentItemId == contentItemId).ToListAsync(ct));
        await indexer.ApplyAsync(type, contentItemId, before, IndexSlots.None, ct);
        audit.Record("content.delete", Entity, contentItemId, new { title = latest.DisplayText });
        await SaveAsync(latest.DisplayText, ct);
        return null;
    }

    /// <summary>Publishes every draft whose scheduled time has come. Safe on several nodes: a draft another node published first is skipped.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var due = await db.Set<ContentItem>().AsNoTracking()
            .Where(i => i.Latest && !i.Published && i.ScheduledAt != null && i.ScheduledAt <= now)
            .Select(i => new { i.ContentItemId, i.Version }).ToListAsync(ct);
        var published = 0;
        foreach (var d in due)
        {
            try
            {
                if (await PublishAsync(d.ContentItemId, d.Version, ct) is not null) published++;
            }
            catch (ContentConcurrencyException)
            {
                db.ChangeTracker.Clear();
            }
        }
        return published;
    }

    private async Task<(ContentItem Latest, ContentItem? Published)?> LoadAsync(string contentItemId, CancellationToken ct)
    {
        var rows = await db.Set<ContentItem>().Where(i => i.ContentItemId == contentItemId && (i.Latest || i.Published)).ToListAsync(ct);
        var latest = rows.FirstOrDefault(r => r.Latest);
        return latest is null ? null : (latest, rows.FirstOrDefault(r => r.Published));
    }

    private static IndexSlots Slots(ContentItem latest, ContentItem? published) =>
        new(latest.ReadFields(), published is null ? null : ReferenceEquals(published, latest) ? latest.ReadFields() : published.ReadFields());

    private void CheckVersion(ContentItem latest, int? expectedVersion)
    {
        if (expectedVersion is not null && latest.Version != expectedVersion)
            throw new ContentConcurrencyException(S["“{0}”已被他人修改，您的操作未执行。请刷新页面后重试。", latest.DisplayText]);
    }

    private async Task<ContentTypeDefinition> RequireTypeAsync(string name, CancellationToken ct) =>
        await definitions.GetTypeAsync(name, ct)
        ?? throw new ContentValidationException([new("type", S["未知的内容类型“{0}”", name])]);

    private async Task SaveAsync(string title, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            throw new ContentConcurrencyException(S["“{0}”已被他人修改，您的操作未执行。请刷新页面后重试。", title]);
        }
    }
}
