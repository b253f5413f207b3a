using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Operations;

/// <summary>
/// Every endpoint the modules map, asked without signing in: only the public ones listed here answer; every other page
/// sends the visitor to sign in and every other API call is refused with 401. Asked by a signed-in user who is not an
/// administrator: every dashboard page and administrators' API call is refused. A new endpoint that forgets its
/// authorization fails here until it is protected or consciously added to a list. (Which region's data an administrator
/// reaches is tested per module, with other regions' ids.)
/// </summary>
public class EndpointInventoryTests(AppFixture apps) : IClassFixture<AppFixture>
{
    /// <summary>
    /// Route patterns open to anonymous visitors by design: the portal's public pages ("" is the front page), sign-in and
    /// registration, the national reference data of DirectoryApi, the API's description, health.
    /// </summary>
    private static readonly HashSet<string> Public =
    [
        "", "notices", "notices/{id}", "announcements", "announcements/{id}",
        "content/{type}", "content/{type}/{id}", "content/{type}/{id}/files/{fileId}", "culture/{culture}", "error", "error/{code:int}",
        "account/signin", "account/signin/code", "account/signout", "account/register", "account/register/code", "account/register/verify",
        "account/forgot-password", "account/forgot-password/code", "account/captcha",
        // A migrated account binds its phone between password and SMS code, before it is signed in.
        "account/bind-phone", "account/bind-phone/code",
        "/api/v1/regions/", "/api/v1/regions/{code}", "/api/v1/industries/", "/api/v1/industries/{code}", "/api/v1/credit-codes/{code}",
        "/api/v1/size-classification",
        "/api/v1/notices/", "/api/v1/notices/{id}", "/api/{documentName}/openapi.json", "/api/docs/{documentName?}", "/api/docs/favicon.svg",
        "/api/docs/scalar.js", "/api/docs/scalar.aspnetcore.js", "/health", "/js/rules.js",
    ];

    private static IEnumerable<(string Pattern, string Method, string Url)> Endpoints(TestApp app) =>
        from e in Routes(app)
        from method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
        orderby e.RoutePattern.RawText, method
        select (e.RoutePattern.RawText!, method, Url(e.RoutePattern, p => p.Name == "period" ? "2026-09" : "1"));

    /// <summary>Every route endpoint the modules map.</summary>
    internal static IEnumerable<RouteEndpoint> Routes(TestApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    /// <summary>A URL the route matches, each parameter filled by <paramref name="value"/> (a value its constraint accepts).</summary>
    internal static string Url(RoutePattern pattern, Func<RoutePatternParameterPart, string> value) =>
        "/" + string.Join("/", pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => value(parameter),
            _ => "",
        }))));

    [Fact]
    public async Task Every_endpoint_outside_the_public_list_refuses_an_anonymous_visitor()
    {
        var app = apps.Get("sqlite");
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = new List<string>();
        var count = 0;
        foreach (var (pattern, method, url) in Endpoints(app))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            var api = url.StartsWith("/api/", StringComparison.Ordinal);
            if (method != "GET") request.Content = api ? new StringContent("{}", Encoding.UTF8, "application/json") : new FormUrlEncodedContent([]);
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            count++;
            if (Public.Contains(pattern))
            {
                if (status >= 500) wrong.Add($"{method} {url}: {status} (public, must not fail)");
            }
            else if (api ? status != 401
                     : status != 302 || response.Headers.Location?.OriginalString.Contains("/account/signin", StringComparison.Ordinal) != true)
                wrong.Add($"{method} {url} [{pattern}]: {status} {response.Headers.Location}");
        }
        Assert.True(count > 100, $"only {count} endpoints found");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Dashboard pages any signed-in user may open: the dashboard's front page (who you are) and the reference data.</summary>
    private static readonly HashSet<string> OpenToSignedIn = ["admin", "admin/directory"];

    /// <summary>Administrators' API: subordinates, reviews, the enterprise register (not an enterprise's own /me and /registration).</summary>
    private static bool IsAdministratorApi(string pattern) =>
        pattern.StartsWith("/api/v1/administrators", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/reviews", StringComparison.Ordinal)
        || pattern == "/api/v1/enterprises/" || pattern.StartsWith("/api/v1/enterprises/{id", StringComparison.Ordinal);

    [Fact]
    public async Task Every_dashboard_page_and_administrators_API_refuses_a_signed_in_user_who_is_not_an_administrator()
    {
        var app = apps.Get("sqlite");
        await app.CreateUserAsync("inventory_plain");
        var client = await app.ClientAsAsync("inventory_plain");
        var wrong = new List<string>();
        var count = 0;
        foreach (var (pattern, method, url) in Endpoints(app))
        {
            var api = IsAdministratorApi(pattern);
            if (!api && !(pattern.StartsWith("admin", StringComparison.Ordinal) && !OpenToSignedIn.Contains(pattern))) continue;
            var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method != "GET") request.Content = api ? new StringContent("{}", Encoding.UTF8, "application/json") : new FormUrlEncodedContent([]);
            using var response = await client.SendAsync(request);
            count++;
            // 404 only where the URL names a record (the scope hides it); a page or a list must say 403.
            var allowed = pattern.Contains('{') ? new[] { 403, 404 } : [403];
            if (!allowed.Contains((int)response.StatusCode)) wrong.Add($"{method} {url} [{pattern}]: {(int)response.StatusCode}");
        }
        Assert.True(count > 50, $"only {count} endpoints found");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_public_list_names_only_endpoints_that_exist()
    {
        var patterns = Endpoints(apps.Get("sqlite")).Select(e => e.Pattern).ToHashSet();
        Assert.DoesNotContain(Public.Concat(OpenToSignedIn), p => !patterns.Contains(p));
    }
}
