using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SmeMonitor.Core.Content;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices.Api;

/// <summary>One item in a list.</summary>
public sealed record NoticeSummary(string Id, string Type, string Title, DateTime? PublishedAt, string RegionCode, string Url);

public sealed record NoticePage(IReadOnlyList<NoticeSummary> Items, int Page, int PageSize, int Total);

public sealed record NoticeAttachment(string Name, long Size, string ContentType, string Url);

/// <summary>
/// A published item. <see cref="BodyHtml"/> is its Markdown body rendered and sanitized; <see cref="Fields"/>
/// holds every field's stored value (Markdown as written, numbers, dates yyyy-MM-dd, region codes, files).
/// </summary>
public sealed record NoticeDetail(string Id, string Type, string Title, DateTime? PublishedAt, string RegionCode,
    IReadOnlyList<string> TargetRegions, string BodyHtml, IReadOnlyList<NoticeAttachment> Attachments, JsonObject Fields, string Url);

/// <summary>
/// GET /api/v1/notices and /api/v1/notices/{id}: published notices (and items of any other listable type)
/// that the caller may see — anonymous callers only those aimed at everyone, administrators and
/// enterprises also those aimed at their region.
/// </summary>
public static class NoticesApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/notices").WithTags("Notices");
        api.MapGet("", ListAsync)
            .WithName("ListNotices")
            .WithSummary("List published notices visible to the caller")
            .WithDescription("type: Notice (通知公告, default), Announcement (平台公告) or another listable content type. " +
                             "filter: Field:op:value, repeatable (op: eq ne gt ge lt le contains startswith within). sort: Field or -Field.");
        api.MapGet("/{id}", GetAsync)
            .WithName("GetNotice")
            .WithSummary("One published notice, if the caller may see it")
            .WithDescription("404 when the item does not exist, is not published, or is aimed at regions the caller is not in.");
    }

    private static async Task<Results<Ok<NoticePage>, NotFound, ValidationProblem>> ListAsync(PortalContent portal, string? type = null,
        int page = 1, int pageSize = 20, string? q = null, [FromQuery] string[]? filter = null, string? sort = null, CancellationToken ct = default)
    {
        var definition = await portal.ListableTypeAsync(type ?? NoticeTypes.Notice, ct);
        if (definition is null) return TypedResults.NotFound();
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        try
        {
            var (items, total) = await portal.ListAsync(definition, page, pageSize, q, filter, sort, ct);
            return TypedResults.Ok(new NoticePage(items.Select(Summary).ToList(), page, pageSize, total));
        }
        catch (ContentValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors.GroupBy(x => x.Path).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray()));
        }
    }

    private static async Task<Results<Ok<NoticeDetail>, NotFound>> GetAsync(string id, PortalContent portal, MarkdownRenderer markdown, CancellationToken ct)
    {
        if (await portal.FindAsync(id, ct) is not (var type, var item)) return TypedResults.NotFound();
        var fields = item.ReadFields();
        var body = type.Fields.FirstOrDefault(f => f.Kind == ContentFieldKind.Markdown);
        var targets = type.AudienceField is { } audience ? FormFields.Regions(fields[audience.Name]) : [];
        var files = type.Fields.Where(f => f.Kind == ContentFieldKind.Attachments)
            .SelectMany(f => FormFields.Files(fields[f.Name]))
            .Select(f => new NoticeAttachment(f.Name, f.Size, f.ContentType, NoticeTypes.FileUrl(type.Name, item.ContentItemId, f.Id)))
            .ToList();
        return TypedResults.Ok(new NoticeDetail(item.ContentItemId, type.Name, item.DisplayText, item.PublishedAt, item.RegionCode, targets,
            markdown.ToSafeHtml(body is null ? null : fields[body.Name]?.ToString()), files, fields, NoticeTypes.ItemUrl(type.Name, item.ContentItemId)));
    }

    private static NoticeSummary Summary(ContentItem i) =>
        new(i.ContentItemId, i.ContentType, i.DisplayText, i.PublishedAt, i.RegionCode, NoticeTypes.ItemUrl(i.ContentType, i.ContentItemId));
}
