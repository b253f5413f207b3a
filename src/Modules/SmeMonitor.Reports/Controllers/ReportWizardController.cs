using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>
/// What the wizard page shows. Every step's fields are in one form (the steps not shown are hidden), so that 保存 and
/// 下一步 send the whole report as <see cref="ReportService"/> expects. Values are kept as typed text, so a refused
/// save shows exactly what the user typed.
/// </summary>
public sealed record ReportWizardPage
{
    public const int Steps = 4;

    public required EnterpriseDetail Enterprise { get; init; }
    public required ReportForm Form { get; init; }
    public required int Step { get; init; }
    public required int Version { get; init; }
    public required string? FillerName { get; init; }
    /// <summary>Indicator code → the four columns' texts (本年本月, 本年1-本月, 上年本月, 上年1-本月).</summary>
    public required Dictionary<string, string?[]> Texts { get; init; }
    /// <summary>Cells holding a prefilled suggestion (REP-3) rather than a stored or typed value.</summary>
    public HashSet<(string Code, ValueColumn Column)> Suggested { get; init; } = [];
    /// <summary>Product rows as texts: name, code, unit, production, sales, closing stock.</summary>
    public required List<string?[]> Products { get; init; }
    public required IReadOnlyList<ReportQuestionnaire> Questionnaires { get; init; }
    /// <summary>Why the report cannot be changed now (frozen, in review, …); null while it can.</summary>
    public string? ReadOnlyReason { get; init; }
    public List<ReportProblem> Errors { get; init; } = [];
    public IReadOnlyList<ReportProblem> Warnings { get; init; } = [];
    /// <summary>Rule ids of warnings that still need an explanation (下一步 stops here until they are confirmed).</summary>
    public IReadOnlyList<string> Unconfirmed { get; init; } = [];
    public IReadOnlyDictionary<string, string> Explanations { get; init; } = new Dictionary<string, string>();
    /// <summary>The report changed in another window: the typed values stay on the page, nothing was stored.</summary>
    public bool Conflict { get; init; }

    public bool Editable => ReadOnlyReason is null;
    public bool QuestionnairesDone => Questionnaires.All(q => q.Answered);
    public string? Text(string code, ValueColumn column) => Texts.GetValueOrDefault(code)?[(int)column - 1];
    public IEnumerable<ReportProblem> ErrorsOf(string code, ValueColumn? column) =>
        Errors.Where(e => e.IndicatorCode == code && e.Column == column && (column is not null || e.ProductRow is null));
    public IEnumerable<ReportProblem> ErrorsOfProduct(int row) => Errors.Where(e => e.ProductRow == row);
}

