using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;
using SmeMonitor.Platform.Models;

namespace SmeMonitor.Platform.Controllers;

/// <param name="regionNames">From the Directory module (always enabled; without it the region shows as its code).</param>
[Authorize]
public sealed class DashboardController(IScopeService scopes, IRegionNames? regionNames = null) : Controller
{
    /// <summary>The dashboard's front page: who you are and what you manage.</summary>
    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var code = scope.Administrator?.RegionCode;
        var name = code is null || regionNames is null ? code : (await regionNames.GetAsync([code], ct)).GetValueOrDefault(code, code);
        return View(new AdminHomeModel(scope, name));
    }
}

[RequirePermission(Permissions.ManageFeatures)]
public sealed class FeaturesController(ModuleCatalog catalog, IFeatureManager features, SmeDbContext db) : Controller
{
    [HttpGet("/admin/features")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new FeaturesViewModel(catalog, await features.GetEnabledAsync(ct)));

    [HttpPost("/admin/features/{id}/enable"), ValidateAntiForgeryToken]
    public Task<IActionResult> Enable(string id, CancellationToken ct) => Change(id, true, ct);

    [HttpPost("/admin/features/{id}/disable"), ValidateAntiForgeryToken]
    public Task<IActionResult> Disable(string id, CancellationToken ct) => Change(id, false, ct);

    private async Task<IActionResult> Change(string id, bool enable, CancellationToken ct)
    {
        if (catalog.FindFeature(id) is null) return NotFound();
        try
        {
            var changed = enable ? await features.EnableAsync(id, ct) : await features.DisableAsync(id, ct);
            await db.SaveChangesAsync(ct);
            features.Invalidate();
            TempData["Message"] = changed.Count == 0 ? "—" : string.Join(", ", changed) + (enable ? " ✓" : " ✗");
        }
        catch (FeatureException e)
        {
            TempData["Error"] = e.Message;
        }
        return RedirectToAction(nameof(Index));
    }
}

[RequirePermission(Permissions.ViewAuditLog)]
public sealed class AuditController(SmeDbContext db) : Controller
{
    [HttpGet("/admin/audit")]
    public async Task<IActionResult> Index(string? entityType, int page = 1, CancellationToken ct = default)
    {
        const int pageSize = 50;
        page = Math.Max(1, page);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) q = q.Where(a => a.EntityType == entityType);
        var rows = await q.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        // Who acted, by name: the stored user id alone means nothing to a reader.
        var ids = rows.Select(a => a.UserId).OfType<string>().Distinct().ToList();
        ViewData["Users"] = await db.Set<User>().AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) || u.DisplayName == u.UserName ? u.UserName ?? u.Id : $"{u.DisplayName} ({u.UserName})", ct);
        ViewData["Page"] = page;
        ViewData["HasNext"] = rows.Count > pageSize;
        ViewData["EntityType"] = entityType;
        return View(rows.Take(pageSize).ToList());
    }
}
