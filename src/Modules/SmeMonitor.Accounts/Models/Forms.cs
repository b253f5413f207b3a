using SmeMonitor.Accounts.Services;

namespace SmeMonitor.Accounts.Models;

// What the account pages post. Checks live in AccountService, so every message is localized the same way.

public sealed class SignInForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Code { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class RegisterForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public Guid? CaptchaId { get; set; }
    public string? Captcha { get; set; }
    public string? Code { get; set; }
}

public sealed class ForgotPasswordForm
{
    /// <summary>登录ID.</summary>
    public string? UserName { get; set; }
    /// <summary>用户名称.</summary>
    public string? DisplayName { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
    public Guid? CaptchaId { get; set; }
    public string? Captcha { get; set; }
    public string? Code { get; set; }
}

public sealed class BindPhoneForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? Phone { get; set; }
    public string? Code { get; set; }
}

/// <summary>A page with a form, the errors of its last submission and, where needed, a fresh captcha.</summary>
public sealed record FormPage<T>(T Form, IReadOnlyList<string> Errors, CaptchaChallenge? Captcha = null);

/// <summary>The answer of the "获取验证码" endpoints.</summary>
public sealed record CodeResponse(bool Ok, string Message, string? Redirect = null, int? RetryAfter = null);
