using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Notices.Models;

namespace SmeMonitor.Notices.Controllers;

/// <summary>Define content types in the dashboard (e.g. 政策解读): a name, a display name and fields; no code.</summary>
[RequirePermission(Permissions.ManageTypes)]
public sealed class ContentTypesController(ContentDefinitionManager definitions, SmeDbContext db, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/admin/content-types")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        ViewData["Counts"] = await db.Set<ContentItem>().Where(i => i.Latest).GroupBy(i => i.ContentType)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return View(await definitions.ListTypesAsync(ct));
    }

    [HttpGet("/admin/content-types/new")]
    public IActionResult Create() => View("Edit", new ContentTypeForm
    {
        Fields = [new FieldForm { Name = "Body", DisplayName = T["正文"], Kind = "markdown" }],
    });

    [HttpPost("/admin/content-types/new"), ValidateAntiForgeryToken]
    public Task<IActionResult> Create(ContentTypeForm form, CancellationToken ct) => Save(form, null, ct);

    [HttpGet("/admin/content-types/{name}")]
    public async Task<IActionResult> Edit(string name, CancellationToken ct)
    {
        var type = await definitions.GetTypeAsync(name, ct);
        return type is null ? NotFound() : View(ContentTypeForm.From(type));
    }

    [HttpPost("/admin/content-types/{name}"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string name, ContentTypeForm form, CancellationToken ct)
    {
        var type = await definitions.GetTypeAsync(name, ct);
        if (type is null) return NotFound();
        form.Name = name;
        return await Save(form, type, ct);
    }

    [HttpPost("/admin/content-types/{name}/delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(string name, CancellationToken ct)
    {
        if (await definitions.GetTypeAsync(name, ct) is null) return NotFound();
        try
        {
            await definitions.DeleteTypeAsync(name, ct);
            TempData["Message"] = T["内容类型已删除。"].Value;
            return Redirect("/admin/content-types");
        }
        catch (ContentValidationException e)
        {
            TempData["Error"] = string.Join(" ", e.Errors.Select(x => x.Message));
            return Redirect($"/admin/content-types/{name}");
        }
    }

    private async Task<IActionResult> Save(ContentTypeForm form, ContentTypeDefinition? existing, CancellationToken ct)
    {
        var unknownKind = form.Fields.FirstOrDefault(f => !ContentFieldKinds.TryParse(f.Kind, out _));
        try
        {
            if (unknownKind is not null) throw new ContentValidationException([new("", T["未知的字段类型“{0}”", unknownKind.Kind])]);
            var type = form.ToDefinition(existing);
            await definitions.SaveTypeAsync(type, existing is null ? 0 : form.Revision, ct);
            TempData["Message"] = T["内容类型“{0}”已保存。", type.DisplayName].Value;
            return Redirect($"/admin/content-types/{type.Name}");
        }
        catch (Exception e) when (e is ContentValidationException or ContentConcurrencyException)
        {
            Response.StatusCode = e is ContentConcurrencyException ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            ViewData["Errors"] = e is ContentValidationException v ? v.Errors.Select(x => x.Message).ToList() : [e.Message];
            ViewData["IsNew"] = existing is null;
            return View("Edit", form);
        }
    }
}
