using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>ACC-3 and ACC-4: forgot password, the user centre (name, password, phone). No administrator resets.</summary>
public class SelfServiceTests(AccountsFixture apps) : IClassFixture<AccountsFixture>
{
    [Theory, Providers]
    public async Task Forgot_password_resets_it_with_login_id_user_name_captcha_and_sms_code(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("forgot"));
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/forgot-password");

        var mismatch = await browser.PostFormAsync("/account/forgot-password/code", token, ("UserName", user.UserName), ("DisplayName", "someone else"),
            ("CaptchaId", captcha), ("Captcha", AccountsFixture.CaptchaCode));
        Assert.Equal("登录ID与用户名称不匹配。", await mismatch.MessageAsync());
        var wrongCaptcha = await browser.PostFormAsync("/account/forgot-password/code", token, ("UserName", user.UserName), ("DisplayName", user.DisplayName),
            ("CaptchaId", await browser.NewCaptchaAsync()), ("Captcha", "00000"));
        Assert.Equal("图形验证码错误或已失效，请重新输入。", await wrongCaptcha.MessageAsync());
        Assert.Equal(0, await app.SmsCountAsync(user.PhoneNumber!));

        var sent = await browser.PostFormAsync("/account/forgot-password/code", token, ("UserName", user.UserName), ("DisplayName", user.DisplayName),
            ("CaptchaId", await browser.NewCaptchaAsync()), ("Captcha", AccountsFixture.CaptchaCode));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var code = await app.LatestSmsCodeAsync(user.PhoneNumber!);

