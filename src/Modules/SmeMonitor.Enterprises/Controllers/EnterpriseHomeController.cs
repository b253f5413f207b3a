using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Controllers;

/// <summary>The home page model: the account's enterprise (null before registration), its periods and the service information.</summary>
public sealed record EnterpriseHomePage(EnterpriseDetail? Enterprise, IReadOnlyList<HomePeriod> Periods, HomeServiceInfo Service);

/// <summary>企业用户首页 (ENT-8), for any signed-in account: without an enterprise it points to the registration.</summary>
[Authorize]
public sealed class EnterpriseHomeController(EnterpriseHome home) : Controller
{
    [HttpGet("/enterprise")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var enterprise = await home.FindAsync(userId, ct);
        var periods = enterprise is null ? [] : await home.LastPeriodsAsync(enterprise.Enterprise, ct);
        return View(new EnterpriseHomePage(enterprise, periods, await home.ServiceInfoAsync(ct)));
    }
}
