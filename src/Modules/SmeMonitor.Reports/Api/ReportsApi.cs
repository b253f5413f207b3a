using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Jobs;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Api;

/// <summary>A report in a list. Status: Draft, Frozen, Unfrozen, InReview, Returned, Approved; fillMode: Online, Import.</summary>
public sealed record ReportSummaryDto(long Id, long EnterpriseId, string EnterpriseName, string? CreditCode, string Period, string Status,
    string FillMode, string FillerName, DateTimeOffset UpdatedAt, int Version);

public sealed record ReportListDto(int Total, int Page, int PageSize, IReadOnlyList<ReportSummaryDto> Items);

/// <summary>The four columns of an indicator; <c>cumulativeGrowth</c> (累计同比增长, %) is computed and ignored on input.</summary>
public sealed record ReportValuesDto(decimal? Month, decimal? Cumulative, decimal? LastYearMonth, decimal? LastYearCumulative, decimal? CumulativeGrowth = null);

public sealed record ReportProductDto(string? Name, string? Code, string? Unit, decimal? Production, decimal? Sales, decimal? ClosingStock);

public sealed record ReportWarningDto(string RuleId, string Message, string Explanation);

public sealed record ReportTransitionDto(string? From, string To, string? User, string? Reason, DateTimeOffset At);

/// <summary>One report: the enterprise as filed, the values by indicator code, products, confirmed warnings and the status history.</summary>
public sealed record ReportDto(long Id, long EnterpriseId, string EnterpriseName, string? CreditCode, string RegionCode, string? IndustryCode, string? Size,
    string Period, string Status, string FillMode, string FillerName, string? ReturnReason, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, int Version,
    IReadOnlyDictionary<string, ReportValuesDto> Values, IReadOnlyList<ReportProductDto> Products, IReadOnlyList<ReportWarningDto> Warnings,
    IReadOnlyList<ReportTransitionDto> Transitions)
{
    public static ReportDto From(ReportDetail d) => new(d.Report.Id, d.Enterprise.Id, d.Enterprise.Name, d.Enterprise.CreditCode, d.Report.RegionCode,
        d.Report.IndustryCode, d.Report.Size?.ToString(), d.Period.ToString(), d.Report.Status.ToString(), d.Report.FillMode.ToString(), d.Report.FillerName,
        d.Report.ReturnReason, d.Report.UpdatedAt, d.Report.SubmittedAt, d.Report.Version,
        d.Values.ToDictionary(v => v.Key, v => new ReportValuesDto(v.Value.Month, v.Value.Cumulative, v.Value.LastYearMonth, v.Value.LastYearCumulative, v.Value.CumulativeGrowth)),
        [.. d.Products.Select(p => new ReportProductDto(p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock))],
        [.. d.Warnings.Select(w => new ReportWarningDto(w.RuleId, w.Message, w.Explanation))],
        [.. d.Transitions.Select(t => new ReportTransitionDto(t.From?.ToString(), t.To.ToString(), t.UserName, t.Reason, t.At))]);
}

/// <summary>
/// Save and submit (填报并上报) of the caller's own report: <c>version</c> is the report's (0 while 未填报); <c>explanations</c> by rule id
/// confirm warnings; <c>submit</c> false only saves (下一步).
/// </summary>
public sealed record ReportSubmitRequest(string? FillerName, Dictionary<string, ReportValuesDto>? Values, List<ReportProductDto>? Products,
    Dictionary<string, string>? Explanations, int Version, bool Submit = true);

/// <summary>
/// The request body's JSON contract, generated at build time: the endpoint asks for it when it is built, at start, and by
/// reflection that took tens of milliseconds of a cold start. Registered in the minimal APIs' JSON options by the Startup.
/// </summary>
[JsonSerializable(typeof(ReportSubmitRequest))]
internal sealed partial class ReportsApiJson : JsonSerializerContext;

