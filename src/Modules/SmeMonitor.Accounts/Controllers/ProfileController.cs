using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts.Controllers;

/// <summary>
/// The user centre (用户中心): the signed-in user edits the name and e-mail, the password (with the
/// current one), the phone (with an SMS code to the new phone), and manages API tokens.
/// </summary>
[Authorize]
public sealed class ProfileController(AccountService accounts, PersonalAccessTokenService tokens, UserManager<User> users,
    SignInManager<User> signIn, IStringLocalizer<Strings> T) : Controller
{
    private string Ip => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    [HttpGet("/account/profile")]
    public async Task<IActionResult> Index(CancellationToken ct) => await Page(null, ct);

    [HttpPost("/account/profile"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Update(string? displayName, string? email, int version, CancellationToken ct)
    {
        var user = await CurrentAsync();
        return Done(await accounts.UpdateProfileAsync(user, displayName, email, version, ct));
    }

    [HttpPost("/account/profile/password"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangePassword(string? currentPassword, string? password, string? confirmPassword, CancellationToken ct)
    {
        var user = await CurrentAsync();
        return Done(await accounts.ChangePasswordAsync(user, currentPassword, password, confirmPassword, ct));
    }

    [HttpPost("/account/profile/phone/code"), ValidateAntiForgeryToken]
    public async Task<IActionResult> PhoneCode(string? phone, CancellationToken ct)
    {
        var r = await accounts.SendPhoneCodeAsync(await CurrentAsync(), phone, Ip, ct);
        var body = new CodeResponse(r.Succeeded, r.Succeeded ? r.Message ?? "" : r.FirstError ?? "", null, r.RetryAfterSeconds);
        return r.Succeeded ? Json(body)
            : new JsonResult(body) { StatusCode = r.RetryAfterSeconds is null ? StatusCodes.Status400BadRequest : StatusCodes.Status429TooManyRequests };
    }

    [HttpPost("/account/profile/phone"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangePhone(string? currentPassword, string? phone, string? code, CancellationToken ct)
    {
        var user = await CurrentAsync();
        var result = await accounts.ChangePhoneAsync(user, currentPassword, phone, code, ct);
        // The new security stamp would end this session too at its next check: renew its cookie.
        if (result.Succeeded) await signIn.RefreshSignInAsync(user);
        return Done(result);
    }

    // ---- personal access tokens ----

    [HttpPost("/account/profile/tokens"), ValidateAntiForgeryToken]
    public async Task<IActionResult> CreateToken(string? name, int days, CancellationToken ct)
    {
        var user = await CurrentAsync();
        var (token, error) = await tokens.CreateAsync(user.Id, name, days, ct);
        if (error is not null)
        {
            TempData["Error"] = error;
            return Redirect("/account/profile#tokens");
        }
        // Shown in this answer only: it is not stored anywhere in clear.
        return await Page(token, ct);
    }

    [HttpPost("/account/profile/tokens/{id:long}/revoke"), ValidateAntiForgeryToken]
    public async Task<IActionResult> RevokeToken(long id, CancellationToken ct)
    {
        if (!await tokens.RevokeAsync((await CurrentAsync()).Id, id, ct)) return NotFound();
        TempData["Message"] = T["令牌已撤销。"].Value;
        return Redirect("/account/profile#tokens");
    }

    private async Task<IActionResult> Page(string? newToken, CancellationToken ct)
    {
        var user = await CurrentAsync();
        return View("Index", new ProfilePage(user, await tokens.ListAsync(user.Id, ct), newToken));
    }

    private IActionResult Done(AccountResult result)
    {
        if (result.Succeeded) TempData["Message"] = result.Message;
        else TempData["Error"] = string.Join(" ", result.Errors);
        return Redirect("/account/profile");
    }

    private async Task<User> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
}

public sealed record ProfilePage(User User, IReadOnlyList<PersonalAccessToken> Tokens, string? NewToken);
