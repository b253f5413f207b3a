using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Administrators.Models;
using SmeMonitor.Administrators.Services;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Controllers;

/// <summary>
/// 下级管理员维护 (ADM-2, ADM-3). The acting administrator is the signed-in user's enabled administrator
/// record; every id goes through <see cref="AdministratorService.Manageable"/>, so an administrator
/// outside the actor's region or at or above its level answers 404, as a missing one does.
/// </summary>
[RequirePermission(Permissions.ManageSubordinates)]
public sealed class AdministratorsController(AdministratorService service, IScopeService scopes, IRegionNames regionNames, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/admin/administrators")]
    public async Task<IActionResult> Index(string? q, AdminLevel? level, bool? enabled, int page = 1, CancellationToken ct = default)
    {
        var actor = await ActorAsync(ct);
        var filter = new AdministratorFilter(q, level, enabled, page);
        if (actor is null) return View(new AdministratorListPage(null, "", filter, null, []));
        var result = await service.ListAsync(actor, filter, ct);
        var region = (await regionNames.GetAsync([actor.RegionCode], ct)).GetValueOrDefault(actor.RegionCode, actor.RegionCode);
        return View(new AdministratorListPage(actor, region, filter, result, SubordinateRules.AssignableLevels(actor)));
    }

    [HttpGet("/admin/administrators/create")]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        if (actor is null || SubordinateRules.AssignableLevels(actor).Count == 0) return Forbid();
        return View(FormPage(actor, new AdministratorForm { Level = actor.Level + 1 }, null));
    }

    [HttpPost("/admin/administrators/create"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(AdministratorForm form, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        if (actor is null || SubordinateRules.AssignableLevels(actor).Count == 0) return Forbid();
        form.RegionCode = PostedRegionCode();
        var result = await service.CreateAsync(actor, form, ct);
        if (!result.Succeeded) return Invalid(View(FormPage(actor, form, null)), result);
        TempData["Message"] = T["已创建下级管理员 {0}。", form.UserName!.Trim()].Value;
        return Redirect($"/admin/administrators/{result.Id}");
    }

    [HttpGet("/admin/administrators/{id:long}")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        var target = actor is null ? null : await service.FindAsync(actor, id, ct);
        if (target is null) return NotFound();
        return View(FormPage(actor!, FormOf(target), target));
    }

    [HttpPost("/admin/administrators/{id:long}"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(long id, AdministratorForm form, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        if (actor is null) return NotFound();
        form.RegionCode = PostedRegionCode();
        return await AfterChange(actor, id, await service.UpdateAsync(actor, id, form, ct), form, T["已保存。"], ct);
    }

    [HttpPost("/admin/administrators/{id:long}/disable"), ValidateAntiForgeryToken]
    public Task<IActionResult> Disable(long id, int version, CancellationToken ct) => SetEnabled(id, false, version, ct);

    [HttpPost("/admin/administrators/{id:long}/enable"), ValidateAntiForgeryToken]
    public Task<IActionResult> Enable(long id, int version, CancellationToken ct) => SetEnabled(id, true, version, ct);

    private async Task<IActionResult> SetEnabled(long id, bool enabled, int version, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        if (actor is null) return NotFound();
        var result = await service.SetEnabledAsync(actor, id, enabled, version, ct);
        return await AfterChange(actor, id, result, null, enabled ? T["已启用。"] : T["已停用。"], ct);
    }

    /// <summary>Success: back to the edit page with a message. Otherwise the edit page again with the reason; a conflict shows the current state.</summary>
    private async Task<IActionResult> AfterChange(Administrator actor, long id, ChangeResult result, AdministratorForm? posted, string message, CancellationToken ct)
    {
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            TempData["Message"] = message;
            return Redirect($"/admin/administrators/{id}");
        }
        var target = await service.FindAsync(actor, id, ct);
        if (target is null) return NotFound();
        var form = result.Conflict || posted is null ? FormOf(target) : posted;
        return Invalid(View(nameof(Edit), FormPage(actor, form, target)), result);
    }

    private IActionResult Invalid(ViewResult view, ChangeResult result)
    {
        ModelState.Clear();
        ModelState.AddModelError(result.Conflict ? "" : result.Field ?? "", result.Error!);
        view.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }

    private async Task<Administrator?> ActorAsync(CancellationToken ct) => (await scopes.GetScopeAsync(ct)).Administrator;

    /// <summary>
    /// The region picker and its plain-text fallback both post RegionCode; when both are on the page
    /// the picker's value comes last, and the last value someone filled in wins.
    /// </summary>
    private string? PostedRegionCode() =>
        Request.Form["RegionCode"].LastOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static AdministratorForm FormOf(AdministratorRow a) => new()
    {
        Level = a.Level, RegionCode = a.RegionCode, OneClickAccept = a.OneClickAccept, SkipLevelAccept = a.SkipLevelAccept, Version = a.Version,
    };

    private static AdministratorFormPage FormPage(Administrator actor, AdministratorForm form, AdministratorRow? target) =>
        new(form, target, SubordinateRules.AssignableLevels(actor), actor.RegionPrefix, actor.Level == AdminLevel.Nation);
}
