using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Security;
using SmeMonitor.Notices.Models;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices.Controllers;

/// <summary>Dashboard pages for content items of every type (内容管理), inside the editor's region.</summary>
[RequirePermission(Permissions.Edit)]
public sealed class ContentAdminController(ContentEditing editing, ContentDefinitionManager definitions, ContentFileStore files,
    MarkdownRenderer renderer, IRegionNames regionNames, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/admin/content")]
    public async Task<IActionResult> Index(string? type, string? status, string? q, int page = 1, CancellationToken ct = default)
    {
        var filter = new ContentListFilter(type, status, q, page);
        var (rows, total) = await editing.ListAsync(filter, ct);
        return View(new ContentListModel
        {
            Rows = rows, Total = total, Filter = filter, Types = await definitions.ListTypesAsync(ct), Scope = await editing.ScopeAsync(ct),
        });
    }

    [HttpGet("/admin/content/new/{type}")]
    public async Task<IActionResult> Create(string type, CancellationToken ct)
    {
        var definition = await definitions.GetTypeAsync(type, ct);
        if (definition is null) return NotFound();
        var scope = await editing.ScopeAsync(ct);
        var fields = new JsonObject();
        // A regional editor's notice is for its own region unless it says otherwise.
        if (definition.AudienceField is { } audience && scope.IsAdministrator && scope.Prefix!.Length > 0)
            fields[audience.Name] = new JsonArray(JsonValue.Create(scope.Administrator!.RegionCode));
        return View("Edit", await EditorAsync(definition, null, "", fields, [], ct));
    }

    [HttpPost("/admin/content/new/{type}"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string type, string? title, string? action, CancellationToken ct)
    {
        var definition = await definitions.GetTypeAsync(type, ct);
        if (definition is null) return NotFound();
        var fields = FormFields.Read(definition, Request.Form);
        try
        {
            var item = await editing.CreateAsync(type, title ?? "", fields, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            if (action == "publish") await editing.PublishAsync(item.ContentItemId, item.Version, ct);
            TempData["Message"] = action == "publish" ? T["已发布。"].Value : T["已保存为草稿。"].Value;
            return Redirect($"/admin/content/{item.ContentItemId}/edit");
        }
        catch (ContentValidationException e)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Edit", await EditorAsync(definition, null, title ?? "", fields, e.Errors, ct));
        }
    }

    [HttpGet("/admin/content/{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var item = await editing.FindAsync(id, ct);
        var definition = item is null ? null : await definitions.GetTypeAsync(item.ContentType, ct);
        if (item is null || definition is null) return NotFound();
        return View(await EditorAsync(definition, item, item.DisplayText, item.ReadFields(), [], ct));
    }

    [HttpPost("/admin/content/{id}/edit"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string id, string? title, int version, string? action, CancellationToken ct)
    {
        var item = await editing.FindAsync(id, ct);
        var definition = item is null ? null : await definitions.GetTypeAsync(item.ContentType, ct);
        if (item is null || definition is null) return NotFound();
        var fields = FormFields.Read(definition, Request.Form);
        try
        {
            var saved = await editing.UpdateAsync(id, title ?? "", fields, version, ct);
            if (saved is null) return NotFound();
            if (action == "publish") await editing.PublishAsync(id, saved.Version, ct);
            TempData["Message"] = action == "publish" ? T["已发布。"].Value : T["已保存。"].Value;
            return Redirect($"/admin/content/{id}/edit");
        }
        catch (ContentValidationException e)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(await EditorAsync(definition, item, title ?? "", fields, e.Errors, ct));
        }
        catch (ContentConcurrencyException e)
        {
            // The editor keeps what was typed, and is told to reload: nothing was overwritten.
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(await EditorAsync(definition, item, title ?? "", fields, [new ContentError("", e.Message)], ct));
        }
    }

    [HttpPost("/admin/content/{id}/publish"), ValidateAntiForgeryToken]
    public Task<IActionResult> Publish(string id, int version, CancellationToken ct) =>
        Act(id, () => editing.PublishAsync(id, version, ct), T["已发布。"]);

    [HttpPost("/admin/content/{id}/unpublish"), ValidateAntiForgeryToken]
    public Task<IActionResult> Unpublish(string id, int version, CancellationToken ct) =>
        Act(id, () => editing.UnpublishAsync(id, version, ct), T["已撤回，内容不再公开。"]);

    /// <summary>Schedules publication at a time in China Standard Time; without a time, cancels the schedule.</summary>
    [HttpPost("/admin/content/{id}/schedule"), ValidateAntiForgeryToken]
    public Task<IActionResult> Schedule(string id, int version, DateTime? at, CancellationToken ct) =>
        Act(id, () => editing.ScheduleAsync(id, at is null ? null : PlatformTime.ToUtc(at.Value), version, ct),
            at is null ? T["已取消定时发布。"] : T["已设置定时发布：{0}", at.Value.ToString("yyyy-MM-dd HH:mm")]);

    [HttpPost("/admin/content/{id}/delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(string id, int version, CancellationToken ct)
    {
        try
        {
            if (!await editing.DeleteDraftAsync(id, version, ct)) return NotFound();
        }
        catch (Exception e) when (e is ContentValidationException or ContentConcurrencyException)
        {
            TempData["Error"] = e is ContentValidationException v ? string.Join(" ", v.Errors.Select(x => x.Message)) : e.Message;
            return Redirect($"/admin/content/{id}/edit");
        }
        TempData["Message"] = T["草稿已删除。"].Value;
        return await editing.FindAsync(id, ct) is null ? Redirect("/admin/content") : Redirect($"/admin/content/{id}/edit");
    }

    /// <summary>Live preview of a Markdown field: the same sanitized HTML the portal will show.</summary>
    [HttpPost("/admin/content/preview"), ValidateAntiForgeryToken]
    public IActionResult Preview([FromForm] string? markdown) =>
        Content(renderer.ToSafeHtml(markdown), "text/html; charset=utf-8");

    /// <summary>Uploads one attachment; the editor page adds it to the field and it is kept when the item is saved.</summary>
    [HttpPost("/admin/content/files"), ValidateAntiForgeryToken]
    [RequestSizeLimit(200_000_000), RequestFormLimits(MultipartBodyLengthLimit = 200_000_000)]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken ct)
    {
        if (file is null) return BadRequest(new { error = T["请选择要上传的文件"].Value });
        try
        {
            await using var stream = file.OpenReadStream();
            var stored = await files.SaveAsync(file.FileName, stream, ct);
            return Json(new { id = stored.Id, name = stored.Name, size = stored.Size, contentType = stored.ContentType });
        }
        catch (ContentValidationException e)
        {
            return BadRequest(new { error = e.Errors[0].Message });
        }
    }

    /// <summary>An attachment of an item in the editor's scope (its draft or its published version).</summary>
    [HttpGet("/admin/content/{id}/files/{fileId}")]
    public async Task<IActionResult> Download(string id, string fileId, CancellationToken ct)
    {
        var versions = new[] { await editing.FindAsync(id, ct), await editing.FindPublishedAsync(id, ct) };
        foreach (var item in versions.OfType<ContentItem>())
        {
            var definition = await definitions.GetTypeAsync(item.ContentType, ct);
            if (definition is not null && Attachments.Find(definition, item, fileId) is { } file && files.OpenRead(file.Id) is { } stream)
                return File(stream, file.ContentType, file.Name);
        }
        return NotFound();
    }

    private async Task<IActionResult> Act(string id, Func<Task<ContentItem?>> action, string message)
    {
        try
        {
            if (await action() is null) return NotFound();
            TempData["Message"] = message;
        }
        catch (ContentValidationException e) { TempData["Error"] = string.Join(" ", e.Errors.Select(x => x.Message)); }
        catch (ContentConcurrencyException e) { TempData["Error"] = e.Message; }
        return Redirect($"/admin/content/{id}/edit");
    }

    private async Task<ContentEditorModel> EditorAsync(ContentTypeDefinition type, ContentItem? item, string title, JsonObject fields,
        IReadOnlyList<ContentError> errors, CancellationToken ct)
    {
        var codes = type.Fields.Where(f => f.Kind == ContentFieldKind.RegionList).SelectMany(f => FormFields.Regions(fields[f.Name]));
        return new ContentEditorModel
        {
            Type = type, Item = item, Title = title, Fields = fields, Errors = errors,
            HasPublished = item is not null && await editing.FindPublishedAsync(item.ContentItemId, ct) is not null,
            RegionNames = await regionNames.GetAsync(codes, ct),
            AllowedExtensions = files.AllowedExtensions, MaxUploadBytes = files.MaxUploadBytes,
        };
    }
}
