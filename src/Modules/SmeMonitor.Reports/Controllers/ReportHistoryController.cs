using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>The history page: the filter as given (status = a <see cref="ReportStatus"/> name or "Unfilled") and the page of periods.</summary>
public sealed record ReportHistoryView(ReportHistoryPage Page, bool AllYears, string? Status);

/// <summary>
/// 历史报送 (REP-10): the enterprise's periods by year or across years and by status, each with exactly the actions
/// <see cref="ReportActions.For"/> offers: 编辑 / 补报 (the wizard), 退回原因, 撤销 (POST, <see cref="ReportService.WithdrawAsync"/>), 查看.
/// </summary>
[Authorize]
public sealed class ReportHistoryController(ReportHistory history, ReportService reports, ReportTypeService types, EnterpriseDirectory directory,
    IScopeService scopes, IStringLocalizer<Strings> T) : Controller
{
    public const string UnfilledStatus = "Unfilled";

    [HttpGet(ReportUrls.History)]
    public async Task<IActionResult> Index(int? year, bool all = false, string? status = null, int page = 1, CancellationToken ct = default)
    {
        var (enterprise, refusal) = await PortalEnterprise.ResolveAsync(this, directory, scopes, ct);
        if (refusal is not null) return refusal;
        var unfilled = status == UnfilledStatus;
        ReportStatus? wanted = !unfilled && Enum.TryParse<ReportStatus>(status, out var s) && Enum.IsDefined(s) ? s : null;
        var result = await history.ListAsync(enterprise!.Enterprise, new ReportHistoryFilter(year, all, wanted, unfilled, page), ct);
        return View("Index", new ReportHistoryView(result, all, unfilled ? UnfilledStatus : wanted?.ToString()));
    }

    /// <summary>撤销: the report goes back to 编辑 while no administrator has acted; otherwise the refusal is shown.</summary>
    [HttpPost("/enterprise/reports/{period}/withdraw"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Withdraw(string period, [FromForm] int version, CancellationToken ct)
    {
        var (enterprise, refusal) = await PortalEnterprise.ResolveAsync(this, directory, scopes, ct);
        if (refusal is not null) return refusal;
        var type = (await types.ListAsync(ct)).FirstOrDefault();
        if (!ReportPeriod.TryParse(period, out var p) || type is null) return NotFound();
        var result = await reports.WithdrawAsync(new ReportKey(enterprise!.Enterprise.Id, type.Type.Name, p), version,
            User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (result.NotFound) return NotFound();
        if (result.Succeeded) TempData["Message"] = T["{0}报表已撤销，可以修改后重新上报。", p.ToString()].Value;
        else TempData["Error"] = string.Join(" ", result.Errors.Select(e => e.Message));
        return Redirect($"{ReportUrls.History}?year={p.Year}");
    }
}
