using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts.Controllers;

/// <summary>Registration, sign-in, sign-out, forgot password and binding a phone: the pages before one is signed in.</summary>
[AllowAnonymous]
public sealed class AccountController(AccountService accounts, CaptchaService captchas, SignInManager<User> signIn, SmeDbContext db,
    IAuditLog audit, IStringLocalizer<Strings> T) : Controller
{
    private string Ip => HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A new picture captcha, for the "换一张" link and after each use.</summary>
    [HttpGet("/account/captcha")]
    public async Task<IActionResult> Captcha(CancellationToken ct)
    {
        var c = await captchas.CreateAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Json(new { id = c.Id, image = c.ImageDataUri });
    }

    // ---- 注册 ----

    [HttpGet("/account/register")]
    public async Task<IActionResult> Register(CancellationToken ct) =>
        View(new FormPage<RegisterForm>(new RegisterForm(), [], await captchas.CreateAsync(ct)));

    [HttpPost("/account/register/code"), ValidateAntiForgeryToken]
    public async Task<IActionResult> RegisterCode(RegisterForm form, CancellationToken ct) =>
        CodeAnswer(await accounts.SendRegisterCodeAsync(form.Phone, form.CaptchaId, form.Captcha, Ip, ct));

    [HttpPost("/account/register"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Register(RegisterForm form, CancellationToken ct)
    {
        var result = await accounts.RegisterAsync(
            new RegisterInput(form.UserName, form.Password, form.ConfirmPassword, form.Email, form.Phone, form.Code), ct);
        if (result.Succeeded) return Redirect("/account/register/verify?userName=" + Uri.EscapeDataString(result.User!.UserName!));
        form.Password = form.ConfirmPassword = form.Code = null;
        return View(new FormPage<RegisterForm>(form, result.Errors, await captchas.CreateAsync(ct)));
    }

    /// <summary>实名认证: not required here; "暂不认证" returns to the sign-in page.</summary>
    [HttpGet("/account/register/verify")]
    public IActionResult RegisterVerify(string? userName) => View(model: userName);

    // ---- 登录 ----

    [HttpGet("/account/signin")]
    public IActionResult SignIn(string? returnUrl, string? userName, bool registered = false)
    {
        if (registered) ViewData["Notice"] = T["账号注册成功，请登录。"].Value;
        return View(new FormPage<SignInForm>(new SignInForm { ReturnUrl = returnUrl, UserName = userName }, []));
    }

    [HttpPost("/account/signin/code"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignInCode(SignInForm form, CancellationToken ct) =>
        CodeAnswer(await accounts.SendSignInCodeAsync(form.UserName, form.Password, Ip, ct));

    [HttpPost("/account/signin"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignIn(SignInForm form, CancellationToken ct)
    {
        var result = await accounts.SignInAsync(form.UserName, form.Password, form.Code, ct);
        if (result.Redirect is not null)
        {
            TempData["Error"] = result.FirstError;
            return Redirect(result.Redirect);
        }
        if (!result.Succeeded)
        {
            form.Password = form.Code = null;
            return View(new FormPage<SignInForm>(form, result.Errors));
        }
        if (Url.IsLocalUrl(form.ReturnUrl)) return LocalRedirect(form.ReturnUrl!);
        var user = result.User!;
        var isAdmin = await db.Set<Administrator>().AnyAsync(a => a.UserId == user.Id && a.Enabled, ct)
                      || await signIn.UserManager.IsInRoleAsync(user, PermissionClaims.SuperAdminRole);
        return LocalRedirect(isAdmin ? "/admin" : "/");
    }

    [HttpPost("/account/signout"), ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOut(CancellationToken ct)
    {
        var userId = signIn.UserManager.GetUserId(User);
        await signIn.SignOutAsync();
        if (userId is not null)
        {
            audit.Record("account.signout", "User", userId);
            await db.SaveChangesAsync(ct);
        }
        return LocalRedirect("/");
    }

    // ---- 忘记密码 ----

    [HttpGet("/account/forgot-password")]
    public async Task<IActionResult> ForgotPassword(CancellationToken ct) =>
        View(new FormPage<ForgotPasswordForm>(new ForgotPasswordForm(), [], await captchas.CreateAsync(ct)));

    [HttpPost("/account/forgot-password/code"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ForgotPasswordCode(ForgotPasswordForm form, CancellationToken ct) =>
        CodeAnswer(await accounts.SendResetCodeAsync(form.UserName, form.DisplayName, form.CaptchaId, form.Captcha, Ip, ct));

    [HttpPost("/account/forgot-password"), ValidateAntiForgeryToken]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, CancellationToken ct)
    {
        var result = await accounts.ResetPasswordAsync(form.UserName, form.DisplayName, form.Password, form.ConfirmPassword, form.Code, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = T["密码已重置，请使用新密码登录。"].Value;
            return Redirect("/account/signin?userName=" + Uri.EscapeDataString(result.User!.UserName!));
        }
        form.Password = form.ConfirmPassword = form.Code = null;
        return View(new FormPage<ForgotPasswordForm>(form, result.Errors, await captchas.CreateAsync(ct)));
    }

    // ---- 绑定手机号 (accounts without a phone, before they can sign in) ----

    [HttpGet("/account/bind-phone")]
    public IActionResult BindPhone(string? userName) => View(new FormPage<BindPhoneForm>(new BindPhoneForm { UserName = userName }, []));

    [HttpPost("/account/bind-phone/code"), ValidateAntiForgeryToken]
    public async Task<IActionResult> BindPhoneCode(BindPhoneForm form, CancellationToken ct) =>
        CodeAnswer(await accounts.SendBindCodeAsync(form.UserName, form.Password, form.Phone, Ip, ct));

    [HttpPost("/account/bind-phone"), ValidateAntiForgeryToken]
    public async Task<IActionResult> BindPhone(BindPhoneForm form, CancellationToken ct)
    {
        var result = await accounts.BindPhoneAsync(form.UserName, form.Password, form.Phone, form.Code, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = T["手机号已绑定，请登录。"].Value;
            return Redirect("/account/signin?userName=" + Uri.EscapeDataString(result.User!.UserName!));
        }
        form.Password = form.Code = null;
        return View(new FormPage<BindPhoneForm>(form, result.Errors));
    }

    private IActionResult CodeAnswer(AccountResult r)
    {
        var body = new CodeResponse(r.Succeeded, r.Succeeded ? r.Message ?? "" : r.FirstError ?? "", r.Redirect, r.RetryAfterSeconds);
        return r.Succeeded ? Json(body)
            : new JsonResult(body) { StatusCode = r.RetryAfterSeconds is null ? StatusCodes.Status400BadRequest : StatusCodes.Status429TooManyRequests };
    }
}
