using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>ACC-2 and ACC-6: password + SMS code on every sign-in, lockout, accounts that must bind a phone first.</summary>
public class SignInTests(AccountsFixture apps) : IClassFixture<AccountsFixture>
{
    private const string IdentityCookie = ".AspNetCore.Identity.Application";

    [Theory, Providers]
    public async Task Password_alone_does_not_sign_in(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("pw"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");

        var noCode = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password));
        Assert.Equal("请输入短信验证码。", await noCode.ErrorsAsync());
        var notRequested = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", "123456"));
        Assert.Equal("请先获取短信验证码。", await notRequested.ErrorsAsync());
        Assert.False(SetsIdentityCookie(noCode) || SetsIdentityCookie(notRequested));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profile")).StatusCode);
    }

    [Theory, Providers]
    public async Task Password_and_sms_code_sign_in_and_sign_out_is_audited(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("ok"));
        var client = await app.SignInWithSmsAsync(user.UserName!);

        var me = await client.GetStringAsync("/account/profile");
        Assert.Contains(user.UserName!, me);
        Assert.Equal(1, await app.AuditCountAsync("account.signin", user.Id));

        var token = Flows.Token(me);
        var signOut = await client.PostFormAsync("/account/signout", token);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(1, await app.AuditCountAsync("account.signout", user.Id));
    }

    [Theory, Providers]
    public async Task A_wrong_password_gets_no_code_and_a_wrong_code_no_session(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("wrong"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");

        var badPassword = await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", "Wrong@12345"));
        Assert.Equal(HttpStatusCode.BadRequest, badPassword.StatusCode);
        Assert.Equal("登录名或密码错误。", await badPassword.MessageAsync());
        var unknown = await browser.PostFormAsync("/account/signin/code", token, ("UserName", "nobody-" + user.UserName), ("Password", Flows.Password));
        Assert.Equal("登录名或密码错误。", await unknown.MessageAsync());
        Assert.Equal(0, await app.SmsCountAsync(user.PhoneNumber!));

        Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password))).StatusCode);
        var code = await app.LatestSmsCodeAsync(user.PhoneNumber!);
        var wrong = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password),
            ("Code", code == "999999" ? "888888" : "999999"));
        Assert.Equal("短信验证码错误。", await wrong.ErrorsAsync());
        Assert.False(SetsIdentityCookie(wrong));

        var right = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", code));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
        Assert.True(SetsIdentityCookie(right));
    }

    [Theory, Providers]
    public async Task Repeated_failures_lock_the_account(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("lock"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");

        for (var i = 0; i < 4; i++)
        {
            var r = await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", "Wrong@12345"));
            Assert.Equal("登录名或密码错误。", await r.MessageAsync());
        }
        var fifth = await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", "Wrong@12345"));
        Assert.StartsWith("错误次数过多，账号已锁定", await fifth.MessageAsync());

        // Locked: the right password gets no code either.
        var right = await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password));
        Assert.StartsWith("错误次数过多，账号已锁定", await right.MessageAsync());
        Assert.Equal(0, await app.SmsCountAsync(user.PhoneNumber!));
        Assert.Equal(1, await app.AuditCountAsync("account.lockout", user.Id));
    }

    [Theory, Providers]
    public async Task Wrong_sms_codes_count_towards_the_lockout(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("codes"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");
        await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password));
        var code = await app.LatestSmsCodeAsync(user.PhoneNumber!);
        var wrong = code == "999999" ? "888888" : "999999";

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
            last = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", wrong));
        Assert.StartsWith("错误次数过多，账号已锁定", await last.ErrorsAsync());
        var right = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", code));
        Assert.StartsWith("错误次数过多，账号已锁定", await right.ErrorsAsync());
    }

    [Theory, Providers]
    public async Task An_account_that_must_bind_a_phone_binds_one_before_signing_in(string provider)
    {
        var app = apps.Get(provider);
        var name = Flows.NewName("old");
        await using (var scope = app.Scope())
        {
            // As imported from the old platform (ACC-6): default password, no phone.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var created = await users.CreateAsync(new User { UserName = name, DisplayName = name, MustBindPhone = true, CreatedAt = DateTimeOffset.UtcNow }, "sme123456#");
            Assert.True(created.Succeeded);
        }
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");

        var code = await browser.PostFormAsync("/account/signin/code", token, ("UserName", name), ("Password", "sme123456#"));
        Assert.Equal(HttpStatusCode.BadRequest, code.StatusCode);
        Assert.Contains("/account/bind-phone?userName=" + name, await code.Content.ReadAsStringAsync());
        var post = await browser.PostFormAsync("/account/signin", token, ("UserName", name), ("Password", "sme123456#"), ("Code", "123456"));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/account/bind-phone?userName=" + name, post.Headers.Location!.OriginalString);

        // 绑定手机号: login name + password + the new phone's SMS code.
        var phone = Flows.NewPhone();
        var bindToken = await browser.AntiforgeryTokenAsync("/account/bind-phone?userName=" + name);
        var wrongPassword = await browser.PostFormAsync("/account/bind-phone/code", bindToken, ("UserName", name), ("Password", "nope"), ("Phone", phone));
        Assert.Equal("登录名或密码错误。", await wrongPassword.MessageAsync());
        Assert.Equal(0, await app.SmsCountAsync(phone));
        Assert.Equal(HttpStatusCode.OK,
            (await browser.PostFormAsync("/account/bind-phone/code", bindToken, ("UserName", name), ("Password", "sme123456#"), ("Phone", phone))).StatusCode);
        var bound = await browser.PostFormAsync("/account/bind-phone", bindToken, ("UserName", name), ("Password", "sme123456#"), ("Phone", phone),
            ("Code", await app.LatestSmsCodeAsync(phone)));
        Assert.Equal(HttpStatusCode.Redirect, bound.StatusCode);
        Assert.StartsWith("/account/signin", bound.Headers.Location!.OriginalString);

        await using (var scope = app.Scope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(name);
            Assert.Equal(phone, user!.PhoneNumber);
            Assert.False(user.MustBindPhone);
            Assert.Equal(1, await app.AuditCountAsync("account.bind-phone", user.Id));
        }
        // The anonymous bind page is for accounts without a phone only.
        var again = await browser.PostFormAsync("/account/bind-phone/code", bindToken, ("UserName", name), ("Password", "sme123456#"), ("Phone", Flows.NewPhone()));
        Assert.Equal("该账号已绑定手机号。如需更换，请登录后在用户中心修改。", await again.MessageAsync());

        app.Clock.Advance(TimeSpan.FromSeconds(61)); // one code per phone per minute
        var client = await app.SignInWithSmsAsync(name, "sme123456#");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/profile")).StatusCode);
    }

    [Theory, Providers]
    public async Task Administrators_land_on_the_dashboard_and_a_local_return_url_is_kept(string provider)
    {
        var app = apps.Get(provider);
        var admin = await app.CreateAdministratorAsync(Flows.NewName("adm"), AdminLevel.Province, "330000");
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");
        await browser.PostFormAsync("/account/signin/code", token, ("UserName", admin.UserName), ("Password", Flows.Password));
        var code = await app.LatestSmsCodeAsync(admin.PhoneNumber!);
        var r = await browser.PostFormAsync("/account/signin", token, ("UserName", admin.UserName), ("Password", Flows.Password), ("Code", code));
        Assert.Equal("/admin", r.Headers.Location!.OriginalString);

        var user = await app.CreateUserAsync(Flows.NewName("ret"));
        var other = app.Browser();
        var token2 = await other.AntiforgeryTokenAsync("/account/signin");
        await other.PostFormAsync("/account/signin/code", token2, ("UserName", user.UserName), ("Password", Flows.Password));
        var code2 = await app.LatestSmsCodeAsync(user.PhoneNumber!);
        var external = await other.PostFormAsync("/account/signin", token2, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", code2),
            ("ReturnUrl", "https://evil.example/"));
        Assert.Equal("/", external.Headers.Location!.OriginalString);
    }

    [Theory, Providers]
    public async Task Messages_follow_the_chosen_language(string provider)
    {
        var app = apps.Get(provider);
        var browser = app.Browser();
        var html = await browser.GetStringAsync("/account/signin?culture=en");
        Assert.Contains("Get code", html);
        var token = Flows.Token(html);
        var r = await browser.PostFormAsync("/account/signin/code?culture=en", token, ("UserName", "nobody"), ("Password", "x"));
        Assert.Equal("Wrong login name or password.", await r.MessageAsync());
        var page = await browser.PostFormAsync("/account/signin?culture=en", token, ("UserName", ""), ("Password", ""));
        Assert.Equal("Please enter your login name and password.", await page.ErrorsAsync());
    }

    private static bool SetsIdentityCookie(HttpResponseMessage r) =>
        r.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(IdentityCookie + "=") && !c.StartsWith(IdentityCookie + "=;"));
}
