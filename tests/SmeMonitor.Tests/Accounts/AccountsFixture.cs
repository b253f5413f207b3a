using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>
/// Apps for the account flows: every captcha shows <see cref="CaptchaCode"/> (the Testing environment
/// honours Accounts:Captcha:FixedCode), and the per-IP limit is out of the way (all test requests
/// share one address); the limits have their own tests with their own apps.
/// </summary>
public sealed class AccountsFixture : AppFixture
{
    public const string CaptchaCode = "24680";

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var s = new Dictionary<string, string?>
        {
            ["Accounts:Captcha:FixedCode"] = CaptchaCode,
            ["Accounts:SmsCodes:MaxPerIpPerHour"] = "10000",
        };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    protected override TestApp Create(string provider) => new(provider, settings: Settings());
}

public static partial class Flows
{
    public const string Password = Infrastructure.Accounts.Password;

    public static string NewPhone() => "13" + Random.Shared.Next(5, 10) + Random.Shared.Next(10_000_000, 99_999_999);

    public static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    public static HttpClient Browser(this TestApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Opens a page with a captcha: the antiforgery token and the captcha's id.</summary>
    public static async Task<(string Token, string CaptchaId)> OpenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return (Token(html), CaptchaIdIn(html));
    }

    /// <summary>A fresh captcha, as the page's script fetches after each use.</summary>
    public static async Task<string> NewCaptchaAsync(this HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/account/captcha"));
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<HttpResponseMessage> RequestRegisterCodeAsync(this HttpClient client, string token, string phone, string captchaId,
        string captcha = AccountsFixture.CaptchaCode) =>
        await client.PostFormAsync("/account/register/code", token, ("Phone", phone), ("CaptchaId", captchaId), ("Captcha", captcha));

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string token, string userName, string phone, string code,
        string password = Password, string? confirm = null, string? email = null) =>
        client.PostFormAsync("/account/register", token, ("UserName", userName), ("Password", password), ("ConfirmPassword", confirm ?? password),
            ("Email", email ?? userName + "@example.test"), ("Phone", phone), ("Code", code));

    public static async Task<string> ErrorsAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var m = Regex.Match(html, "data-testid=\"errors\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(m.Success, "The page shows no errors.");
        return WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
    }

    public static Task<int> AuditCountAsync(this TestApp app, string action, string userId) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == action && a.EntityId == userId));

    public static string Token(string html)
    {
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "No antiforgery token on the page.");
        return m.Groups[1].Value;
    }

    private static string CaptchaIdIn(string html)
    {
        var m = Regex.Match(html, "name=\"CaptchaId\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "No captcha on the page.");
        return m.Groups[1].Value;
    }
}
