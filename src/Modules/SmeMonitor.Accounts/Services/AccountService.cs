using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts.Services;

/// <summary>The outcome of an account operation: localized errors, or the user it concerned.</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, User? User = null, string? Message = null,
    string? Redirect = null, int? RetryAfterSeconds = null)
{
    public static AccountResult Ok(User? user = null, string? message = null) => new(true, [], user, message);
    public static AccountResult Fail(params string[] errors) => new(false, errors);
    public string? FirstError => Errors.Count > 0 ? Errors[0] : null;
}

public sealed record RegisterInput(string? UserName, string? Password, string? ConfirmPassword, string? Email, string? Phone, string? Code);

/// <summary>
/// Registration, sign-in with password + SMS code, forgot password, binding and changing the phone,
/// and the user centre's edits (ACC-1..4, ACC-6). Self-service only: nothing here lets one person set
/// another's password. Every change is audited in the same transaction.
/// </summary>
public sealed class AccountService(UserManager<User> users, SignInManager<User> signIn, SmsCodeService codes, CaptchaService captchas,
    SmeDbContext db, IAuditLog audit, TimeProvider clock, IEnumerable<ISignInGuard> guards, IStringLocalizer<Strings> T)
{
    /// <summary>Accounts imported without a phone (ACC-6) must bind one before they can sign in.</summary>
    public static bool NeedsPhone(User user) => user.MustBindPhone || string.IsNullOrEmpty(user.PhoneNumber);

    // ---- registration (政务平台账号注册) ----

    public async Task<AccountResult> SendRegisterCodeAsync(string? phone, Guid? captchaId, string? captcha, string ip, CancellationToken ct)
    {
        if (!await captchas.CheckAsync(captchaId, captcha, ct)) return AccountResult.Fail(T["图形验证码错误或已失效，请重新输入。"]);
        var normalized = Phones.Normalize(phone);
        if (normalized is null) return AccountResult.Fail(T["请输入正确的手机号。"]);
        if (await PhoneTakenAsync(normalized, null, ct)) return AccountResult.Fail(T["该手机号已绑定其他账号。"]);
        return FromCode(await codes.SendAsync(SmsCodePurpose.Register, normalized, null, ip, ct), normalized);
    }

    public async Task<AccountResult> RegisterAsync(RegisterInput input, CancellationToken ct)
    {
        var errors = new List<string>();
        var userName = input.UserName?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        var phone = Phones.Normalize(input.Phone);
        if (userName.Length == 0) errors.Add(T["请输入登录名。"]);
        else if (userName.Length > 64) errors.Add(T["登录名不能超过 64 个字符。"]);
        if (string.IsNullOrEmpty(input.Password)) errors.Add(T["请输入密码。"]);
        else if (input.Password != input.ConfirmPassword) errors.Add(T["两次输入的密码不一致。"]);
        if (email.Length == 0 || email.Length > 256 || !new EmailAddressAttribute().IsValid(email)) errors.Add(T["请输入正确的电子邮箱。"]);
        if (phone is null) errors.Add(T["请输入正确的手机号。"]);
        else if (await PhoneTakenAsync(phone, null, ct)) errors.Add(T["该手机号已绑定其他账号。"]);
        if (errors.Count > 0) return new AccountResult(false, errors);

        var user = new User
        {
            UserName = userName, DisplayName = userName, Email = email, PhoneNumber = phone, PhoneNumberConfirmed = true,
            CreatedAt = clock.GetUtcNow(),
        };
        // Everything that can be wrong with the input is found before the SMS code is spent.
        foreach (var v in users.UserValidators) errors.AddRange(Describe(await v.ValidateAsync(users, user)));
        foreach (var v in users.PasswordValidators) errors.AddRange(Describe(await v.ValidateAsync(users, user, input.Password)));
        if (errors.Count > 0) return new AccountResult(false, errors.Distinct().ToList());

        var code = await codes.VerifyAsync(SmsCodePurpose.Register, phone!, null, input.Code, ct);
        if (!code.Succeeded) return AccountResult.Fail(code.Error!);

        var result = await AuditedAsync("account.register", user, new { user.UserName, Phone = Phones.Mask(phone) },
            () => users.CreateAsync(user, input.Password!), ct);
        return result.Succeeded ? AccountResult.Ok(user) : new AccountResult(false, Describe(result));
    }

    // ---- sign-in (用户登录): password + SMS code every time ----

    /// <summary>Checks login name and password; wrong ones count towards the lockout.</summary>
    public async Task<AccountResult> CheckPasswordAsync(string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return AccountResult.Fail(T["请输入登录名和密码。"]);
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return AccountResult.Fail(T["登录名或密码错误。"]);
        if (await users.IsLockedOutAsync(user)) return Locked(user);
        if (!await users.CheckPasswordAsync(user, password)) return await FailedAttemptAsync(user, T["登录名或密码错误。"], ct);
        foreach (var guard in guards)
            if (await guard.RefusalAsync(user, ct) is { } refusal) return AccountResult.Fail(refusal);
        return AccountResult.Ok(user);
    }

    public async Task<AccountResult> SendSignInCodeAsync(string? userName, string? password, string ip, CancellationToken ct)
    {
        var check = await CheckPasswordAsync(userName, password, ct);
        if (!check.Succeeded) return check;
        var user = check.User!;
        if (NeedsPhone(user)) return MustBindPhone(user);
        return FromCode(await codes.SendAsync(SmsCodePurpose.SignIn, user.PhoneNumber!, user.Id, ip, ct), user.PhoneNumber!);
    }

    /// <summary>Signs in when password and SMS code are right. A wrong code counts towards the lockout too.</summary>
    public async Task<AccountResult> SignInAsync(string? userName, string? password, string? code, CancellationToken ct)
    {
        var check = await CheckPasswordAsync(userName, password, ct);
        if (!check.Succeeded) return check;
        var user = check.User!;
        if (NeedsPhone(user)) return MustBindPhone(user);
        var verified = await codes.VerifyAsync(SmsCodePurpose.SignIn, user.PhoneNumber!, user.Id, code, ct);
        if (!verified.Succeeded) return await FailedAttemptAsync(user, verified.Error!, ct);

        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd+sms");
        audit.Record("account.signin", "User", user.Id, new { user.UserName });
        await db.SaveChangesAsync(ct);
        return AccountResult.Ok(user);
    }

    // ---- forgot password (忘记密码): login ID + user name + SMS code to the bound phone ----

    public async Task<AccountResult> SendResetCodeAsync(string? userName, string? displayName, Guid? captchaId, string? captcha, string ip,
        CancellationToken ct)
    {
        if (!await captchas.CheckAsync(captchaId, captcha, ct)) return AccountResult.Fail(T["图形验证码错误或已失效，请重新输入。"]);
        var user = await FindForResetAsync(userName, displayName);
        if (user is null) return AccountResult.Fail(T["登录ID与用户名称不匹配。"]);
        if (NeedsPhone(user)) return MustBindPhone(user);
        return FromCode(await codes.SendAsync(SmsCodePurpose.ResetPassword, user.PhoneNumber!, user.Id, ip, ct), user.PhoneNumber!);
    }

    public async Task<AccountResult> ResetPasswordAsync(string? userName, string? displayName, string? password, string? confirm, string? code,
        CancellationToken ct)
    {
        var user = await FindForResetAsync(userName, displayName);
        if (user is null) return AccountResult.Fail(T["登录ID与用户名称不匹配。"]);
        if (NeedsPhone(user)) return MustBindPhone(user);
        var errors = await CheckNewPasswordAsync(user, password, confirm);
        if (errors.Count > 0) return new AccountResult(false, errors);
        var verified = await codes.VerifyAsync(SmsCodePurpose.ResetPassword, user.PhoneNumber!, user.Id, code, ct);
        if (!verified.Succeeded) return AccountResult.Fail(verified.Error!);

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await AuditedAsync("account.reset-password", user, new { user.UserName }, async () =>
        {
            var r = await users.ResetPasswordAsync(user, token, password!);
            if (!r.Succeeded) return r;
            // Proven by the SMS code: a locked account is unlocked.
            r = await users.SetLockoutEndDateAsync(user, null);
            return r.Succeeded ? await users.ResetAccessFailedCountAsync(user) : r;
        }, ct);
        return result.Succeeded ? AccountResult.Ok(user) : new AccountResult(false, Describe(result));
    }

    // ---- bind phone (绑定手机号) before signing in, for accounts without one ----

    public async Task<AccountResult> SendBindCodeAsync(string? userName, string? password, string? phone, string ip, CancellationToken ct)
    {
        var check = await CheckPasswordAsync(userName, password, ct);
        if (!check.Succeeded) return check;
        var user = check.User!;
        if (!NeedsPhone(user)) return AccountResult.Fail(T["该账号已绑定手机号。如需更换，请登录后在用户中心修改。"]);
        var normalized = Phones.Normalize(phone);
        if (normalized is null) return AccountResult.Fail(T["请输入正确的手机号。"]);
        if (await PhoneTakenAsync(normalized, user.Id, ct)) return AccountResult.Fail(T["该手机号已绑定其他账号。"]);
        return FromCode(await codes.SendAsync(SmsCodePurpose.BindPhone, normalized, user.Id, ip, ct), normalized);
    }

    public async Task<AccountResult> BindPhoneAsync(string? userName, string? password, string? phone, string? code, CancellationToken ct)
    {
        var check = await CheckPasswordAsync(userName, password, ct);
        if (!check.Succeeded) return check;
        var user = check.User!;
        if (!NeedsPhone(user)) return AccountResult.Fail(T["该账号已绑定手机号。如需更换，请登录后在用户中心修改。"]);
        return await SetPhoneAsync(user, phone, code, ct);
    }

    // ---- user centre (用户中心) ----

    public async Task<AccountResult> UpdateProfileAsync(User user, string? displayName, string? email, int version, CancellationToken ct)
    {
        displayName = displayName?.Trim() ?? "";
        email = email?.Trim() ?? "";
        var errors = new List<string>();
        if (displayName.Length == 0) errors.Add(T["请输入用户名称。"]);
        else if (displayName.Length > 64) errors.Add(T["用户名称不能超过 64 个字符。"]);
        if (email.Length == 0 || email.Length > 256 || !new EmailAddressAttribute().IsValid(email)) errors.Add(T["请输入正确的电子邮箱。"]);
        if (errors.Count > 0) return new AccountResult(false, errors);

        // The form carries the version it was made from: an edit of a stale copy fails instead of overwriting.
        // (From loading to saving, Identity's concurrency stamp guards the row.)
        if (user.Version != version) return AccountResult.Fail(T["信息已被他人修改，请刷新页面后重试。"]);
        var before = new { user.DisplayName, user.Email };
        user.DisplayName = displayName;
        user.Email = email;
        user.NormalizedEmail = users.NormalizeEmail(email);
        var result = await AuditedAsync("account.profile", user, new { before, after = new { displayName, email } }, () => users.UpdateAsync(user), ct);
        return result.Succeeded ? AccountResult.Ok(user, T["基本信息已保存。"]) : new AccountResult(false, Describe(result));
    }

    public async Task<AccountResult> ChangePasswordAsync(User user, string? current, string? password, string? confirm, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(current)) return AccountResult.Fail(T["请输入当前密码。"]);
        var errors = await CheckNewPasswordAsync(user, password, confirm);
        if (errors.Count > 0) return new AccountResult(false, errors);
        var result = await AuditedAsync("account.change-password", user, null, () => users.ChangePasswordAsync(user, current, password!), ct);
        if (!result.Succeeded) return new AccountResult(false, Describe(result));
        // The security stamp changed: renew this browser's cookie; other sessions end at their next check.
        await signIn.RefreshSignInAsync(user);
        return AccountResult.Ok(user, T["密码已修改。"]);
    }

    /// <summary>Sends a code to the new phone: to change the bound phone (手机号修改), or to bind one.</summary>
    public async Task<AccountResult> SendPhoneCodeAsync(User user, string? phone, string ip, CancellationToken ct)
    {
        var normalized = Phones.Normalize(phone);
        if (normalized is null) return AccountResult.Fail(T["请输入正确的手机号。"]);
        if (normalized == user.PhoneNumber) return AccountResult.Fail(T["新手机号与当前手机号相同。"]);
        if (await PhoneTakenAsync(normalized, user.Id, ct)) return AccountResult.Fail(T["该手机号已绑定其他账号。"]);
        return FromCode(await codes.SendAsync(PhonePurpose(user), normalized, user.Id, ip, ct), normalized);
    }

    public async Task<AccountResult> ChangePhoneAsync(User user, string? currentPassword, string? phone, string? code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(currentPassword) || !await users.CheckPasswordAsync(user, currentPassword))
            return AccountResult.Fail(T["当前密码错误。"]);
        var normalized = Phones.Normalize(phone);
        if (normalized is not null && normalized == user.PhoneNumber) return AccountResult.Fail(T["新手机号与当前手机号相同。"]);
        return await SetPhoneAsync(user, phone, code, ct);
    }

    // ---- helpers ----

    private async Task<AccountResult> SetPhoneAsync(User user, string? phone, string? code, CancellationToken ct)
    {
        var normalized = Phones.Normalize(phone);
        if (normalized is null) return AccountResult.Fail(T["请输入正确的手机号。"]);
        if (await PhoneTakenAsync(normalized, user.Id, ct)) return AccountResult.Fail(T["该手机号已绑定其他账号。"]);
        var purpose = PhonePurpose(user);
        var verified = await codes.VerifyAsync(purpose, normalized, user.Id, code, ct);
        if (!verified.Succeeded) return AccountResult.Fail(verified.Error!);

        var action = purpose == SmsCodePurpose.BindPhone ? "account.bind-phone" : "account.change-phone";
        var details = new { before = Phones.Mask(user.PhoneNumber), after = Phones.Mask(normalized) };
        user.PhoneNumber = normalized;
        user.PhoneNumberConfirmed = true;
        user.MustBindPhone = false;
        // A new security stamp saves the change and ends other sessions of the account.
        var result = await AuditedAsync(action, user, details, () => users.UpdateSecurityStampAsync(user), ct);
        return result.Succeeded
            ? AccountResult.Ok(user, purpose == SmsCodePurpose.BindPhone ? T["手机号已绑定。"] : T["手机号已修改。"])
            : new AccountResult(false, Describe(result));
    }

    private static SmsCodePurpose PhonePurpose(User user) => NeedsPhone(user) ? SmsCodePurpose.BindPhone : SmsCodePurpose.ChangePhone;

    private async Task<List<string>> CheckNewPasswordAsync(User user, string? password, string? confirm)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(password)) errors.Add(T["请输入新密码。"]);
        else if (password != confirm) errors.Add(T["两次输入的密码不一致。"]);
        else foreach (var v in users.PasswordValidators) errors.AddRange(Describe(await v.ValidateAsync(users, user, password)));
        return errors;
    }

    private async Task<User?> FindForResetAsync(string? userName, string? displayName)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(displayName)) return null;
        var user = await users.FindByNameAsync(userName.Trim());
        return user is not null && user.DisplayName == displayName.Trim() ? user : null;
    }

    private Task<bool> PhoneTakenAsync(string phone, string? exceptUserId, CancellationToken ct) =>
        users.Users.AnyAsync(u => u.PhoneNumber == phone && u.Id != exceptUserId, ct);

    private async Task<AccountResult> FailedAttemptAsync(User user, string error, CancellationToken ct)
    {
        await users.AccessFailedAsync(user);
        if (!await users.IsLockedOutAsync(user)) return AccountResult.Fail(error);
        audit.Record("account.lockout", "User", user.Id, new { user.UserName, until = user.LockoutEnd });
        await db.SaveChangesAsync(ct);
        return Locked(user);
    }

    private AccountResult Locked(User user)
    {
        // Identity decides lockouts by the system clock, so the remaining time is reckoned the same way.
        var minutes = Math.Max(1, (int)Math.Ceiling(((user.LockoutEnd ?? DateTimeOffset.UtcNow) - DateTimeOffset.UtcNow).TotalMinutes));
        return AccountResult.Fail(T["错误次数过多，账号已锁定，请 {0} 分钟后再试或通过“忘记密码”重置。", minutes]);
    }

    private AccountResult MustBindPhone(User user) =>
        new(false, [T["该账号尚未绑定手机号，请先绑定手机号。"]], user, Redirect: "/account/bind-phone?userName=" + Uri.EscapeDataString(user.UserName!));

    private AccountResult FromCode(CodeResult code, string phone) =>
        code.Succeeded
            ? new AccountResult(true, [], Message: T["验证码已发送至 {0}。", Phones.Mask(phone)])
            : new AccountResult(false, [code.Error!], RetryAfterSeconds: code.RetryAfterSeconds);

    private static List<string> Describe(IdentityResult r) => r.Errors.Select(e => e.Description).ToList();

    /// <summary>Runs an Identity change and its audit row in one transaction.</summary>
    private async Task<IdentityResult> AuditedAsync(string action, User user, object? details, Func<Task<IdentityResult>> change, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await change();
        if (!result.Succeeded) return result;
        audit.Record(action, "User", user.Id, details);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
