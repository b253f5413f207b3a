using SmeMonitor.Core.Security;
using SmeMonitor.Reports.Models;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Review.ReviewKit;

namespace SmeMonitor.Tests.Review;

/// <summary>一键接收 (REV-5) and 越级接收 (REV-6): grants, mixed screening results, summaries, re-runs.</summary>
public class ReviewBulkTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task One_click_and_skip_level_take_exactly_what_the_manual_says(string provider)
    {
        var app = apps.Get(provider);
        var nation = await app.NationAsync();
        var province = await app.AdminAsync("rev_gd", AdminLevel.Province, "440000", oneClick: true, skipLevel: true);
        var city = await app.AdminAsync("rev_gzc", AdminLevel.City, "440100", oneClick: true);
        var county = await app.AdminAsync("rev_lw", AdminLevel.County, "440103");
        var viaCounty = await app.SubmittedAsync(await app.EnterpriseAsync("440103", 21));
        var stillAtCounty = await app.SubmittedAsync(await app.EnterpriseAsync("440103", 22));
        var failing = await app.SubmittedAsync(await app.EnterpriseAsync("440103", 23), passes: false);
        var cityDirect = await app.SubmittedAsync(await app.EnterpriseAsync("440105", 24)); // no 海珠区 administrator: the city is its direct reviewer
        Assert.False(failing.ScreeningPassed);
        Assert.Contains("300%", ReportScreening.Messages(failing.ScreeningMessages).Single());
        Assert.Equal(AdminLevel.City, cityDirect.ReviewLevel);
        Assert.True((await app.AcceptAsync(county, viaCounty.Id)).Succeeded);

        // Without the grant: refused, nothing changes.
        var (none, error) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(county.Administrator, county.UserId));
        Assert.Null(none);
        Assert.Contains("一键接收", error);

        // 一键接收 by the city: what waits for it and came from a subordinate (the county), not what it reviews directly.
        var (oneClick, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId));
        Assert.Equal((1, 1), (oneClick!.Accepted, oneClick.Remaining));
        Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(viaCounty.Id));
        Assert.Equal(AdminLevel.City, (await app.WhereAsync(cityDirect.Id)).Level);
        var (again, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId));
        Assert.Equal((0, 1, 0), (again!.Accepted, again.Remaining, again.Skipped.Count));
        Assert.Equal(1, await app.AuditCountAsync(viaCounty.Id, "review.oneClickAccept"));

        // 越级接收 only for a province administrator with the grant.
        var (cityTry, cityError) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.SkipLevelAcceptAsync(city.Administrator, city.UserId));
        Assert.Null(cityTry);
        Assert.Contains("越级接收", cityError);

        var (skip, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.SkipLevelAcceptAsync(province.Administrator, province.UserId));
        Assert.Equal((3, 1), (skip!.Accepted, skip.Remaining));
        foreach (var id in new[] { viaCounty.Id, stillAtCounty.Id, cityDirect.Id })
            Assert.Equal((ReportStatus.InReview, AdminLevel.Nation), await app.WhereAsync(id));
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), await app.WhereAsync(failing.Id));
        var (rerun, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.SkipLevelAcceptAsync(province.Administrator, province.UserId));
        Assert.Equal((0, 1), (rerun!.Accepted, rerun.Remaining));

        // The one that failed screening goes one by one; the queue filter finds it.
        var failed = await app.WithAsync<ReviewService, ReviewPage>(s => s.ListAsync(county.Administrator, new ReviewQuery(ScreeningPassed: false)));
        Assert.Equal(failing.Id, Assert.Single(failed.Items).ReportId);
        var nationQueue = await app.WithAsync<ReviewService, ReviewPage>(s => s.ListAsync(nation.Administrator, new ReviewQuery(Region: "440000")));
        Assert.Equal(3, nationQueue.Total);
        Assert.All(nationQueue.Items, r => Assert.True(r.Held));
        var where = await app.WithAsync<ReviewService, ReviewPage>(s => s.ListAsync(province.Administrator, new ReviewQuery(ReviewQuery.All)));
        Assert.Equal(4, where.Total);
        Assert.Equal(3, where.Items.Count(r => r.Level == AdminLevel.Nation && !r.Held));
    }
}
