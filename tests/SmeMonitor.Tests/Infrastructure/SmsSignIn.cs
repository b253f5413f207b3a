using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Messaging.Models;

namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// Signing in the way a person does: password, "获取验证码", the code read from the SMS outbox, 登录.
/// The sending limits apply (one code per phone per minute, a few per IP per hour), so for tests that
/// sign the same user in again and again, <see cref="Accounts.ClientAsAsync"/> is the shortcut.
/// </summary>
public static partial class SmsSignIn
{
    /// <summary>A client (cookies kept, redirects not followed) signed in as the user through the real SMS flow.</summary>
    public static async Task<HttpClient> SignInWithSmsAsync(this TestApp app, string userName, string password = Accounts.Password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.AntiforgeryTokenAsync("/account/signin");
        var sent = await client.PostFormAsync("/account/signin/code", token, ("UserName", userName), ("Password", password));
        var answer = await sent.Content.ReadAsStringAsync();
        if (sent.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"No sign-in code for {userName}: {answer}");

        var phone = await app.PhoneOfAsync(userName);
        var code = await app.LatestSmsCodeAsync(phone);
        var signedIn = await client.PostFormAsync("/account/signin", token, ("UserName", userName), ("Password", password), ("Code", code));
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {userName} failed: {signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>The 6-digit code in the newest SMS the outbox holds for the phone.</summary>
    public static async Task<string> LatestSmsCodeAsync(this TestApp app, string phone)
    {
        var body = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Channel == MessageChannel.Sms && m.To == phone).OrderByDescending(m => m.Id).Select(m => m.Body).FirstOrDefaultAsync());
        if (body is null) throw new InvalidOperationException($"No SMS to {phone} in the outbox.");
        var m = SixDigits().Match(body);
        if (!m.Success) throw new InvalidOperationException($"No code in the SMS to {phone}: {body}");
        return m.Value;
    }

    public static Task<int> SmsCountAsync(this TestApp app, string phone) =>
        app.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Channel == MessageChannel.Sms && m.To == phone));

    public static async Task<string> PhoneOfAsync(this TestApp app, string userName)
    {
        await using var scope = app.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(userName)
                   ?? throw new InvalidOperationException($"No user '{userName}'.");
        return user.PhoneNumber ?? throw new InvalidOperationException($"User '{userName}' has no phone.");
    }

    /// <summary>Posts a form the way the browser does, with the page's antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string antiforgeryToken, params (string Name, string? Value)[] fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", antiforgeryToken), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value ?? ""))]));

    /// <summary>The "message" of a JSON answer from a code endpoint.</summary>
    public static async Task<string> MessageAsync(this HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("message").GetString() ?? "";
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
