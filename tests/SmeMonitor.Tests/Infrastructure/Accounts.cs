using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// Accounts for tests that are about something other than signing in. The sign-in flow itself
/// (password + SMS code) has its own tests; here a client gets the very cookie the app issues after
/// a successful sign-in, made by the app's own SignInManager and cookie protector.
/// </summary>
public static class Accounts
{
    public const string Password = "Test@12345";

    public static async Task<User> CreateUserAsync(this TestApp app, string userName, string? phone = null, params string[] roles)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User
        {
            UserName = userName, DisplayName = userName, Email = $"{userName}@example.test",
            PhoneNumber = phone ?? "139" + Random.Shared.Next(10_000_000, 99_999_999), PhoneNumberConfirmed = true,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Check(await users.CreateAsync(user, Password));
        foreach (var role in roles) Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    /// <summary>An account that is also a local administrator of the region.</summary>
    public static async Task<User> CreateAdministratorAsync(this TestApp app, string userName, AdminLevel level, string regionCode,
        bool oneClick = false, bool skipLevel = false, params string[] roles)
    {
        var user = await app.CreateUserAsync(userName, null, ["Administrator", .. roles]);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        db.Add(new Administrator
        {
            UserId = user.Id, Level = level, RegionCode = regionCode, CanOneClickAccept = oneClick,
            CanSkipLevelAccept = skipLevel, CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A client signed in as the user (cookies kept, redirects not followed).</summary>
    public static async Task<HttpClient> ClientAsAsync(this TestApp app, string userName)
    {
        var (name, value) = await app.SignInCookieAsync(userName);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        return client;
    }

    /// <summary>The sign-in cookie the app issues to the user (for an HTTP client or a browser context).</summary>
    public static async Task<(string Name, string Value)> SignInCookieAsync(this TestApp app, string userName)
    {
        await using var scope = app.Scope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<User>>().FindByNameAsync(userName)
                   ?? throw new InvalidOperationException($"No user '{userName}'.");
        var principal = await sp.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user);
        var options = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties(), IdentityConstants.ApplicationScheme);
        return (options.Cookie.Name!, options.TicketDataFormat.Protect(ticket));
    }

    /// <summary>Reads a page's antiforgery token so a test can post a form as the browser would.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var m = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        if (!m.Success) throw new InvalidOperationException($"No antiforgery token on {pageUrl}.");
        return m.Groups[1].Value;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
    }
}
