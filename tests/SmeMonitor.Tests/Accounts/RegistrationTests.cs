using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>ACC-1: registration with picture captcha and SMS code, over HTTP as a browser posts it.</summary>
public class RegistrationTests(AccountsFixture apps) : IClassFixture<AccountsFixture>
{
    [Theory, Providers]
    public async Task Registers_with_captcha_and_sms_code_then_returns_to_sign_in(string provider)
    {
        var app = apps.Get(provider);
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();
        var name = Flows.NewName("reg");

        var sent = await browser.RequestRegisterCodeAsync(token, phone, captcha);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains(phone[..3] + "****" + phone[7..], await sent.MessageAsync());
        var code = await app.LatestSmsCodeAsync(phone);

        var registered = await browser.RegisterAsync(token, name, phone, code);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal($"/account/register/verify?userName={name}", registered.Headers.Location!.OriginalString);

        // 实名认证 is not required: 暂不认证 leads back to the sign-in page with a message.
        var verify = await browser.GetStringAsync(registered.Headers.Location!.OriginalString);
        Assert.Contains("暂不认证", verify);
        var signIn = await browser.GetStringAsync($"/account/signin?registered=true&userName={name}");
        Assert.Contains("账号注册成功，请登录。", signIn);

        await using var scope = app.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(name);
        Assert.NotNull(user);
        Assert.Equal(phone, user.PhoneNumber);
        Assert.True(user.PhoneNumberConfirmed);
        Assert.Equal(1, await app.AuditCountAsync("account.register", user.Id));

        // The new account signs in the normal way (a minute later: one code per phone per minute).
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var client = await app.SignInWithSmsAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/profile")).StatusCode);
    }

