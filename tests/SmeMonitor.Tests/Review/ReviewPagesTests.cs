using System.Net;
using System.Net.Http.Json;
using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Review.ReviewKit;

namespace SmeMonitor.Tests.Review;

/// <summary>/admin/reviews and /api/v1/reviews: the queue, 接收/退回 through the page and the API, another region's report → 404.</summary>
public class ReviewPagesTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Pages_and_api_act_in_scope_and_answer_404_for_another_region(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var county = await app.AdminAsync("rev_p_county", AdminLevel.County, "330106");
        var city = await app.AdminAsync("rev_p_city", AdminLevel.City, "330100");
        var stranger = await app.AdminAsync("rev_p_other", AdminLevel.County, "330108");
        var e = await app.EnterpriseAsync("330106", 31);
        var report = await app.SubmittedAsync(e);

        using var countyClient = await app.ClientAsAsync(county.UserName);
        var queue = await countyClient.GetStringAsync("/admin/reviews");
        Assert.Contains(e.Name, queue);
        var detail = await countyClient.GetStringAsync($"/admin/reviews/{report.Id}");
        Assert.Contains("data-testid=\"actions\"", detail);
        Assert.Contains("data-testid=\"timeline\"", detail);
        // The size by its name, not the enum's.
        Assert.Matches("data-testid=\"size\">(大型|中型|小型|微型)</dd>", detail);

        using var strangerClient = await app.ClientAsAsync(stranger.UserName);
        Assert.DoesNotContain(e.Name, await strangerClient.GetStringAsync("/admin/reviews?view=all"));
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/admin/reviews/{report.Id}")).StatusCode);
        var token = await strangerClient.AntiforgeryTokenAsync("/admin/reviews");
        var post = await strangerClient.PostAsync($"/admin/reviews/{report.Id}/accept",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.PostAsync($"/api/v1/reviews/{report.Id}/accept", null)).StatusCode);
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), await app.WhereAsync(report.Id));

        // The page's 退回 without a reason: refused with the message, nothing changed.
        token = await countyClient.AntiforgeryTokenAsync($"/admin/reviews/{report.Id}");
        var noReason = await countyClient.PostAsync($"/admin/reviews/{report.Id}/return",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["reason"] = "" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("请填写退回原因", await noReason.Content.ReadAsStringAsync());

        // 接收 through the page, then the city through the API.
        var accepted = await countyClient.PostAsync($"/admin/reviews/{report.Id}/accept",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal((ReportStatus.InReview, AdminLevel.City), await app.WhereAsync(report.Id));

        using var cityClient = await app.ClientAsAsync(city.UserName);
        var list = await cityClient.GetFromJsonAsync<ReviewListJson>("/api/v1/reviews");
        Assert.Contains(list!.Items, r => r.ReportId == report.Id && r.Level == "city" && r.Held);
        var tooLong = await cityClient.PostAsJsonAsync($"/api/v1/reviews/{report.Id}/return", new { reason = new string('长', 151) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var again = await countyClient.PostAsync($"/api/v1/reviews/{report.Id}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // the county no longer holds it
        var returned = await cityClient.PostAsJsonAsync($"/api/v1/reviews/{report.Id}/return", new { reason = "从业人员数据有误" });
        Assert.Equal(HttpStatusCode.NoContent, returned.StatusCode);
        var r = await app.ReportAsync(report.Id);
        Assert.Equal((ReportStatus.Returned, "从业人员数据有误"), (r.Status, r.ReturnReason));
        var bulk = await cityClient.PostAsync("/api/v1/reviews/one-click-accept", null);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode); // no grant
    }

    private sealed record ReviewListJson(int Total, List<ReviewItemJson> Items);
    private sealed record ReviewItemJson(long ReportId, string? Level, bool Held);
}