        const string newPassword = "Fresh@2024x";
        var mismatchPw = await browser.PostFormAsync("/account/forgot-password", token, ("UserName", user.UserName), ("DisplayName", user.DisplayName),
            ("Password", newPassword), ("ConfirmPassword", "Other@2024x"), ("Code", code));
        Assert.Equal("两次输入的密码不一致。", await mismatchPw.ErrorsAsync());
        var reset = await browser.PostFormAsync("/account/forgot-password", token, ("UserName", user.UserName), ("DisplayName", user.DisplayName),
            ("Password", newPassword), ("ConfirmPassword", newPassword), ("Code", code));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(1, await app.AuditCountAsync("account.reset-password", user.Id));

        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var fresh = await users.FindByNameAsync(user.UserName!);
            Assert.True(await users.CheckPasswordAsync(fresh!, newPassword));
            Assert.False(await users.CheckPasswordAsync(fresh!, Flows.Password));
        }
        // The code is spent: replaying the reset changes nothing.
        var replay = await browser.PostFormAsync("/account/forgot-password", token, ("UserName", user.UserName), ("DisplayName", user.DisplayName),
            ("Password", "Third@2024x"), ("ConfirmPassword", "Third@2024x"), ("Code", code));
        Assert.Equal("验证码已使用，请重新获取。", await replay.ErrorsAsync());
    }

    [Theory, Providers]
    public async Task There_is_no_administrator_password_reset(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateUserAsync(Flows.NewName("super"), null, PermissionClaims.SuperAdminRole);
        foreach (var url in new[] { "/admin/users/reset-password", "/account/reset-password", "/admin/password" })
            Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync(url)).StatusCode);
    }

    [Theory, Providers]
    public async Task Change_phone_needs_a_code_sent_to_the_new_phone_and_the_password(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("phone"));
        var oldPhone = user.PhoneNumber!;
        var client = await app.ClientAsAsync(user.UserName!);
        var token = Flows.Token(await client.GetStringAsync("/account/profile"));
        var newPhone = Flows.NewPhone();

        var same = await client.PostFormAsync("/account/profile/phone/code", token, ("phone", oldPhone));
        Assert.Equal("新手机号与当前手机号相同。", await same.MessageAsync());
        var sent = await client.PostFormAsync("/account/profile/phone/code", token, ("phone", newPhone));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(1, await app.SmsCountAsync(newPhone));
        Assert.Equal(0, await app.SmsCountAsync(oldPhone));
        var code = await app.LatestSmsCodeAsync(newPhone);

        var noPassword = await client.PostFormAsync("/account/profile/phone", token, ("phone", newPhone), ("code", code), ("currentPassword", "wrong"));
        Assert.Equal("/account/profile", noPassword.Headers.Location!.OriginalString);
        Assert.Contains("当前密码错误。", await client.GetStringAsync("/account/profile"));
        Assert.Equal(oldPhone, await app.PhoneOfAsync(user.UserName!));

        var changed = await client.PostFormAsync("/account/profile/phone", token, ("phone", newPhone), ("code", code), ("currentPassword", Flows.Password));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(newPhone, await app.PhoneOfAsync(user.UserName!));
        Assert.Equal(1, await app.AuditCountAsync("account.change-phone", user.Id));
        // The session goes on (its cookie was renewed with the new security stamp).
        Assert.Contains("手机号已修改。", await client.GetStringAsync("/account/profile"));

        // Sign-in codes now go to the new phone (a minute later: one code per phone per minute).
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.SignInWithSmsAsync(user.UserName!);
        Assert.Equal(2, await app.SmsCountAsync(newPhone));
        Assert.Equal(0, await app.SmsCountAsync(oldPhone));
    }

    [Theory, Providers]
    public async Task A_phone_bound_to_another_account_is_refused(string provider)
    {
        var app = apps.Get(provider);
        var other = await app.CreateUserAsync(Flows.NewName("other"));
        var user = await app.CreateUserAsync(Flows.NewName("me"));
        var client = await app.ClientAsAsync(user.UserName!);
        var token = Flows.Token(await client.GetStringAsync("/account/profile"));
        var r = await client.PostFormAsync("/account/profile/phone/code", token, ("phone", other.PhoneNumber));
        Assert.Equal("该手机号已绑定其他账号。", await r.MessageAsync());
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Theory, Providers]
    public async Task Change_password_needs_the_current_one(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("pwd"));
        var client = await app.ClientAsAsync(user.UserName!);
        var token = Flows.Token(await client.GetStringAsync("/account/profile"));

        await client.PostFormAsync("/account/profile/password", token, ("currentPassword", "Wrong@12345"), ("password", "Next@12345"), ("confirmPassword", "Next@12345"));
        Assert.Contains("当前密码错误。", await client.GetStringAsync("/account/profile"));
        await client.PostFormAsync("/account/profile/password", token, ("currentPassword", Flows.Password), ("password", "short1"), ("confirmPassword", "short1"));
        Assert.Contains("密码至少需要 8 个字符。", await client.GetStringAsync("/account/profile"));

        var ok = await client.PostFormAsync("/account/profile/password", token, ("currentPassword", Flows.Password), ("password", "Next@12345"), ("confirmPassword", "Next@12345"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("密码已修改。", await client.GetStringAsync("/account/profile"));
        Assert.Equal(1, await app.AuditCountAsync("account.change-password", user.Id));
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync(user.UserName!))!, "Next@12345"));
    }

    [Theory, Providers]
    public async Task Profile_edits_are_audited_and_a_stale_form_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("name"));
        var client = await app.ClientAsAsync(user.UserName!);
        var html = await client.GetStringAsync("/account/profile");
        var token = Flows.Token(html);
        var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;

        var ok = await client.PostFormAsync("/account/profile", token, ("displayName", "张三"), ("email", "zhang@example.test"), ("version", version));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("基本信息已保存。", await client.GetStringAsync("/account/profile"));
        Assert.Equal(1, await app.AuditCountAsync("account.profile", user.Id));

        // Posting again from the old page (old version) is refused.
        await client.PostFormAsync("/account/profile", token, ("displayName", "李四"), ("email", "li@example.test"), ("version", version));
        Assert.Contains("信息已被他人修改，请刷新页面后重试。", await client.GetStringAsync("/account/profile"));
        await client.PostFormAsync("/account/profile", token, ("displayName", ""), ("email", "x@example.test"), ("version", version));
        await using var scope = app.Scope();
        var fresh = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(user.UserName!);
        Assert.Equal("张三", fresh!.DisplayName);
        Assert.Equal(1, await app.AuditCountAsync("account.profile", user.Id));
    }

    [Theory, Providers]
    public async Task The_user_centre_needs_a_sign_in(string provider)
    {
        var r = await apps.Get(provider).Browser().GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("http://localhost/account/signin", r.Headers.Location!.ToString());
    }
}
