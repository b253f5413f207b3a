using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Reports.Controllers;

/// <summary>
/// A report type's page: its indicators and rules, and the rule form (a new rule, or <see cref="EditingId"/>) with its
/// errors by field. <see cref="ExpectedVersion"/> goes back with the next save; <see cref="Message"/> is a success note.
/// </summary>
public sealed record ReportTypePage(EditableReportType Type, string? EditingId, RuleInput Form, int ExpectedVersion,
    IReadOnlyDictionary<string, string> Errors, string? Message);

/// <summary>
/// 报表类型与校验规则 (REP-1): the report types with their current version, and the editor of a type's rules. Every change
/// is a new immutable version (<see cref="ReportRuleEditor"/>); reports already saved keep theirs. National data: only
/// national administrators and the super administrator with <see cref="Permissions.EditRules"/> (others: 403).
/// </summary>
[RequirePermission(Permissions.EditRules)]
public sealed class ReportTypesController(ReportRuleEditor editor, IScopeService scopes, IStringLocalizer<Strings> T) : Controller
{
    private const string Root = "/admin/report-types";

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (!ReportRuleEditor.MayEdit(User, await scopes.GetScopeAsync(context.HttpContext.RequestAborted)))
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    [HttpGet(Root)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await editor.ListAsync(ct));

    [HttpGet(Root + "/{name}")]
    public async Task<IActionResult> Rules(string name, string? edit, int? saved, bool unchanged = false, CancellationToken ct = default)
    {
        var type = await editor.FindAsync(name, ct);
        if (type is null) return NotFound();
        var editing = edit is null ? null : type.Definition.Rules.FirstOrDefault(r => r.Id == edit);
        if (edit is not null && editing is null) return NotFound();
        var message = saved is { } number ? T["已保存为第 {0} 版；已填报的报表仍按原版本校验。", number].Value
            : unchanged ? T["规则没有变化，未生成新版本。"].Value : null;
        return View(new ReportTypePage(type, editing?.Id, editing is null ? RuleInput.Empty : RuleInput.From(editing), type.Type.Version,
            new Dictionary<string, string>(), message));
    }

    /// <summary>Saves the rule form (command "save"), or only checks it (command "check": the validator's verdict, nothing stored).</summary>
    [HttpPost(Root + "/{name}/rules"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SaveRule(string name, string? originalId, string? id, string? severity, string? expression, string? message,
        string? messageEn, string[]? needs, string? indicators, string? applies, int version, string? command, CancellationToken ct)
    {
        var input = new RuleInput(id, severity, expression, message, messageEn, needs ?? [], indicators, applies);
        originalId = string.IsNullOrEmpty(originalId) ? null : originalId;
        if (command == "check")
        {
            var type = await editor.FindAsync(name, ct);
            if (type is null) return NotFound();
            var errors = editor.Validate(type.Definition, input, originalId);
            if (errors.Count > 0) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(nameof(Rules), new ReportTypePage(type, originalId, input, version, errors, errors.Count == 0 ? T["检查通过：规则可以保存。"].Value : null));
        }
        var result = await editor.SaveRuleAsync(name, originalId, input, version, ct);
        return await AfterAsync(name, originalId, input, version, result, ct);
    }

    [HttpPost(Root + "/{name}/rules/delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> DeleteRule(string name, string id, int version, CancellationToken ct)
    {
        var result = await editor.DeleteRuleAsync(name, id, version, ct);
        return await AfterAsync(name, null, RuleInput.Empty, version, result, ct);
    }

    private async Task<IActionResult> AfterAsync(string name, string? originalId, RuleInput input, int version, RuleEditResult result, CancellationToken ct)
    {
        if (result.Outcome == RuleEditOutcome.Saved) return Redirect($"{Root}/{Uri.EscapeDataString(name)}?saved={result.Version!.Number}");
        if (result.Outcome == RuleEditOutcome.Unchanged) return Redirect($"{Root}/{Uri.EscapeDataString(name)}?unchanged=true");
        var type = await editor.FindAsync(name, ct);
        if (type is null) return NotFound();
        Response.StatusCode = result.Outcome switch
        {
            RuleEditOutcome.Conflict => StatusCodes.Status409Conflict,
            RuleEditOutcome.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        // After a conflict the page shows the current rules and the form keeps what was typed, now against the current
        // version: saving again is a decision taken having seen the other administrator's change.
        var expected = result.Outcome == RuleEditOutcome.Conflict ? type.Type.Version : version;
        return View(nameof(Rules), new ReportTypePage(type, originalId, input, expected, result.Errors, null));
    }
}
