using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Security;
using SmeMonitor.Notices.Models;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices.Controllers;

/// <summary>
/// Portal pages: 通知公告 (/notices) and 平台公告 (/announcements), and the same pages for any listable
/// content type (/content/{type}), with detail pages and attachment downloads. Only published items meant
/// for the viewer's region are shown; anything else answers 404.
/// </summary>
public sealed class NoticesController(PortalContent portal, ContentFileStore files, IRegionNames regionNames) : Controller
{
    private const int PageSize = 20;

    [HttpGet("/notices")]
    public Task<IActionResult> Notices(int page = 1, string? q = null, CancellationToken ct = default) =>
        List(NoticeTypes.Notice, page, q, [], null, ct);

    [HttpGet("/notices/{id}")]
    public Task<IActionResult> Notice(string id, CancellationToken ct) => Detail(NoticeTypes.Notice, id, ct);

    [HttpGet("/announcements")]
    public Task<IActionResult> Announcements(int page = 1, string? q = null, CancellationToken ct = default) =>
        List(NoticeTypes.Announcement, page, q, [], null, ct);

    [HttpGet("/announcements/{id}")]
    public Task<IActionResult> Announcement(string id, CancellationToken ct) => Detail(NoticeTypes.Announcement, id, ct);

    /// <summary>Any listable type; ?filter=Field:op:value (repeatable) and ?sort=Field or -Field work on every field.</summary>
    [HttpGet("/content/{type}")]
    public Task<IActionResult> ContentList(string type, int page = 1, string? q = null, [FromQuery] string[]? filter = null, string? sort = null,
        CancellationToken ct = default) => List(type, page, q, filter ?? [], sort, ct);

    [HttpGet("/content/{type}/{id}")]
    public Task<IActionResult> ContentDetail(string type, string id, CancellationToken ct) => Detail(type, id, ct);

    [HttpGet("/content/{type}/{id}/files/{fileId}")]
    public async Task<IActionResult> Download(string type, string id, string fileId, CancellationToken ct)
    {
        var definition = await portal.ListableTypeAsync(type, ct);
        var item = definition is null ? null : await portal.GetAsync(definition, id, ct);
        if (item is null || Attachments.Find(definition!, item, fileId) is not { } file || files.OpenRead(file.Id) is not { } stream)
            return NotFound();
        return File(stream, file.ContentType, file.Name);
    }

    private async Task<IActionResult> List(string type, int page, string? q, string[] filters, string? sort, CancellationToken ct)
    {
        var definition = await portal.ListableTypeAsync(type, ct);
        if (definition is null) return NotFound();
        page = Math.Max(1, page);
        string? error = null;
        List<ContentItem> items;
        int total;
        try
        {
            (items, total) = await portal.ListAsync(definition, page, PageSize, q, filters, sort, ct);
        }
        catch (ContentValidationException e)
        {
            // A bad filter in the URL: say so, and list without it.
            error = string.Join(" ", e.Errors.Select(x => x.Message));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            (items, total) = await portal.ListAsync(definition, page, PageSize, q, null, null, ct);
        }
        var codes = definition.Fields.Where(f => f.Kind == ContentFieldKind.RegionList && f.ShowInList)
            .SelectMany(f => items.SelectMany(i => FormFields.Regions(i.ReadFields()[f.Name])));
        return View("List", new PortalListModel
        {
            Type = definition, Items = items, Total = total, Page = page, PageSize = PageSize, Keyword = q, Filters = filters, Sort = sort,
            Error = error, RegionNames = await regionNames.GetAsync(codes, ct),
        });
    }

    private async Task<IActionResult> Detail(string type, string id, CancellationToken ct)
    {
        var definition = await portal.ListableTypeAsync(type, ct);
        var item = definition is null ? null : await portal.GetAsync(definition, id, ct);
        if (item is null) return NotFound();
        var fields = item.ReadFields();
        var codes = definition!.Fields.Where(f => f.Kind == ContentFieldKind.RegionList).SelectMany(f => FormFields.Regions(fields[f.Name]));
        return View("Detail", new PortalItemModel { Type = definition, Item = item, Fields = fields, RegionNames = await regionNames.GetAsync(codes, ct) });
    }
}
