using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Core.Data;
using SmeMonitor.Messaging;

namespace SmeMonitor.Accounts.Services;

/// <summary>The outcome of sending or checking a code; <see cref="Error"/> is localized for the user.</summary>
public sealed record CodeResult(bool Succeeded, string? Error = null, int? RetryAfterSeconds = null)
{
    public static readonly CodeResult Ok = new(true);
    public static CodeResult Fail(string error, int? retryAfter = null) => new(false, error, retryAfter);
}

/// <summary>
/// SMS verification codes (短信验证码): 6 digits, bound to a purpose, a phone and (except for
/// registration) an account; they expire, work once, and allow a few wrong entries. Sending is
/// limited per phone (interval and daily count) and per IP (hourly count); the code rows are the record.
/// </summary>
public sealed class SmsCodeService(SmeDbContext db, ISmsSender sms, TimeProvider clock, IOptions<AccountsOptions> options,
    IStringLocalizer<Strings> T)
{
    public const string Template = "sms-code";
    private SmsCodeOptions O => options.Value.SmsCodes;

    public async Task<CodeResult> SendAsync(SmsCodePurpose purpose, string phone, string? userId, string ip, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var codes = db.Set<SmsCode>().AsNoTracking();
        var last = await codes.Where(c => c.Phone == phone).OrderByDescending(c => c.CreatedAt).Select(c => (DateTimeOffset?)c.CreatedAt).FirstOrDefaultAsync(ct);
        if (last is not null && now - last.Value < O.PhoneInterval)
        {
            var wait = (int)Math.Ceiling((O.PhoneInterval - (now - last.Value)).TotalSeconds);
            return CodeResult.Fail(T["获取验证码过于频繁，请 {0} 秒后再试。", wait], wait);
        }
        var dayAgo = now.AddDays(-1);
        if (await codes.CountAsync(c => c.Phone == phone && c.CreatedAt > dayAgo, ct) >= O.MaxPerPhonePerDay)
            return CodeResult.Fail(T["该手机号今日获取验证码次数已达上限，请明天再试。"]);
        var hourAgo = now.AddHours(-1);
        if (await codes.CountAsync(c => c.Ip == ip && c.CreatedAt > hourAgo, ct) >= O.MaxPerIpPerHour)
            return CodeResult.Fail(T["当前网络获取验证码过于频繁，请一小时后再试。"]);

        var code = SecretHash.Digits(6);
        var salt = SecretHash.NewSalt();
        db.Add(new SmsCode
        {
            Purpose = purpose, Phone = phone, UserId = userId, Salt = salt, CodeHash = SecretHash.Hash(salt, code), Ip = ip,
            CreatedAt = now, ExpiresAt = now + O.Lifetime,
        });
        await db.SaveChangesAsync(ct);

        var text = T["您的验证码是 {0}，用于{1}，{2} 分钟内有效。请勿告诉他人。", code, PurposeText(purpose), (int)O.Lifetime.TotalMinutes];
        var sent = await sms.SendAsync(new SmsMessage(phone, text, Template, [code]), ct);
        // A failed send still counts against the limits, so a broken gateway is not hammered.
        return sent.Succeeded ? CodeResult.Ok : CodeResult.Fail(T["短信发送失败，请稍后再试。"]);
    }

    /// <summary>
    /// Checks the latest code sent for this purpose, phone and account, and uses it up when it matches.
    /// A wrong entry is counted; after <see cref="SmsCodeOptions.MaxAttempts"/> the code is dead.
    /// </summary>
    public async Task<CodeResult> VerifyAsync(SmsCodePurpose purpose, string phone, string? userId, string? code, CancellationToken ct = default)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code)) return CodeResult.Fail(T["请输入短信验证码。"]);
        var row = await db.Set<SmsCode>()
            .Where(c => c.Purpose == purpose && c.Phone == phone && c.UserId == userId)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (row is null) return CodeResult.Fail(T["请先获取短信验证码。"]);
        if (row.UsedAt is not null) return CodeResult.Fail(T["验证码已使用，请重新获取。"]);
        if (row.FailedAttempts >= O.MaxAttempts) return CodeResult.Fail(T["验证码错误次数过多，请重新获取。"]);
        var now = clock.GetUtcNow();
        if (row.ExpiresAt <= now) return CodeResult.Fail(T["验证码已过期，请重新获取。"]);

        if (!SecretHash.Matches(row.Salt, row.CodeHash, code))
        {
            row.FailedAttempts++;
            await db.SaveChangesAsync(ct);
            return row.FailedAttempts >= O.MaxAttempts
                ? CodeResult.Fail(T["验证码错误次数过多，请重新获取。"])
                : CodeResult.Fail(T["短信验证码错误。"]);
        }
        row.UsedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request used or spent this code at the same moment.
            db.Entry(row).State = EntityState.Detached;
            return CodeResult.Fail(T["验证码已使用，请重新获取。"]);
        }
        return CodeResult.Ok;
    }

    private string PurposeText(SmsCodePurpose purpose) => purpose switch
    {
        SmsCodePurpose.Register => T["注册账号"],
        SmsCodePurpose.SignIn => T["登录"],
        SmsCodePurpose.ResetPassword => T["找回密码"],
        SmsCodePurpose.BindPhone => T["绑定手机号"],
        _ => T["修改手机号"],
    };
}
