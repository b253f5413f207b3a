using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review;

/// <summary>
/// The review timeline of a report, for any page that shows a report (e.g. /admin/reports/{id} and the enterprise's
/// history): <c>@await Component.InvokeAsync("ReportTimeline", new { reportId })</c>. An administrator whose region
/// contains the report sees who did what; the enterprise that owns it sees its status changes and reasons; anyone else nothing.
/// </summary>
public sealed class ReportTimelineViewComponent(ReviewTimeline timeline, IScopeService scopes, SmeDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long reportId)
    {
        var report = await db.Set<Report>().AsNoTracking().Where(r => r.Id == reportId).Select(r => new { r.RegionCode, r.EnterpriseId }).FirstOrDefaultAsync();
        if (report is null) return Content("");
        var scope = await scopes.GetScopeAsync();
        var administrator = scope.Contains(report.RegionCode);
        if (!administrator)
        {
            var userId = UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier);
            if (userId is null || !await db.Set<Enterprise>().AnyAsync(e => e.Id == report.EnterpriseId && e.UserId == userId)) return Content("");
        }
        return View(await timeline.ForAsync(reportId, administrator));
    }
}
