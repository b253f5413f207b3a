using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.Accounts.Services;

/// <summary>Identity's messages (password policy, duplicate names, …) in the user's language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<Strings> T) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), T["操作失败，请稍后再试。"]);
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), T["信息已被他人修改，请刷新页面后重试。"]);
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), T["当前密码错误。"]);
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), T["操作已失效，请重试。"]);
    public override IdentityError InvalidUserName(string? userName) =>
        E(nameof(InvalidUserName), T["登录名“{0}”无效：只能包含字母、数字和 - . _ @ +。", userName ?? ""]);
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), T["请输入正确的电子邮箱。"]);
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), T["登录名“{0}”已被注册。", userName]);
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), T["电子邮箱“{0}”已被使用。", email]);
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), T["密码至少需要 {0} 个字符。", length]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        E(nameof(PasswordRequiresUniqueChars), T["密码至少需要 {0} 个不同的字符。", uniqueChars]);
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), T["密码必须包含至少一个符号。"]);
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), T["密码必须包含至少一个数字。"]);
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), T["密码必须包含至少一个小写字母。"]);
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), T["密码必须包含至少一个大写字母。"]);
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), T["操作失败，请稍后再试。"]);

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
