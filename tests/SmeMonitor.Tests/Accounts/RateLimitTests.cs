using System.Net;
using System.Text.Json;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>Sending limits for SMS codes, per phone and per IP: clear messages, and nothing is sent twice.</summary>
public class RateLimitTests
{
    [Theory, Providers]
    public async Task One_code_per_phone_per_minute_and_a_daily_cap(string provider)
    {
        await using var app = new TestApp(provider, settings: AccountsFixture.Settings(("Accounts:SmsCodes:MaxPerPhonePerDay", "3")));
        app.Clock.Freeze(); // the waiting time in the message is exact
        var user = await app.CreateUserAsync(Flows.NewName("rate"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");
        Task<HttpResponseMessage> Request() =>
            browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password));

        Assert.Equal(HttpStatusCode.OK, (await Request()).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var tooSoon = await Request();
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal("获取验证码过于频繁，请 40 秒后再试。", await tooSoon.MessageAsync());
        Assert.Equal(40, JsonDocument.Parse(await tooSoon.Content.ReadAsStringAsync()).RootElement.GetProperty("retryAfter").GetInt32());
        Assert.Equal(1, await app.SmsCountAsync(user.PhoneNumber!));

        app.Clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(HttpStatusCode.OK, (await Request()).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await Request()).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var capped = await Request();
        Assert.Equal("该手机号今日获取验证码次数已达上限，请明天再试。", await capped.MessageAsync());
        Assert.Equal(3, await app.SmsCountAsync(user.PhoneNumber!));

        // The day is a sliding 24 hours.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.OK, (await Request()).StatusCode);
        Assert.Equal(4, await app.SmsCountAsync(user.PhoneNumber!));
    }

    [Theory, Providers]
    public async Task A_few_codes_per_ip_per_hour(string provider)
    {
        await using var app = new TestApp(provider, settings: AccountsFixture.Settings(("Accounts:SmsCodes:MaxPerIpPerHour", "3")));
        var browser = app.Browser();
        var (token, _) = await browser.OpenAsync("/account/register");
        var phones = Enumerable.Range(0, 4).Select(_ => Flows.NewPhone()).ToList();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.RequestRegisterCodeAsync(token, phones[i], await browser.NewCaptchaAsync())).StatusCode);
        var fourth = await browser.RequestRegisterCodeAsync(token, phones[3], await browser.NewCaptchaAsync());
        Assert.Equal(HttpStatusCode.BadRequest, fourth.StatusCode);
        Assert.Equal("当前网络获取验证码过于频繁，请一小时后再试。", await fourth.MessageAsync());
        Assert.Equal(0, await app.SmsCountAsync(phones[3]));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.OK, (await browser.RequestRegisterCodeAsync(token, phones[3], await browser.NewCaptchaAsync())).StatusCode);
        Assert.Equal(1, await app.SmsCountAsync(phones[3]));
    }
}
