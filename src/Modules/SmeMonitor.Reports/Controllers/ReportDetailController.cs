using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>The detail page's model: the report, where its export is, and which layout (enterprise portal or dashboard).</summary>
public sealed record ReportDetailPage(ReportDetail Detail, bool Administrator, string ExportUrl, string BackUrl);

/// <summary>
/// 报表详情 (REP-11) for the owning enterprise (/enterprise/reports/{yyyy-MM}) and for administrators whose region
/// contains the enterprise (/admin/reports/{id}); another region's report answers 404. Both export the same content to .xlsx.
/// </summary>
[Authorize]
public sealed class ReportDetailController(ReportDetails details, ExcelService excel, IScopeService scopes) : Controller
{
    public const string PeriodPattern = @"^\d{{4}}-\d{{2}}$";

    [HttpGet("/enterprise/reports/{period:regex(" + PeriodPattern + ")}")]
    public async Task<IActionResult> Enterprise(string period, CancellationToken ct)
    {
        var detail = await OwnAsync(period, ct);
        return detail is null ? NotFound() : View("Detail", new ReportDetailPage(detail, false, $"/enterprise/reports/{period}/export", "/enterprise/reports"));
    }

    [HttpGet("/enterprise/reports/{period:regex(" + PeriodPattern + ")}/export")]
    public async Task<IActionResult> EnterpriseExport(string period, CancellationToken ct) => await ExportAsync(await OwnAsync(period, ct), ct);

    [HttpGet("/admin/reports/{id:long}")]
    public async Task<IActionResult> Admin(long id, CancellationToken ct)
    {
        var detail = await ScopedAsync(id, ct);
        return detail is null ? NotFound() : View("Detail", new ReportDetailPage(detail, true, $"/admin/reports/{id}/export", "/admin/reports/import"));
    }

    [HttpGet("/admin/reports/{id:long}/export")]
    public async Task<IActionResult> AdminExport(long id, CancellationToken ct) => await ExportAsync(await ScopedAsync(id, ct), ct);

    private async Task<ReportDetail?> OwnAsync(string period, CancellationToken ct) =>
        ReportPeriod.TryParse(period, out var p) ? await details.ForOwnerAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, p, ct) : null;

    private async Task<ReportDetail?> ScopedAsync(long id, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return scope.IsAdministrator ? await details.ForAdministratorAsync(scope, id, ct) : null;
    }

    private async Task<IActionResult> ExportAsync(ReportDetail? detail, CancellationToken ct)
    {
        if (detail is null) return NotFound();
        var buffer = new MemoryStream();
        await excel.WriteAsync(buffer, details.Sheets(detail), ct);
        buffer.Position = 0;
        return File(buffer, ExcelService.ContentType, ReportDetails.ExportName(detail));
    }
}