/// <summary>
/// 当期报送 (REP-6): the enterprise's own report of a period in four steps — 企业基本信息, 企业主要经济指标, 主要产品产销存,
/// 调查问卷 — then 上报. 保存 checks and stores (errors store nothing), 下一步 also runs the balance checks, whose warnings
/// need an explanation (ConfirmAsync) before moving on. The service decides; this controller only carries the form.
/// </summary>
[Authorize]
public sealed class ReportWizardController(ReportService reports, ReportTypeService types, EnterpriseDirectory directory, IScopeService scopes,
    IEnumerable<IReportQuestionnaires> questionnaires, TimeProvider clock, IStringLocalizer<Strings> T) : Controller
{
    private const int ProductColumns = 6;

    [HttpGet(ReportUrls.FillCurrent)]
    public async Task<IActionResult> Current(CancellationToken ct)
    {
        var (_, refusal) = await PortalEnterprise.ResolveAsync(this, directory, scopes, ct);
        return refusal ?? Redirect(ReportUrls.Fill(ReportPeriod.Current(clock)));
    }

    [HttpGet("/enterprise/reports/{period}/fill")]
    public async Task<IActionResult> Fill(string period, int step = 1, CancellationToken ct = default)
    {
        var (enterprise, form, refusal) = await OpenAsync(period, ct);
        if (refusal is not null) return refusal;
        var texts = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var suggested = new HashSet<(string, ValueColumn)>();
        foreach (var indicator in form!.Indicators)
        {
            var stored = form.Values.GetValueOrDefault(indicator.Code) ?? IndicatorValues.Empty;
            var shown = form.Suggested.GetValueOrDefault(indicator.Code) ?? IndicatorValues.Empty;
            texts[indicator.Code] = [.. IndicatorValues.Columns.Select(c => Format(shown[c]))];
            foreach (var c in IndicatorValues.Columns)
                if (stored[c] is null && shown[c] is not null) suggested.Add((indicator.Code, c));
        }
        return View("Fill", await PageAsync(enterprise!, form, step) with
        {
            Texts = texts, Suggested = suggested,
            Products = [.. form.Products.Select(p => new[] { p.Name, p.Code, p.Unit, Format(p.Production), Format(p.Sales), Format(p.ClosingStock) })],
        });
    }

    /// <summary>
    /// The wizard's buttons: <c>command</c> = save (保存), next (下一步), confirm (确认 the warnings, then on), submit (上报),
    /// go:N (上一步 and the first step's 下一步: no store), add-product / remove-product:N (REP-7 rows, from 0).
    /// </summary>
    [HttpPost("/enterprise/reports/{period}/fill"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Post(string period, [FromForm] int step, [FromForm] int version, [FromForm] string? command,
        [FromForm] string? filler, CancellationToken ct)
    {
        var (enterprise, form, refusal) = await OpenAsync(period, ct);
        if (refusal is not null) return refusal;
        step = Math.Clamp(step, 1, ReportWizardPage.Steps);
        var (texts, products) = ReadTexts(form!);
        var page = await PageAsync(enterprise!, form!, step) with
        {
            Texts = texts, Products = products, Version = version, FillerName = filler, Explanations = ReadExplanations(),
        };
        if (!page.Editable) return View("Fill", page);

        var (verb, argument) = command?.Split(':') is [var v, var a] && int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (v, n) : (command, -1);
        switch (verb)
        {
            case "go":
                return View("Fill", page with { Step = Math.Clamp(argument, 1, ReportWizardPage.Steps) });
            case "add-product":
                products.Add(new string?[ProductColumns]);
                return View("Fill", page);
            case "remove-product":
                if (argument >= 0 && argument < products.Count) products.RemoveAt(argument);
                return View("Fill", page);
        }

        var (entry, parseErrors) = Entry(form!, texts, products, filler, version);
        if (parseErrors.Count > 0) return View("Fill", page with { Errors = parseErrors });
        var key = form!.Key;
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        switch (command)
        {
            case "save":
            {
                var saved = await reports.SaveAsync(key, entry, userId, ct);
                if (!saved.Succeeded) return Refused(page, saved);
                TempData["Message"] = T["已保存。"].Value;
                return Redirect(ReportUrls.Fill(key.Period, step));
            }
            case "next" or "confirm":
            {
                var next = await reports.NextAsync(key, entry, userId, ct);
                if (!next.Succeeded) return Refused(page, next);
                var current = next.Report!.Version;
                var unconfirmed = next.Unconfirmed;
                if (command == "confirm" && unconfirmed.Count > 0)
                {
                    var explanations = unconfirmed.ToDictionary(id => id, id => page.Explanations.GetValueOrDefault(id) ?? "", StringComparer.Ordinal);
                    var confirmed = await reports.ConfirmAsync(key, explanations, current, userId, ct);
                    if (!confirmed.Succeeded)
                        return View("Fill", page with { Version = current, Errors = [.. confirmed.Errors], Warnings = next.Warnings, Unconfirmed = unconfirmed, Conflict = confirmed.Conflict });
                    unconfirmed = confirmed.Unconfirmed;
                }
                if (unconfirmed.Count > 0)
                    return View("Fill", page with { Version = current, Warnings = next.Warnings, Unconfirmed = unconfirmed });
                return Redirect(ReportUrls.Fill(key.Period, Math.Min(step + 1, ReportWizardPage.Steps)));
            }
            case "submit":
            {
                if (!page.QuestionnairesDone) return View("Fill", page with { Errors = [new ReportProblem(T["请先完成本期全部调查问卷，再上报。"])] });
                var submitted = await reports.SubmitAsync(key, version, userId, ct);
                if (!submitted.Succeeded) return Refused(page, submitted);
                TempData["Message"] = T["{0}报表已上报，等待审核。", key.Period.ToString()].Value;
                return Redirect($"{ReportUrls.History}?year={key.Period.Year}");
            }
            default:
                return BadRequest();
        }
    }

    private ViewResult Refused(ReportWizardPage page, ReportResult result) =>
        View("Fill", page with { Errors = [.. result.Errors], Warnings = result.Warnings, Unconfirmed = result.Unconfirmed, Conflict = result.Conflict });

    private async Task<(EnterpriseDetail?, ReportForm?, IActionResult?)> OpenAsync(string period, CancellationToken ct)
    {
        var (enterprise, refusal) = await PortalEnterprise.ResolveAsync(this, directory, scopes, ct);
        if (refusal is not null) return (null, null, refusal);
        if (!ReportPeriod.TryParse(period, out var p)) return (null, null, NotFound());
        var type = (await types.ListAsync(ct)).FirstOrDefault();
        var form = type is null ? null : await reports.OpenAsync(new ReportKey(enterprise!.Enterprise.Id, type.Type.Name, p), ct);
        return form is null ? (null, null, NotFound()) : (enterprise, form, null);
    }

    private async Task<ReportWizardPage> PageAsync(EnterpriseDetail enterprise, ReportForm form, int step)
    {
        var listed = new List<ReportQuestionnaire>();
        foreach (var source in questionnaires) listed.AddRange(await source.ListAsync(enterprise.Enterprise, form.Key.Period, HttpContext.RequestAborted));
        return new ReportWizardPage
        {
            Enterprise = enterprise, Form = form, Step = Math.Clamp(step, 1, ReportWizardPage.Steps), Version = form.Version,
            FillerName = form.Report?.FillerName is { Length: > 0 } f ? f : enterprise.Enterprise.ContactName ?? User.Identity?.Name,
            Texts = [], Products = [], Questionnaires = listed, ReadOnlyReason = ReadOnlyReason(form),
        };
    }

    /// <summary>Why the owner cannot change the report now, in the service's words; null when 编辑 or 补报 is offered.</summary>
    private string? ReadOnlyReason(ReportForm form)
    {
        if ((form.Actions & (ReportAction.Edit | ReportAction.Supplement)) != 0) return null;
        if (form.Key.Period > form.CurrentPeriod) return T["报表月份{0}尚未结束，不能填报。", form.Key.Period.ToString()];
        return form.Status == ReportStatus.Frozen
            ? T["报表已冻结：企业关键信息变更审核完成前不能保存或上报。"]
            : T["报表状态为“{0}”，不能修改。", T[ReportActions.StatusText(form.Status)]];
    }

    /// <summary>The posted texts: v.{code}.{m|c|lm|lc} for each applicable indicator, p.{row}.{field} for the product rows.</summary>
    private (Dictionary<string, string?[]>, List<string?[]>) ReadTexts(ReportForm form)
    {
        var f = Request.Form;
        var texts = form.Indicators.ToDictionary(i => i.Code,
            i => ColumnKeys.Select(c => (string?)f[$"v.{i.Code}.{c}"].ToString()).ToArray(), StringComparer.Ordinal);
        var rows = f.Keys.Where(k => k.StartsWith("p.", StringComparison.Ordinal))
            .Select(k => k.Split('.')).Where(parts => parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(parts => int.Parse(parts[1], CultureInfo.InvariantCulture)).Distinct().Order().Take(200);
        var products = rows.Select(r => ProductKeys.Select(k => (string?)f[$"p.{r}.{k}"].ToString()).ToArray()).ToList();
        return (texts, products);
    }

    private Dictionary<string, string> ReadExplanations() =>
        Request.Form.Keys.Where(k => k.StartsWith("explain.", StringComparison.Ordinal))
            .ToDictionary(k => k["explain.".Length..], k => Request.Form[k].ToString(), StringComparer.Ordinal);

    private static readonly string[] ColumnKeys = ["m", "c", "lm", "lc"];
    private static readonly string[] ProductKeys = ["name", "code", "unit", "production", "sales", "stock"];

    /// <summary>Parses the texts into a <see cref="ReportEntry"/>; a text that is not a number is an error beside its field.</summary>
    private (ReportEntry, List<ReportProblem>) Entry(ReportForm form, Dictionary<string, string?[]> texts, List<string?[]> products, string? filler, int version)
    {
        var errors = new List<ReportProblem>();
        var values = new Dictionary<string, IndicatorValues>(StringComparer.Ordinal);
        foreach (var indicator in form.Indicators)
        {
            var parsed = new decimal?[4];
            for (var i = 0; i < 4; i++)
            {
                var column = IndicatorValues.Columns[i];
                if (ReportNumbers.TryParse(texts[indicator.Code][i], T, out var value, out var error)) parsed[i] = value;
                else errors.Add(new ReportProblem(T["{0}（{1}）：{2}", indicator.DisplayName, T[ReportChecker.ColumnText(column)], error!], IndicatorCode: indicator.Code, Column: column));
            }
            values[indicator.Code] = new IndicatorValues(parsed[0], parsed[1], parsed[2], parsed[3]);
        }
        var rows = new List<ProductRow>();
        for (var r = 0; r < products.Count; r++)
        {
            var p = products[r];
            decimal? Number(int i, string name)
            {
                if (ReportNumbers.TryParse(p[i], T, out var value, out var error)) return value;
                errors.Add(new ReportProblem(T["第{0}行产品：{1}：{2}", r + 1, T[name], error!], ProductRow: r + 1));
                return null;
            }
            rows.Add(new ProductRow(p[0], p[1], p[2], Number(3, "生产量"), Number(4, "销售量"), Number(5, "期末库存量")));
        }
        return (new ReportEntry(values, rows, filler, version), errors);
    }

    private static string? Format(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
}
