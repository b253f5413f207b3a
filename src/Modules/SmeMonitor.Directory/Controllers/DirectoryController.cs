using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory.Controllers;

/// <param name="ScopeRoot">The code prefix of the administrator's manageable region, for a picker limited to it; null for the nation or a non-administrator.</param>
public sealed record DirectoryPageModel(DirectorySnapshot Directory, string? ScopeRoot);

/// <summary>基础数据: the loaded regions, industries and size table, with pickers and calculators to try them.</summary>
[Authorize]
public sealed class DirectoryController(DirectoryCache cache, IScopeService scopes) : Controller
{
    [HttpGet("/admin/directory")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return View(new DirectoryPageModel(await cache.GetAsync(ct), string.IsNullOrEmpty(scope.Prefix) ? null : scope.Prefix));
    }
}
