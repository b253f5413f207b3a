namespace SmeMonitor.Accounts;

/// <summary>The "Accounts" section of appsettings.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    public SmsCodeOptions SmsCodes { get; set; } = new();
    public CaptchaOptions Captcha { get; set; } = new();
    public PasswordPolicyOptions Password { get; set; } = new();
    public LockoutPolicyOptions Lockout { get; set; } = new();
}

/// <summary>SMS verification codes (短信验证码) and the limits on sending them.</summary>
public sealed class SmsCodeOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Wrong entries allowed per code; then a new code is needed.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>At most one code per phone within this interval.</summary>
    public TimeSpan PhoneInterval { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxPerPhonePerDay { get; set; } = 10;
    public int MaxPerIpPerHour { get; set; } = 20;
}

/// <summary>The picture captcha (图形验证码) in front of "获取验证码" on registration and forgot password.</summary>
public sealed class CaptchaOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);
    public int Length { get; set; } = 5;
    /// <summary>Every captcha shows this code. Honoured only in the "Testing" environment (automated tests).</summary>
    public string? FixedCode { get; set; }
}

public sealed class PasswordPolicyOptions
{
    public int RequiredLength { get; set; } = 8;
    public bool RequireDigit { get; set; } = true;
    public bool RequireLowercase { get; set; } = true;
    public bool RequireUppercase { get; set; }
    public bool RequireNonAlphanumeric { get; set; }
}

/// <summary>Lockout after repeated wrong passwords or SMS codes (Identity lockout).</summary>
public sealed class LockoutPolicyOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
