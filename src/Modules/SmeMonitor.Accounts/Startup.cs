using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts;

public sealed class Startup : ModuleStartup
{
    /// <summary>Cookie for pages; for /api, a bearer personal access token when one is sent, else the cookie.</summary>
    public const string ApiOrCookieScheme = "ApiOrCookie";

    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();

        services.Configure<AccountsOptions>(configuration.GetSection(AccountsOptions.Section));
        // From the bound options when Identity first needs them, not by binding the section here: the configuration
        // binder's first use would otherwise be on the serial part of every start, anonymous pages never needing it.
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((o, options) =>
        {
            var accounts = options.Value;
            o.Password.RequiredLength = accounts.Password.RequiredLength;
            o.Password.RequireDigit = accounts.Password.RequireDigit;
            o.Password.RequireLowercase = accounts.Password.RequireLowercase;
            o.Password.RequireUppercase = accounts.Password.RequireUppercase;
            o.Password.RequireNonAlphanumeric = accounts.Password.RequireNonAlphanumeric;
            o.Password.RequiredUniqueChars = 1;
            o.Lockout.AllowedForNewUsers = true;
            o.Lockout.MaxFailedAccessAttempts = accounts.Lockout.MaxFailedAttempts;
            o.Lockout.DefaultLockoutTimeSpan = accounts.Lockout.Duration;
            o.User.RequireUniqueEmail = false;
            o.SignIn.RequireConfirmedAccount = false;
        });
        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrors>();

        services.AddScoped<SmsCodeService>();
        services.AddScoped<CaptchaService>();
        services.AddScoped<AccountService>();
        services.AddScoped<PersonalAccessTokenService>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddPolicyScheme(ApiOrCookieScheme, null, o => o.ForwardDefaultSelector = c =>
                c.Request.Path.StartsWithSegments("/api")
                && c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? PersonalAccessTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme);
        // Runs after AddIdentity's defaults (the core registers Identity before the modules).
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = ApiOrCookieScheme;
            o.DefaultAuthenticateScheme = ApiOrCookieScheme;
            o.DefaultChallengeScheme = ApiOrCookieScheme;
            o.DefaultForbidScheme = ApiOrCookieScheme;
        });
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/me", async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> (ClaimsPrincipal principal,
                UserManager<User> users, IScopeService scopes, CancellationToken ct) =>
            {
                var user = await users.GetUserAsync(principal);
                if (user is null) return TypedResults.Unauthorized();
                var scope = await scopes.GetScopeAsync(ct);
                return TypedResults.Ok(new MeResponse(user.UserName!, user.DisplayName, [.. await users.GetRolesAsync(user)],
                    scope.Administrator is { } a ? new MeAdministrator(a.Level.ToString(), a.RegionCode) : null));
            })
            .RequireAuthorization()
            .WithName("GetMe")
            .WithTags("Accounts")
            .WithSummary("The signed-in user (cookie or personal access token): names, roles, administrator level and region.");
    }
}

public sealed record MeResponse(string UserName, string DisplayName, IReadOnlyList<string> Roles, MeAdministrator? Administrator);

public sealed record MeAdministrator(string Level, string RegionCode);