    [Theory, Providers]
    public async Task A_wrong_captcha_sends_nothing_and_a_captcha_works_only_once(string provider)
    {
        var app = apps.Get(provider);
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();

        var wrong = await browser.RequestRegisterCodeAsync(token, phone, captcha, "11111");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("图形验证码错误或已失效，请重新输入。", await wrong.MessageAsync());
        // The captcha was used up by the wrong answer: the right answer to it no longer counts.
        var again = await browser.RequestRegisterCodeAsync(token, phone, captcha);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var missing = await browser.RequestRegisterCodeAsync(token, phone, "");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(0, await app.SmsCountAsync(phone));

        var fresh = await browser.NewCaptchaAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.RequestRegisterCodeAsync(token, phone, fresh)).StatusCode);
        Assert.Equal(1, await app.SmsCountAsync(phone));
    }

    [Theory, Providers]
    public async Task A_wrong_sms_code_creates_nothing_and_five_wrong_codes_kill_the_code(string provider)
    {
        var app = apps.Get(provider);
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();
        var name = Flows.NewName("wrong");
        await browser.RequestRegisterCodeAsync(token, phone, captcha);
        var code = await app.LatestSmsCodeAsync(phone);
        var wrongCode = code == "000000" ? "111111" : "000000";

        Assert.Equal("短信验证码错误。", await (await browser.RegisterAsync(token, name, phone, wrongCode)).ErrorsAsync());
        Assert.Null(await FindAsync(app, name));
        for (var i = 0; i < 3; i++) await browser.RegisterAsync(token, name, phone, wrongCode);
        Assert.Equal("验证码错误次数过多，请重新获取。", await (await browser.RegisterAsync(token, name, phone, wrongCode)).ErrorsAsync());
        // Five wrong entries: even the right code is refused now.
        Assert.Equal("验证码错误次数过多，请重新获取。", await (await browser.RegisterAsync(token, name, phone, code)).ErrorsAsync());
        Assert.Null(await FindAsync(app, name));
    }

    [Theory, Providers]
    public async Task A_phone_registers_only_one_account(string provider)
    {
        var app = apps.Get(provider);
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();
        await browser.RequestRegisterCodeAsync(token, phone, captcha);
        var code = await app.LatestSmsCodeAsync(phone);
        var first = Flows.NewName("first");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.RegisterAsync(token, first, phone, code)).StatusCode);

        // The same phone is now taken; with another phone the old code is simply not valid.
        var second = await browser.RegisterAsync(token, Flows.NewName("second"), phone, code);
        Assert.Equal("该手机号已绑定其他账号。", await second.ErrorsAsync());
        var users = await app.WithDbAsync(db => Task.FromResult(db.Users.Count(u => u.PhoneNumber == phone)));
        Assert.Equal(1, users);
    }

    [Theory, Providers]
    public async Task A_used_code_cannot_be_used_again(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("replay"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");
        await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password));
        var code = await app.LatestSmsCodeAsync(user.PhoneNumber!);
        var ok = await browser.PostFormAsync("/account/signin", token, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", code));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var other = app.Browser();
        var token2 = await other.AntiforgeryTokenAsync("/account/signin");
        var replay = await other.PostFormAsync("/account/signin", token2, ("UserName", user.UserName), ("Password", Flows.Password), ("Code", code));
        Assert.Equal("验证码已使用，请重新获取。", await replay.ErrorsAsync());
        Assert.False(replay.Headers.Contains("Set-Cookie") && replay.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Identity.Application")));
    }

    [Theory, Providers]
    public async Task Bad_input_is_refused_before_the_code_is_spent(string provider)
    {
        var app = apps.Get(provider);
        var existing = await app.CreateUserAsync(Flows.NewName("taken"));
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();
        await browser.RequestRegisterCodeAsync(token, phone, captcha);
        var code = await app.LatestSmsCodeAsync(phone);
        var name = Flows.NewName("ok");

        Assert.Equal($"登录名“{existing.UserName}”已被注册。", await (await browser.RegisterAsync(token, existing.UserName!, phone, code)).ErrorsAsync());
        Assert.Equal("两次输入的密码不一致。", await (await browser.RegisterAsync(token, name, phone, code, confirm: "Other@12345")).ErrorsAsync());
        Assert.Contains("密码至少需要 8 个字符。", await (await browser.RegisterAsync(token, name, phone, code, password: "a1", confirm: "a1")).ErrorsAsync());
        Assert.Equal("请输入正确的电子邮箱。", await (await browser.RegisterAsync(token, name, phone, code, email: "not-an-address")).ErrorsAsync());
        Assert.Null(await FindAsync(app, name));

        // None of that spent the code.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.RegisterAsync(token, name, phone, code)).StatusCode);
        Assert.NotNull(await FindAsync(app, name));
    }

    [Theory, Providers]
    public async Task Registration_page_speaks_english_when_asked(string provider)
    {
        var html = await apps.Get(provider).Browser().GetStringAsync("/account/register?culture=en");
        Assert.Contains("Register an account", html);
        Assert.Contains("Get code", html);
        Assert.Contains("Picture code", html);
    }

    private static async Task<User?> FindAsync(TestApp app, string name)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(name);
    }
}

/// <summary>Expiry needs its own app: the test moves the app's clock.</summary>
public class SmsCodeExpiryTests
{
    [Theory, Providers]
    public async Task An_expired_code_is_refused(string provider)
    {
        await using var app = new TestApp(provider, settings: AccountsFixture.Settings());
        var browser = app.Browser();
        var (token, captcha) = await browser.OpenAsync("/account/register");
        var phone = Flows.NewPhone();
        await browser.RequestRegisterCodeAsync(token, phone, captcha);
        var code = await app.LatestSmsCodeAsync(phone);

        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var name = Flows.NewName("late");
        Assert.Equal("验证码已过期，请重新获取。", await (await browser.RegisterAsync(token, name, phone, code)).ErrorsAsync());

        // A new code works.
        await browser.RequestRegisterCodeAsync(token, phone, await browser.NewCaptchaAsync());
        var fresh = await app.LatestSmsCodeAsync(phone);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.RegisterAsync(token, name, phone, fresh)).StatusCode);
    }
}
