using System.Net;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Operations;

/// <summary>The error page answers failed requests with their own status and a message; asked for by itself it does not exist.</summary>
public class ErrorPageTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_missing_page_and_a_forbidden_page_show_their_status_and_message()
    {
        var app = apps.Get("sqlite");
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var missing = await anonymous.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("页面不存在，或不在您的管理范围内。", await missing.Content.ReadAsStringAsync());

        await app.CreateUserAsync("error_plain");
        var forbidden = await (await app.ClientAsAsync("error_plain")).GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("您没有权限访问此页面。", await forbidden.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/error")]
    [InlineData("/error/500")]
    [InlineData("/error/1")]
    public async Task The_error_page_asked_for_directly_is_not_found(string url)
    {
        var response = await apps.Get("sqlite").CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在，或不在您的管理范围内。", await response.Content.ReadAsStringAsync());
    }
}
