using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Excel;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// The outcome of an enterprise's import: not <see cref="Succeeded"/> = nothing stored, <see cref="Errors"/> name sheet,
/// row, column and rule. Succeeded: the report is saved (编辑, 上报导入) and <see cref="Warnings"/> lists the balance-check
/// warnings that still need an explanation, which the enterprise gives in the wizard before 上报.
/// </summary>
public sealed record ReportImportResult(bool Succeeded, IReadOnlyList<string> Errors, IReadOnlyList<ReportProblem> Warnings, Report? Report)
{
    public static ReportImportResult Failed(IEnumerable<string> errors) => new(false, [.. errors], [], null);
}

/// <summary>
/// 上报导入 (REP-12): an enterprise's file is read, its numbers parsed strictly, and then saved through the same
/// <see cref="ReportService.NextAsync"/> as the online form's 下一步 (FillMode import): the same flags, error rules, statuses
/// and concurrency. Any problem in the file stores nothing.
/// </summary>
public sealed class ReportImport(ReportService reports, ReportWorkbooks books, ExcelService excel, SmeDbContext db, IStringLocalizer<Strings> T)
{
    /// <summary>The template of the user's own enterprise for the period, or null when it has no approved enterprise.</summary>
    public async Task<(ReportForm Form, IReadOnlyList<ExcelSheet> Sheets)?> TemplateAsync(long enterpriseId, ReportPeriod period, CancellationToken ct = default)
    {
        var form = await reports.OpenAsync(new ReportKey(enterpriseId, ReportDetails.MonthlyType, period), ct);
        return form is null ? null : (form, books.EnterpriseTemplate(form));
    }

    public async Task<ReportImportResult> ImportAsync(long enterpriseId, ReportPeriod period, string? fillerName, Stream file, string? userId, CancellationToken ct = default)
    {
        if (!period.IsValid) return ReportImportResult.Failed([T["请选择报表月份。"]]);
        ExcelWorkbook book;
        try
        {
            book = await excel.ReadAsync(file, headerRow: true, ct);
        }
        catch (ExcelFileException e)
        {
            return ReportImportResult.Failed([e.Message]);
        }
        var key = new ReportKey(enterpriseId, ReportDetails.MonthlyType, period);
        var form = await reports.OpenAsync(key, ct);
        if (form is null) return ReportImportResult.Failed([T["报表不存在。"]]);
        var read = books.ReadEnterprise(book, form);
        if (read.Errors.Count > 0) return ReportImportResult.Failed(read.Errors);
        var saved = await reports.NextAsync(key, new ReportEntry(read.Values, read.Products, fillerName, form.Version, FillMode.Import), userId, ct);
        if (!saved.Succeeded) return ReportImportResult.Failed(saved.Errors.Select(read.Place));
        return new ReportImportResult(true, [], [.. saved.Warnings.Where(w => saved.Unconfirmed.Contains(w.RuleId!))], saved.Report);
    }

    /// <summary>The approved, enabled enterprise registered by the user, or null.</summary>
    public Task<Enterprise?> OwnEnterpriseAsync(string userId, CancellationToken ct = default) =>
        db.Set<Enterprise>().AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, ct);

    /// <summary>The enterprises of the scope a batch template lists: approved and enabled, by credit code.</summary>
    public async Task<List<(string CreditCode, string Name)>> BatchEnterprisesAsync(RegionScope scope, CancellationToken ct = default) =>
        [.. (await scope.Apply(db.Set<Enterprise>()).AsNoTracking()
                .Where(e => e.Status == RegistrationStatus.Approved && !e.Disabled && e.CreditCode != null)
                .OrderBy(e => e.RegionCode).ThenBy(e => e.CreditCode)
                .Select(e => new { e.CreditCode, e.Name }).ToListAsync(ct))
            .Select(e => (e.CreditCode!, e.Name))];
}
