using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Review.Models;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review.Controllers;

/// <summary>The screening-rules page: the rules, and the form (a new rule, or the one being edited) with its errors.</summary>
public sealed record ScreeningRulesPage(IReadOnlyList<ScreeningRule> Rules, long? EditingId, ScreeningRuleInput Form, IReadOnlyDictionary<string, string> Errors, bool Saved);

/// <summary>筛查规则 (REV-2): add, edit, enable or disable the administrators' screening rules.</summary>
[RequirePermission(Permissions.EditScreeningRules)]
public sealed class ScreeningRulesController(ScreeningRuleService rules) : Controller
{
    private const string Page = "/admin/reviews/screening-rules";

    [HttpGet(Page)]
    public async Task<IActionResult> Index(long? edit, bool saved = false, CancellationToken ct = default)
    {
        var editing = edit is { } id ? await rules.FindAsync(id, ct) : null;
        if (edit is not null && editing is null) return NotFound();
        var form = editing is null ? new ScreeningRuleInput("", "", "", true, 0)
            : new ScreeningRuleInput(editing.Name, editing.Expression, editing.Message, editing.Enabled, editing.Version);
        return View(new ScreeningRulesPage(await rules.ListAsync(ct), editing?.Id, form, new Dictionary<string, string>(), saved));
    }

    [HttpPost(Page), ValidateAntiForgeryToken]
    public async Task<IActionResult> Save(long? id, string? name, string? expression, string? message, bool enabled, int version, CancellationToken ct)
    {
        var input = new ScreeningRuleInput(name, expression, message, enabled, version);
        var (rule, errors) = await rules.SaveAsync(id, input, ct);
        if (rule is not null) return Redirect(Page + "?saved=true");
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", new ScreeningRulesPage(await rules.ListAsync(ct), id, input, errors, false));
    }
}
