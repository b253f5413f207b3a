using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Controllers;

/// <summary>The review queue page: the filter, the rows and the scope's root for the region picker.</summary>
public sealed record ReviewQueuePage(EnterpriseFilter Filter, EnterprisePage Result, string RegionRoot, bool IsAdministrator);

/// <summary>The detail page of a registration: every field, and the reason typed before a refused 退回.</summary>
public sealed record ReviewDetailPage(EnterpriseDetail Detail, string? Reason, string? Error);

/// <summary>
/// 企业注册审核 (ENT-5) for administrators: the queue of their region and the detail page with 通过 / 退回.
/// An enterprise outside the administrator's region answers 404, as a missing one does.
/// </summary>
[RequirePermission(Permissions.Review)]
public sealed class ReviewController(RegistrationReview review, IScopeService scopes) : Controller
{
    private const string Queue = "/admin/enterprises/registrations";

    [HttpGet(Queue)]
    public async Task<IActionResult> Index(string? region, string? q, int page = 1, CancellationToken ct = default)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var filter = new EnterpriseFilter(region, q, Page: page);
        return View(new ReviewQueuePage(filter, await review.QueueAsync(scope, filter, ct), scope.Prefix ?? "", scope.IsAdministrator));
    }

    [HttpGet(Queue + "/{id:long}")]
    public async Task<IActionResult> Detail(long id, CancellationToken ct)
    {
        var detail = await review.FindAsync(await scopes.GetScopeAsync(ct), id, ct);
        return detail is null ? NotFound() : View(new ReviewDetailPage(detail, null, null));
    }

    [HttpPost(Queue + "/{id:long}/approve"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Approve(long id, int version, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var result = await review.ApproveAsync(scope, id, version, ct);
        return await AfterAsync(scope, id, result, null, "approved", ct);
    }

    [HttpPost(Queue + "/{id:long}/return"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Return(long id, int version, string? reason, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var result = await review.ReturnAsync(scope, id, reason, version, ct);
        return await AfterAsync(scope, id, result, reason, "returned", ct);
    }

    private async Task<IActionResult> AfterAsync(RegionScope scope, long id, ReviewResult result, string? reason, string done, CancellationToken ct)
    {
        if (result.Outcome == ReviewOutcome.NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"{Queue}?done={done}");
        var detail = await review.FindAsync(scope, id, ct);
        if (detail is null) return NotFound();
        var view = View(nameof(Detail), new ReviewDetailPage(detail, result.Outcome == ReviewOutcome.Invalid ? reason : null, result.Error));
        view.StatusCode = result.Outcome == ReviewOutcome.AlreadyHandled ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }
}
