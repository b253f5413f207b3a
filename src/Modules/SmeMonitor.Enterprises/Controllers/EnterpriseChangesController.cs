using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Controllers;

public sealed record ChangeListPage(IReadOnlyList<ChangeRow> Rows, bool IsAdministrator);

public sealed record ChangeDetailPage(ChangeRow Row, string? Error, string? Reason);

/// <summary>
/// 企业信息变更审核 (ENT-6): key-field changes that failed the automatic check wait here for the reviewer.
/// Everything goes through the administrator's region scope: another region's change answers 404.
/// </summary>
[RequirePermission(Permissions.Review)]
public sealed class EnterpriseChangesController(EnterpriseChangeService changes, IScopeService scopes, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/admin/enterprises/changes")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return View(new ChangeListPage(await changes.ListPendingReviewAsync(scope, ct), scope.IsAdministrator));
    }

    [HttpGet("/admin/enterprises/changes/{id:long}")]
    public async Task<IActionResult> Detail(long id, CancellationToken ct)
    {
        var row = await changes.FindAsync(await scopes.GetScopeAsync(ct), id, ct);
        return row is null ? NotFound() : View(new ChangeDetailPage(row, null, null));
    }

    [HttpPost("/admin/enterprises/changes/{id:long}/approve"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Approve(long id, CancellationToken ct)
    {
        var reviewer = (await scopes.GetScopeAsync(ct)).Administrator;
        if (reviewer is null) return NotFound();
        return await AfterAsync(id, await changes.ApproveAsync(id, reviewer, ct), T["已通过，变更已生效，报表已解除冻结。"], null, ct);
    }

    [HttpPost("/admin/enterprises/changes/{id:long}/reject"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Reject(long id, string? reason, CancellationToken ct)
    {
        var reviewer = (await scopes.GetScopeAsync(ct)).Administrator;
        if (reviewer is null) return NotFound();
        return await AfterAsync(id, await changes.RejectAsync(id, reviewer, reason, ct), T["已驳回，原信息保留，报表已解除冻结。"], reason, ct);
    }

    private async Task<IActionResult> AfterAsync(long id, ChangeDecisionResult result, string message, string? reason, CancellationToken ct)
    {
        if (result.NotFound) return NotFound();
        if (result.Succeeded)
        {
            TempData["Message"] = message;
            return Redirect("/admin/enterprises/changes");
        }
        var row = await changes.FindAsync(await scopes.GetScopeAsync(ct), id, ct);
        if (row is null) return NotFound();
        var view = View(nameof(Detail), new ChangeDetailPage(row, result.Error, reason));
        view.StatusCode = StatusCodes.Status400BadRequest;
        return view;
    }
}
