using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Controllers;

/// <summary>What the registration page shows: a form to fill in, a submitted registration, or the approved information to change.</summary>
public enum RegistrationPageMode
{
    /// <summary>New, draft or returned: 暂存 and 提交审核.</summary>
    Register,
    /// <summary>Submitted: read-only until reviewed.</summary>
    Pending,
    /// <summary>Approved: saving records a change (ENT-6).</summary>
    Change,
}

public sealed record RegistrationPage(
    RegistrationPageMode Mode, EnterpriseForm Form, Enterprise? Enterprise, IReadOnlyDictionary<string, string> Errors,
    string? SizeName, string? IndustryPath, string? RegionPath, EnterpriseChange? PendingKeyChange, IReadOnlyList<EnterpriseChange> History)
{
    public string? Error(string field) => Errors.GetValueOrDefault(field);
}

/// <summary>
/// 企业信息注册 (ENT-1, ENT-4) and, once approved, 企业信息变更 (ENT-6), on one phone-first page for the
/// signed-in account's own enterprise. Administrators get 403: the form is for enterprise accounts.
/// </summary>
[Authorize]
public sealed class RegistrationController(RegistrationService registrations, EnterpriseChangeService changes, DirectoryCache directory,
    IStringLocalizer<Strings> T) : Controller
{
    public const string PageUrl = "/enterprise/registration";

    [HttpGet(PageUrl)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var userId = UserId();
        if (await registrations.IsAdministratorAsync(userId, ct)) return Forbid();
        var enterprise = await registrations.FindOwnAsync(userId, ct);
        return View(await PageAsync(enterprise, enterprise is null ? new EnterpriseForm() : EnterpriseForm.From(enterprise), new Dictionary<string, string>(), ct));
    }

    /// <param name="command">draft (暂存), submit (提交审核) or save (change of approved information).</param>
    [HttpPost(PageUrl), ValidateAntiForgeryToken]
    public async Task<IActionResult> Index(EnterpriseForm form, string? command, CancellationToken ct)
    {
        var userId = UserId();
        if (await registrations.IsAdministratorAsync(userId, ct)) return Forbid();
        var enterprise = await registrations.FindOwnAsync(userId, ct);
        IReadOnlyDictionary<string, string> errors;
        bool conflict;
        string message;
        if (enterprise is { Status: RegistrationStatus.Approved })
        {
            var saved = await changes.SaveAsync(userId, form, ct);
            (errors, conflict) = (saved.Errors, saved.Conflict);
            message = saved.Changes.Count == 0 ? T["没有修改。"]
                : saved.KeyChange is not null ? T["已保存。企业名称、统一社会信用代码或所属行业的变更将在自动审核后生效，审核期间当期报表冻结。"]
                : T["已保存，变更已生效。"];
        }
        else
        {
            var submit = command == "submit";
            var saved = submit ? await registrations.SubmitAsync(userId, form, ct) : await registrations.SaveDraftAsync(userId, form, ct);
            (errors, conflict) = (saved.Errors, saved.Conflict);
            message = submit ? T["已提交审核，请等待管理员审核。"] : T["已暂存。"];
        }
        if (errors.Count == 0)
        {
            TempData["Message"] = message;
            return Redirect(PageUrl);
        }
        // A stale form shows the stored information again; other errors keep what was typed.
        enterprise = await registrations.FindOwnAsync(userId, ct);
        var shown = conflict && enterprise is not null ? EnterpriseForm.From(enterprise) : form;
        if (!conflict && enterprise is not null) shown.Version = enterprise.Version;
        var view = View(await PageAsync(enterprise, shown, errors, ct));
        view.StatusCode = conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return view;
    }

    private async Task<RegistrationPage> PageAsync(Enterprise? e, EnterpriseForm form, IReadOnlyDictionary<string, string> errors, CancellationToken ct)
    {
        var mode = e?.Status switch
        {
            RegistrationStatus.PendingReview => RegistrationPageMode.Pending,
            RegistrationStatus.Approved => RegistrationPageMode.Change,
            _ => RegistrationPageMode.Register,
        };
        var snapshot = await directory.GetAsync(ct);
        var industry = snapshot.Industries.Find(e?.IndustryCode);
        var region = snapshot.Regions.Find(e?.RegionCode);
        return new RegistrationPage(mode, form, e, errors,
            e?.Size is { } size ? T[SizeText(size)].Value : null,
            industry is null ? null : string.Join(" / ", snapshot.Industries.PathTo(industry).Select(i => i.Name)),
            region?.Path,
            e is null ? null : await changes.FindPendingKeyChangeAsync(e.Id, ct),
            e is { Status: RegistrationStatus.Approved } ? await changes.HistoryAsync(e.Id, 10, ct) : []);
    }

    /// <summary>The zh-CN name of a size (also its localization key).</summary>
    public static string SizeText(EnterpriseSize size) => size switch
    {
        EnterpriseSize.Large => "大型",
        EnterpriseSize.Medium => "中型",
        EnterpriseSize.Small => "小型",
        _ => "微型",
    };

    private string UserId() => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
