using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Administrators.Models;
using SmeMonitor.Administrators.Services;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Controllers;

/// <summary>角色与权限 (ADM-5): roles and the permissions they grant, as data.</summary>
[RequirePermission(Permissions.ManageRoles)]
public sealed class RolesController(RoleService roles, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/admin/roles")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await roles.ListAsync(ct));

    [HttpGet("/admin/roles/create")]
    public IActionResult Create() => View(new RoleCreatePage(new RoleForm(), roles.AllPermissions()));

    [HttpPost("/admin/roles/create"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(RoleForm form, CancellationToken ct)
    {
        var (result, id) = await roles.CreateAsync(form, ct);
        if (!result.Succeeded)
        {
            ModelState.Clear();
            ModelState.AddModelError(result.Field ?? "", result.Error!);
            var view = View(new RoleCreatePage(form, roles.AllPermissions()));
            view.StatusCode = StatusCodes.Status400BadRequest;
            return view;
        }
        TempData["Message"] = T["已创建角色 {0}。", form.Name!.Trim()].Value;
        return Redirect($"/admin/roles/{id}");
    }

    [HttpGet("/admin/roles/{id}")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct)
    {
        var page = await roles.FindAsync(id, ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("/admin/roles/{id}"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string id, RoleForm form, CancellationToken ct)
    {
        var result = await roles.UpdateAsync(id, form, ct);
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            TempData["Message"] = T["已保存。权限变更在用户下次登录后生效。"].Value;
            return Redirect($"/admin/roles/{id}");
        }
        var current = await roles.FindAsync(id, ct);
        if (current is null) return NotFound();
        // After a conflict show what is stored now; after a mistake keep what was typed (and the version it was typed on).
        var page = result.Conflict ? current : current with { Form = form };
        ModelState.Clear();
        ModelState.AddModelError(result.Conflict ? "" : result.Field ?? "", result.Error!);
        var view = View(page);
        view.StatusCode = result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }
}
