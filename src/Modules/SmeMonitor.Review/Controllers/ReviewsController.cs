using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review.Controllers;

/// <summary>The queue page: filter, rows, the grants that show 一键接收/越级接收, the region picker's root, a bulk summary.</summary>
public sealed record ReviewQueuePage(ReviewQuery Query, string? Screening, ReviewPage Result, string RegionRoot, bool IsAdministrator,
    bool CanOneClick, bool CanSkipLevel, BulkSummary? Summary, string? Message);

/// <summary>查看本月 / 查看上月: the report and its enterprise beside last month's report (null when there is none).</summary>
public sealed record ReviewDetailPage(Report Report, ReportForm Current, ReportForm? Previous, bool Held, IReadOnlyList<string> ScreeningMessages,
    string? Error, string? Reason);

/// <summary>企业上报数据审核 (REV-3..6): /admin/reviews. Scope: another region's report is 404; acting on a report one does not hold is refused with its reason.</summary>
[RequirePermission(Permissions.ReviewReports)]
public sealed class ReviewsController(ReviewService reviews, ReportService reports, IScopeService scopes, SmeDbContext db) : Controller
{
    private const string Queue = "/admin/reviews";

    [HttpGet(Queue)]
    public async Task<IActionResult> Index(string? view, string? region, int? year, int? month, string? screening, string? q, int page = 1,
        CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var query = new ReviewQuery(view, region, year, month, screening switch { "passed" => true, "failed" => false, _ => null }, q, page);
        var admin = scope.Administrator;
        var result = admin is null ? new ReviewPage([], 0, 1, 20) : await reviews.ListAsync(admin, query, ct);
        var summary = TempData["summary"] is string s ? System.Text.Json.JsonSerializer.Deserialize<BulkSummary>(s) : null;
        return View(new ReviewQueuePage(query, screening, result, scope.Prefix ?? "", scope.IsAdministrator,
            admin is { CanOneClickAccept: true }, admin is { CanSkipLevelAccept: true, Level: AdminLevel.Province }, summary, TempData["message"] as string));
    }

    [HttpGet(Queue + "/{id:long}")]
    public async Task<IActionResult> Detail(long id, CancellationToken ct) => await DetailAsync(id, null, null, ct);

    [HttpPost(Queue + "/{id:long}/accept"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Accept(long id, CancellationToken ct)
    {
        if ((await scopes.GetScopeAsync(ct)).Administrator is not { } admin) return NotFound();
        var result = await reviews.AcceptAsync(admin, UserId, id, ct);
        if (result.NotFound) return NotFound();
        if (!result.Succeeded) return await DetailAsync(id, result.Error, null, ct);
        TempData["message"] = "accepted";
        return Redirect(Queue);
    }

    [HttpPost(Queue + "/{id:long}/return"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Return(long id, string? reason, CancellationToken ct)
    {
        if ((await scopes.GetScopeAsync(ct)).Administrator is not { } admin) return NotFound();
        var result = await reviews.ReturnAsync(admin, UserId, id, reason, ct);
        if (result.NotFound) return NotFound();
        if (!result.Succeeded) return await DetailAsync(id, result.Error, reason, ct);
        TempData["message"] = "returned";
        return Redirect(Queue);
    }

    [HttpPost(Queue + "/one-click-accept"), ValidateAntiForgeryToken]
    public Task<IActionResult> OneClick(CancellationToken ct) => BulkAsync((a, u) => reviews.OneClickAcceptAsync(a, u, ct), ct);

    [HttpPost(Queue + "/skip-level-accept"), ValidateAntiForgeryToken]
    public Task<IActionResult> SkipLevel(CancellationToken ct) => BulkAsync((a, u) => reviews.SkipLevelAcceptAsync(a, u, ct), ct);

    private async Task<IActionResult> BulkAsync(Func<Administrator, string, Task<(BulkSummary? Summary, string? Error)>> act, CancellationToken ct)
    {
        if ((await scopes.GetScopeAsync(ct)).Administrator is not { } admin) return Forbid();
        var (summary, error) = await act(admin, UserId);
        if (summary is null) return Forbid();
        TempData["summary"] = System.Text.Json.JsonSerializer.Serialize(summary);
        return Redirect(Queue);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private async Task<IActionResult> DetailAsync(long id, string? error, string? reason, CancellationToken ct)
    {
        if ((await scopes.GetScopeAsync(ct)).Administrator is not { } admin || !await reviews.InScopeAsync(admin, id, ct)) return NotFound();
        var report = await db.Set<Report>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
        var typeName = await db.Set<ReportType>().Where(t => t.Id == report.ReportTypeId).Select(t => t.Name).FirstAsync(ct);
        var period = new ReportPeriod(report.Year, report.Month);
        var current = await reports.OpenAsync(new ReportKey(report.EnterpriseId, typeName, period), ct);
        if (current is null) return NotFound();
        var previous = await reports.OpenAsync(new ReportKey(report.EnterpriseId, typeName, period.Previous), ct);
        if (previous?.Report is null) previous = null;
        var held = await reviews.HoldsAsync(admin, id, ct);
        if (error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Detail", new ReviewDetailPage(report, current, previous, held, ReportScreening.Messages(report.ScreeningMessages), error, reason));
    }
}
