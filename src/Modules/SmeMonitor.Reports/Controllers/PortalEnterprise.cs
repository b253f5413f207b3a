using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>
/// The enterprise of the signed-in account, for the portal's report pages. Administrators (and the super administrator)
/// are not enterprises: 403. An account without an enterprise: 404. An enterprise not approved or disabled goes to its
/// home page, which says why it cannot report.
/// </summary>
internal static class PortalEnterprise
{
    public static async Task<(EnterpriseDetail? Enterprise, IActionResult? Refusal)> ResolveAsync(Controller page, EnterpriseDirectory directory,
        IScopeService scopes, CancellationToken ct)
    {
        if (page.User.IsInRole(PermissionClaims.SuperAdminRole) || (await scopes.GetScopeAsync(ct)).IsAdministrator) return (null, page.Forbid());
        var userId = page.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var found = userId is null ? null : await directory.FindByUserAsync(userId, ct);
        if (found is null) return (null, page.NotFound());
        if (found.Enterprise.Status != RegistrationStatus.Approved || found.Enterprise.Disabled) return (null, page.Redirect("/enterprise"));
        return (found, null);
    }
}
