using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Jobs;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>The enterprise's import page: the chosen period and filler, and the problems of the last upload.</summary>
public sealed record ReportImportPage(string Period, string? FillerName, IReadOnlyList<string> Errors);

/// <summary>The administrator's batch page: the period of the template, import and export.</summary>
public sealed record BatchImportPage(string Period, string? Error);

/// <summary>
/// 上报导入 (REP-12) for an enterprise and 批量导入 / 导出 (REP-13) for administrators. The enterprise import is checked and
/// saved at once (nothing stored on any error); the batch import and the period export run as background jobs (/jobs).
/// </summary>
[Authorize]
public sealed class ReportImportController(ReportImport import, ReportWorkbooks books, ReportTypeService types, ExcelService excel,
    IBackgroundJobs jobs, IScopeService scopes, TimeProvider clock, IStringLocalizer<Strings> T) : Controller
{
    [HttpGet("/enterprise/reports/import")]
    public IActionResult Index(string? period) =>
        View(new ReportImportPage(ReportPeriod.TryParse(period, out var p) ? p.ToString() : ReportPeriod.Current(clock).ToString(), null, []));

    [HttpGet("/enterprise/reports/import/template")]
    public async Task<IActionResult> Template(string? period, CancellationToken ct)
    {
        var enterprise = await import.OwnEnterpriseAsync(UserId, ct);
        if (enterprise is null || !ReportPeriod.TryParse(period, out var p)) return NotFound();
        var template = await import.TemplateAsync(enterprise.Id, p, ct);
        return template is null ? NotFound() : await FileAsync(template.Value.Sheets, $"导入模板_{p}.xlsx", ct);
    }

    [HttpPost("/enterprise/reports/import"), ValidateAntiForgeryToken, RequestSizeLimit(64 * 1024 * 1024)]
    public async Task<IActionResult> Upload(string? period, string? fillerName, IFormFile? file, CancellationToken ct)
    {
        var enterprise = await import.OwnEnterpriseAsync(UserId, ct);
        if (enterprise is null) return NotFound();
        IReadOnlyList<string> errors;
        if (!ReportPeriod.TryParse(period, out var p)) errors = [T["请选择报表月份。"]];
        else if (file is null) errors = [T["请选择要上传的文件。"]];
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await import.ImportAsync(enterprise.Id, p, fillerName, stream, UserId, ct);
            if (result.Succeeded)
            {
                TempData["Message"] = result.Warnings.Count == 0
                    ? T["导入成功，报表已保存。"].Value
                    : T["导入成功，报表已保存；有 {0} 条提示需要在填报页面填写说明后才能上报：{1}", result.Warnings.Count, string.Join("；", result.Warnings.Select(w => w.Message))].Value;
                return Redirect($"/enterprise/reports/{p}");
            }
            errors = result.Errors;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Index), new ReportImportPage(period ?? "", fillerName, errors));
    }

    [HttpGet("/admin/reports/import"), RequirePermission(Permissions.Import)]
    public IActionResult Batch(string? period) =>
        View(new BatchImportPage(ReportPeriod.TryParse(period, out var p) ? p.ToString() : ReportPeriod.Current(clock).ToString(), null));

    [HttpGet("/admin/reports/import/template"), RequirePermission(Permissions.Import)]
    public async Task<IActionResult> BatchTemplate(string? period, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        var type = await types.FindAsync(ReportDetails.MonthlyType, ct);
        if (!scope.IsAdministrator || type is null || !ReportPeriod.TryParse(period, out var p)) return NotFound();
        return await FileAsync(books.BatchTemplate(type.Definition, p, await import.BatchEnterprisesAsync(scope, ct)), $"批量导入模板_{p}.xlsx", ct);
    }

    [HttpPost("/admin/reports/import"), RequirePermission(Permissions.Import), ValidateAntiForgeryToken, RequestSizeLimit(64 * 1024 * 1024)]
    public async Task<IActionResult> BatchUpload(string? period, IFormFile? file, CancellationToken ct)
    {
        if (!(await scopes.GetScopeAsync(ct)).IsAdministrator) return NotFound();
        string? error = !ReportPeriod.TryParse(period, out var p) ? T["请选择报表月份。"].Value
            : file is null || file.Length == 0 ? T["请选择要上传的文件。"].Value
            : file.Length > excel.MaxFileBytes ? T["文件超过大小限制，请分成几个文件上传。"].Value
            : null;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Batch), new BatchImportPage(period ?? "", error));
        }
        await using var stream = file!.OpenReadStream();
        await jobs.EnqueueAsync(ReportBatchImportJob.JobKind, UserId, T["批量导入报表 {0}", p.ToString()], new ReportJobInput(p.ToString()), stream, file.FileName, ct);
        TempData["Message"] = T["已开始导入，请在“我的任务”中查看进度和结果。"].Value;
        return Redirect("/jobs");
    }

    [HttpPost("/admin/reports/export"), RequirePermission(Permissions.Import), ValidateAntiForgeryToken]
    public async Task<IActionResult> Export(string? period, CancellationToken ct)
    {
        if (!(await scopes.GetScopeAsync(ct)).IsAdministrator) return NotFound();
        if (!ReportPeriod.TryParse(period, out var p))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Batch), new BatchImportPage(period ?? "", T["请选择报表月份。"]));
        }
        await jobs.EnqueueAsync(ReportExportJob.JobKind, UserId, T["导出报表 {0}", p.ToString()], new ReportJobInput(p.ToString()), ct: ct);
        TempData["Message"] = T["已开始导出，请在“我的任务”中查看进度并下载结果。"].Value;
        return Redirect("/jobs");
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private async Task<IActionResult> FileAsync(IReadOnlyList<ExcelSheet> sheets, string name, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await excel.WriteAsync(buffer, sheets, ct);
        buffer.Position = 0;
        return File(buffer, ExcelService.ContentType, name);
    }
}
