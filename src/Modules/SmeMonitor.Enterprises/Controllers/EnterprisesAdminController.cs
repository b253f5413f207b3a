using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Controllers;

/// <summary>The list page of 监测企业信息管理: filter, rows, whom 变更审核员 offers, the scope's root for the region picker.</summary>
public sealed record EnterpriseListPage(EnterpriseFilter Filter, EnterprisePage Result, IReadOnlyList<ReviewerCandidate> Candidates,
    string RegionRoot, bool IsAdministrator, string? Error);

public sealed record EnterpriseAdminDetailPage(EnterpriseDetail Detail, string? Error);

/// <summary>
/// 监测企业信息管理 (ENT-7): the enterprises the administrator manages (<see cref="EnterpriseDirectory.Manageable"/>),
/// their detail, 禁用/启用, 删除 and 变更审核员. Anything outside the administrator's reach answers 404.
/// </summary>
[RequirePermission(Permissions.Manage)]
public sealed class EnterprisesAdminController(EnterpriseDirectory directory, EnterpriseManagement management, IScopeService scopes) : Controller
{
    private const string List = "/admin/enterprises";

    [HttpGet(List)]
    public async Task<IActionResult> Index([FromQuery] EnterpriseQuery query, CancellationToken ct) =>
        View(await ListPageAsync(query.ToFilter(), null, ct));

    [HttpGet(List + "/{id:long}")]
    public async Task<IActionResult> Detail(long id, CancellationToken ct)
    {
        var detail = await directory.FindAsync(directory.Manageable(await scopes.GetScopeAsync(ct)), id, ct);
        return detail is null ? NotFound() : View(new EnterpriseAdminDetailPage(detail, null));
    }

    [HttpPost(List + "/{id:long}/disable"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Disable(long id, int version, CancellationToken ct) =>
        await AfterAsync(id, await management.SetDisabledAsync(await scopes.GetScopeAsync(ct), id, true, version, ct), "disabled", ct);

    [HttpPost(List + "/{id:long}/enable"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Enable(long id, int version, CancellationToken ct) =>
        await AfterAsync(id, await management.SetDisabledAsync(await scopes.GetScopeAsync(ct), id, false, version, ct), "enabled", ct);

    [HttpPost(List + "/{id:long}/delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(long id, int version, CancellationToken ct)
    {
        var result = await management.DeleteAsync(await scopes.GetScopeAsync(ct), id, version, ct);
        if (result.Outcome == ManagementOutcome.Done) return Redirect($"{List}?done=deleted");
        if (result.Outcome == ManagementOutcome.KeptDisabled) return Redirect($"{List}/{id}?done=kept");
        return await AfterAsync(id, result, "", ct);
    }

    /// <summary>变更审核员 for the enterprises ticked on the list; refused as a whole when any does not fit.</summary>
    [HttpPost(List + "/reviewer"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangeReviewer([FromForm] long[] ids, [FromForm] long reviewerId, [FromQuery] EnterpriseQuery query, CancellationToken ct)
    {
        var result = await management.ChangeReviewerAsync(await scopes.GetScopeAsync(ct), ids, reviewerId, ct);
        if (result.Outcome == ManagementOutcome.NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"{List}?done=reviewer");
        var view = View(nameof(Index), await ListPageAsync(query.ToFilter(), result.Error, ct));
        view.StatusCode = result.Outcome == ManagementOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }

    private async Task<EnterpriseListPage> ListPageAsync(EnterpriseFilter filter, string? error, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var result = await directory.ListAsync(directory.Manageable(scope), filter, ct);
        var candidates = scope.IsAdministrator ? await management.ReviewerCandidatesAsync(scope, ct) : [];
        return new EnterpriseListPage(filter, result, candidates, scope.Prefix ?? "", scope.IsAdministrator, error);
    }

    private async Task<IActionResult> AfterAsync(long id, ManagementResult result, string done, CancellationToken ct)
    {
        if (result.Outcome == ManagementOutcome.NotFound) return NotFound();
        if (result.Succeeded) return Redirect($"{List}/{id}?done={done}");
        var detail = await directory.FindAsync(directory.Manageable(await scopes.GetScopeAsync(ct)), id, ct);
        if (detail is null) return NotFound();
        var view = View(nameof(Detail), new EnterpriseAdminDetailPage(detail, result.Error));
        view.StatusCode = result.Outcome == ManagementOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }
}

/// <summary>The list's query string: region, q (name or 用户ID), status, disabled, page.</summary>
public sealed class EnterpriseQuery
{
    public string? Region { get; set; }
    public string? Q { get; set; }
    public Models.RegistrationStatus? Status { get; set; }
    public bool? Disabled { get; set; }
    public int Page { get; set; } = 1;

    public EnterpriseFilter ToFilter() => new(Region, Q, Status, Disabled, Page);
}