/// <summary>The outcome of a save/submit or an import: the report, and warnings that still need an explanation before 上报.</summary>
public sealed record ReportSaveDto(ReportDto Report, IReadOnlyList<ReportWarningDto> PendingWarnings);

/// <summary>A batch import accepted as a background job: follow it at <c>jobUrl</c> (/jobs) and download its result there.</summary>
public sealed record ReportJobDto(long JobId, string JobUrl);

/// <summary>/api/v1/reports: read (scoped), save and submit for an enterprise token, import template and import (REP-11..13).</summary>
public static class ReportsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization();

        api.MapGet("", ListAsync).WithName("ListReports")
            .WithSummary("Monthly reports the caller may see")
            .WithDescription("An enterprise account sees its own reports; an administrator those of enterprises in its region. " +
                             "Filters: year, month, status (Draft, Frozen, Unfrozen, InReview, Returned, Approved); page, pageSize (≤ 200). Newest period first.");
        api.MapGet("/{id:long}", GetAsync).WithName("GetReport")
            .WithSummary("One report: values (four columns and 累计同比增长), products, confirmed warnings, status history")
            .WithDescription("404 when the report does not exist, is not the caller's enterprise's, or lies outside the administrator's region.");
        api.MapPut("/{period}", SubmitAsync).WithName("SubmitOwnReport")
            .WithSummary("Save the caller's own report for a month (yyyy-MM) and submit it (上报)")
            .WithDescription("The same checks as the online form: flags and error rules on save, warning rules with explanations, then 上报. " +
                             "400 with errors keyed values.{code}.{column}, products[n] or \"\" (nothing stored when the save is refused; when only the submit " +
                             "is refused the values stay saved as 编辑 and pendingWarnings lists what needs an explanation); 409 when version is not the stored one; " +
                             "403 for administrator accounts.")
            .Accepts<ReportSubmitRequest>("application/json");
        api.MapGet("/template", TemplateAsync).WithName("GetReportTemplate")
            .WithSummary("Import template (.xlsx) for a month")
            .WithDescription("period=yyyy-MM. An enterprise gets its own template (sheets 说明, 指标, 产品); an administrator with Reports.Import the " +
                             "batch template listing the enterprises of its region.");
        api.MapPost("/import", ImportAsync).WithName("ImportReports")
            .WithSummary("Import a filled template (multipart: file, period, fillerName)")
            .WithDescription("Personal access token only. An enterprise's file is checked like the online form and saved at once (200), or refused as a whole " +
                             "(400, errors naming sheet, row, column and rule). An administrator's batch file (Reports.Import) runs as a background job (202 with its id).")
            .DisableAntiforgery()
            .RequireAuthorization(p => p.AddAuthenticationSchemes("PersonalAccessToken").RequireAuthenticatedUser());
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static async Task<Results<Ok<ReportListDto>, ValidationProblem>> ListAsync(ClaimsPrincipal user, IScopeService scopes, ReportDetails details,
        SmeDbContext db, int? year, int? month, string? status, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        ReportStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ReportStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be one of Draft, Frozen, Unfrozen, InReview, Returned, Approved"] });
            statusFilter = parsed;
        }
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var scope = await scopes.GetScopeAsync(ct);
        var userId = UserId(user);
        var reports = scope.IsAdministrator ? details.InScope(scope)
            : from r in db.Set<Report>() join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id where e.UserId == userId select r;
        if (year is { } y) reports = reports.Where(r => r.Year == y);
        if (month is { } m) reports = reports.Where(r => r.Month == m);
        if (statusFilter is { } s) reports = reports.Where(r => r.Status == s);
        var rows = from r in reports join e in db.Set<Enterprise>() on r.EnterpriseId equals e.Id select new { r, e.Name, e.CreditCode };
        var total = await rows.CountAsync(ct);
        var items = await rows.AsNoTracking().OrderByDescending(x => x.r.Year).ThenByDescending(x => x.r.Month).ThenBy(x => x.r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new ReportListDto(total, page, pageSize, [.. items.Select(x => new ReportSummaryDto(x.r.Id, x.r.EnterpriseId, x.Name, x.CreditCode,
            new ReportPeriod(x.r.Year, x.r.Month).ToString(), x.r.Status.ToString(), x.r.FillMode.ToString(), x.r.FillerName, x.r.UpdatedAt, x.r.Version))]));
    }

    private static async Task<Results<Ok<ReportDto>, NotFound>> GetAsync(long id, ClaimsPrincipal user, IScopeService scopes, ReportDetails details, CancellationToken ct)
    {
        var detail = await FindAsync(id, user, scopes, details, ct);
        return detail is null ? TypedResults.NotFound() : TypedResults.Ok(ReportDto.From(detail));
    }

    private static async Task<ReportDetail?> FindAsync(long id, ClaimsPrincipal user, IScopeService scopes, ReportDetails details, CancellationToken ct)
    {
        var scope = await scopes.GetScopeAsync(ct);
        return scope.IsAdministrator ? await details.ForAdministratorAsync(scope, id, ct) : await details.OwnedAsync(UserId(user), id, ct);
    }

    private static async Task<Results<Ok<ReportSaveDto>, ValidationProblem, Conflict<ProblemDetailsDto>, NotFound, ForbidHttpResult>> SubmitAsync(
        string period, ReportSubmitRequest request, ClaimsPrincipal user, IScopeService scopes, ReportImport import, ReportService reports,
        ReportDetails details, CancellationToken ct)
    {
        if ((await scopes.GetScopeAsync(ct)).IsAdministrator) return TypedResults.Forbid();
        var userId = UserId(user);
        var enterprise = await import.OwnEnterpriseAsync(userId, ct);
        if (enterprise is null) return TypedResults.NotFound();
        if (!ReportPeriod.TryParse(period, out var p))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["must be yyyy-MM"] });
        var key = new ReportKey(enterprise.Id, ReportDetails.MonthlyType, p);
        var values = (request.Values ?? []).ToDictionary(v => v.Key, v => new IndicatorValues(v.Value.Month, v.Value.Cumulative, v.Value.LastYearMonth, v.Value.LastYearCumulative), StringComparer.Ordinal);
        var products = (request.Products ?? []).Select(x => new ProductRow(x.Name, x.Code, x.Unit, x.Production, x.Sales, x.ClosingStock)).ToList();

        var entry = new ReportEntry(values, products, request.FillerName, request.Version);
        var explanations = request.Explanations ?? [];
        ReportResult result;
        if (request.Submit)
        {
            result = await reports.SaveAndSubmitAsync(key, entry, explanations, userId, ct);
            if (Refused(result) is { } refused) return refused;
        }
        else
        {
            result = await reports.NextAsync(key, entry, userId, ct);
            if (Refused(result) is { } refused) return refused;
            var wanted = explanations.Where(x => result.Unconfirmed.Contains(x.Key)).ToDictionary();
            if (wanted.Count > 0)
            {
                result = await reports.ConfirmAsync(key, wanted, result.Report!.Version, userId, ct);
                if (Refused(result) is { } notConfirmed) return notConfirmed;
            }
        }
        var detail = (await details.ForOwnerAsync(userId, p, ct))!;
        return TypedResults.Ok(new ReportSaveDto(ReportDto.From(detail), Pending(result)));
    }

    private static List<ReportWarningDto> Pending(ReportResult result) =>
        [.. result.Warnings.Where(w => result.Unconfirmed.Contains(w.RuleId!)).Select(w => new ReportWarningDto(w.RuleId!, w.Message, ""))];

    private static Results<Ok<ReportSaveDto>, ValidationProblem, Conflict<ProblemDetailsDto>, NotFound, ForbidHttpResult>? Refused(ReportResult result)
    {
        if (result.Succeeded) return null;
        if (result.Conflict) return TypedResults.Conflict(new ProblemDetailsDto(result.Errors[0].Message));
        if (result.NotFound) return TypedResults.NotFound();
        var errors = result.Errors.GroupBy(Key).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        if (result.Unconfirmed.Count > 0)
            errors["pendingWarnings"] = [.. result.Warnings.Where(w => result.Unconfirmed.Contains(w.RuleId!)).Select(w => $"{w.RuleId}: {w.Message}")];
        return TypedResults.ValidationProblem(errors);
    }

    private static string Key(ReportProblem p) =>
        p.ProductRow is { } n ? $"products[{n - 1}]"
        : p.IndicatorCode is { } code ? p.Column is { } c ? $"values.{code}.{char.ToLowerInvariant(c.ToString()[0])}{c.ToString()[1..]}" : $"values.{code}"
        : p.RuleId is { } rule ? $"rules.{rule}" : "";

    private static async Task<IResult> TemplateAsync(string? period, ClaimsPrincipal user, IScopeService scopes, ReportImport import, ReportWorkbooks books,
        ReportTypeService types, ExcelService excel, CancellationToken ct)
    {
        if (!ReportPeriod.TryParse(period, out var p))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["must be yyyy-MM"] });
        var scope = await scopes.GetScopeAsync(ct);
        IReadOnlyList<ExcelSheet> sheets;
        string name;
        if (scope.IsAdministrator)
        {
            var type = await types.FindAsync(ReportDetails.MonthlyType, ct);
            if (!user.HasPermission(Permissions.Import)) return TypedResults.Forbid();
            if (type is null) return TypedResults.NotFound();
            (sheets, name) = (books.BatchTemplate(type.Definition, p, await import.BatchEnterprisesAsync(scope, ct)), $"批量导入模板_{p}.xlsx");
        }
        else
        {
            var enterprise = await import.OwnEnterpriseAsync(UserId(user), ct);
            var template = enterprise is null ? null : await import.TemplateAsync(enterprise.Id, p, ct);
            if (template is null) return TypedResults.NotFound();
            (sheets, name) = (template.Value.Sheets, $"导入模板_{p}.xlsx");
        }
        var buffer = new MemoryStream();
        await excel.WriteAsync(buffer, sheets, ct);
        return TypedResults.File(buffer.ToArray(), ExcelService.ContentType, name);
    }

    private static async Task<IResult> ImportAsync(HttpRequest http, ClaimsPrincipal user, IScopeService scopes, ReportImport import, ReportDetails details,
        IBackgroundJobs jobs, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        if (!http.HasFormContentType) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [T["请选择要上传的文件。"]] });
        var form = await http.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (!ReportPeriod.TryParse(form["period"], out var p))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [T["请选择报表月份。"]] });
        if (file is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [T["请选择要上传的文件。"]] });
        var scope = await scopes.GetScopeAsync(ct);
        var userId = UserId(user);
        await using var stream = file.OpenReadStream();
        if (scope.IsAdministrator)
        {
            if (!user.HasPermission(Permissions.Import)) return TypedResults.Forbid();
            var job = await jobs.EnqueueAsync(ReportBatchImportJob.JobKind, userId, T["批量导入报表 {0}", p.ToString()], new ReportJobInput(p.ToString()), stream, file.FileName, ct);
            return TypedResults.Accepted($"/jobs/{job.Id}", new ReportJobDto(job.Id, "/jobs"));
        }
        var enterprise = await import.OwnEnterpriseAsync(userId, ct);
        if (enterprise is null) return TypedResults.NotFound();
        var result = await import.ImportAsync(enterprise.Id, p, form["fillerName"], stream, userId, ct);
        if (!result.Succeeded) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [.. result.Errors] });
        var detail = (await details.ForOwnerAsync(userId, p, ct))!;
        return TypedResults.Ok(new ReportSaveDto(ReportDto.From(detail), [.. result.Warnings.Select(w => new ReportWarningDto(w.RuleId!, w.Message, ""))]));
    }
}

/// <summary>A short problem text (409 conflict).</summary>
public sealed record ProblemDetailsDto(string Detail);
