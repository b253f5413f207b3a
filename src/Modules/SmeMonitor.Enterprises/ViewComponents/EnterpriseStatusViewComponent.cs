using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.ViewComponents;

/// <summary>
/// Portal home block for a signed-in enterprise account: where its registration stands and the way on —
/// the registration form when it has no enterprise yet (sign-in lands on the home page), else the enterprise home.
/// Nothing for visitors and administrators.
/// </summary>
public sealed class EnterpriseStatusViewComponent(EnterpriseHome home, IScopeService scopes) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || user.IsInRole(PermissionClaims.SuperAdminRole)) return Content("");
        var ct = HttpContext.RequestAborted;
        if ((await scopes.GetScopeAsync(ct)).IsAdministrator) return Content("");
        return View(await home.FindAsync(userId, ct));
    }
}
