using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Review.ReviewKit;

namespace SmeMonitor.Tests.Review;

/// <summary>The review chains (REV-1): national county → city → province → nation, Henan without the county, skipped levels; 接收/退回/撤销 allowed and refused.</summary>
public class ReviewChainTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task National_chain_goes_county_city_province_nation_then_approved(string provider)
    {
        var app = apps.Get(provider);
        var nation = await app.NationAsync();
        var province = await app.AdminAsync("rev_js", AdminLevel.Province, "320000");
        var city = await app.AdminAsync("rev_nj", AdminLevel.City, "320100");
        var county = await app.AdminAsync("rev_xw", AdminLevel.County, "320102");
        var e = await app.EnterpriseAsync("320102", 1);
        Assert.Equal(county.Administrator.Id, e.ReviewerId);

        var report = await app.SubmittedAsync(e);
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), (report.Status, report.ReviewLevel));
        Assert.True(report.ScreeningPassed);
        Assert.Equal("ReportReview", (await app.RunAsync(r => r.FindWaitingAsync(ReportService.SubjectOf(report.Id))))!.WorkflowName);

        // Only the level holding it may act; the others are told where it waits.
        foreach (var other in new[] { city, province, nation })
        {
            var refused = await app.AcceptAsync(other, report.Id);
            Assert.False(refused.Succeeded);
            Assert.Contains("县级管理员", refused.Error);
        }
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), await app.WhereAsync(report.Id));

        var steps = new[] { (county, AdminLevel.City), (city, AdminLevel.Province), (province, AdminLevel.Nation) };
        foreach (var (holder, next) in steps)
        {
            Assert.True((await app.AcceptAsync(holder, report.Id)).Succeeded);
            Assert.Equal((ReportStatus.InReview, next), await app.WhereAsync(report.Id));
            // Already moved on: the same administrator cannot accept twice.
            Assert.False((await app.AcceptAsync(holder, report.Id)).Succeeded);
        }
        // Nobody withdraws once an administrator acted.
        Assert.False(await app.WithAsync<ReportService, bool>(s => s.ReviewUntouchedAsync(report.Id)));

        Assert.True((await app.AcceptAsync(nation, report.Id)).Succeeded);
        var approved = await app.ReportAsync(report.Id);
        Assert.Equal((ReportStatus.Approved, (AdminLevel?)null), (approved.Status, approved.ReviewLevel));
        Assert.Equal(4, await app.AuditCountAsync(report.Id, "review.accept"));
        Assert.Equal(4, await app.AuditCountAsync(report.Id, "report.level"));
        var accepted = await app.AcceptAsync(nation, report.Id);
        Assert.Contains("审核通过", accepted.Error);

        var timeline = await app.WithAsync<ReviewTimeline, IReadOnlyList<TimelineEntry>>(t => t.ForAsync(report.Id, administrator: true));
        Assert.Equal(4, timeline.Count(t => t.What == "接收"));
        Assert.Contains(timeline, t => t.What == "接收" && t.Who == "rev_xw");
        var enterpriseView = await app.WithAsync<ReviewTimeline, IReadOnlyList<TimelineEntry>>(t => t.ForAsync(report.Id, administrator: false));
        Assert.Equal(["编辑", "审核中", "审核通过"], enterpriseView.Select(t => t.What));
        Assert.All(enterpriseView, t => Assert.Null(t.Who));
    }

    [Theory, Providers]
    public async Task A_level_without_an_administrator_is_skipped(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var province = await app.AdminAsync("rev_ah", AdminLevel.Province, "340000");
        var county = await app.AdminAsync("rev_yh", AdminLevel.County, "340102");
        var e = await app.EnterpriseAsync("340102", 2);
        var report = await app.SubmittedAsync(e);
        Assert.Equal(AdminLevel.County, report.ReviewLevel);
        Assert.True((await app.AcceptAsync(county, report.Id)).Succeeded);
        Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(report.Id)); // no 合肥市 administrator
        Assert.True((await app.AcceptAsync(province, report.Id)).Succeeded);
        Assert.Equal((ReportStatus.InReview, AdminLevel.Nation), await app.WhereAsync(report.Id));
    }

    [Theory, Providers]
    public async Task Henan_chain_has_no_county_level(string provider)
    {
        await using var app = new TestApp(provider, ["national.recipe.json", "provinces/henan.recipe.json"]);
        var nation = await app.NationAsync();
        var province = await app.AdminAsync("admin_ha", AdminLevel.Province, "410000");
        var city = await app.AdminAsync("rev_zz", AdminLevel.City, "410100");
        var county = await app.AdminAsync("rev_zy", AdminLevel.County, "410102");
        var e = await app.EnterpriseAsync("410102", 3);
        Assert.Equal(county.Administrator.Id, e.ReviewerId);

        var report = await app.SubmittedAsync(e);
        Assert.Equal("ReportReviewHenan", (await app.RunAsync(r => r.FindWaitingAsync(ReportService.SubjectOf(report.Id))))!.WorkflowName);
        Assert.Equal((ReportStatus.InReview, AdminLevel.City), (report.Status, report.ReviewLevel));
        Assert.False((await app.AcceptAsync(county, report.Id)).Succeeded);
        foreach (var (holder, next) in new[] { (city, AdminLevel.Province), (province, AdminLevel.Nation) })
        {
            Assert.True((await app.AcceptAsync(holder, report.Id)).Succeeded);
            Assert.Equal((ReportStatus.InReview, next), await app.WhereAsync(report.Id));
        }
        Assert.True((await app.AcceptAsync(nation, report.Id)).Succeeded);
        Assert.Equal((ReportStatus.Approved, (AdminLevel?)null), await app.WhereAsync(report.Id));

        // Another province keeps the national chain.
        await app.AdminAsync("rev_hz_county", AdminLevel.County, "330102");
        var zj = await app.SubmittedAsync(await app.EnterpriseAsync("330102", 4));
        Assert.Equal("ReportReview", (await app.RunAsync(r => r.FindWaitingAsync(ReportService.SubjectOf(zj.Id))))!.WorkflowName);
        Assert.Equal(AdminLevel.County, zj.ReviewLevel);
    }

    [Theory, Providers]
    public async Task Return_needs_a_reason_of_at_most_150_characters_and_texts_the_enterprise(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var city = await app.AdminAsync("rev_fz", AdminLevel.City, "350100");
        var county = await app.AdminAsync("rev_gl", AdminLevel.County, "350102");
        var e = await app.EnterpriseAsync("350102", 5);
        var report = await app.SubmittedAsync(e);
        Assert.True((await app.AcceptAsync(county, report.Id)).Succeeded);
        var before = await app.ReportAsync(report.Id);

        foreach (var bad in new[] { null, "  ", new string('长', 151) })
        {
            var refused = await app.ReturnAsync(city, report.Id, bad);
            Assert.False(refused.Succeeded);
            Assert.Contains("退回原因", refused.Error);
        }
        // The county accepted; only the level now holding it (the city) returns it (REV-4).
        Assert.False((await app.ReturnAsync(county, report.Id, "数据有误")).Succeeded);
        var unchanged = await app.ReportAsync(report.Id);
        Assert.Equal((ReportStatus.InReview, AdminLevel.City, before.Version), (unchanged.Status, unchanged.ReviewLevel, unchanged.Version));

        var reason = new string('因', 139) + "营业收入与上月差异过大";
        Assert.Equal(150, reason.Length);
        Assert.True((await app.ReturnAsync(city, report.Id, reason)).Succeeded);
        var returned = await app.ReportAsync(report.Id);
        Assert.Equal((ReportStatus.Returned, reason, (AdminLevel?)null), (returned.Status, returned.ReturnReason, returned.ReviewLevel));
        var transition = await app.WithDbAsync(db => db.Set<ReportTransition>().Where(t => t.ReportId == report.Id).OrderBy(t => t.Id).LastAsync());
        Assert.Equal((ReportStatus.Returned, reason, city.UserId), (transition.To, transition.Reason, transition.UserId));
        var sms = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.Contains(reason)).ToListAsync());
        var phone = await app.WithDbAsync(db => db.Users.Where(u => u.Id == e.UserId).Select(u => u.PhoneNumber).SingleAsync());
        Assert.Equal(phone, Assert.Single(sms).To);
        Assert.Equal(1, await app.AuditCountAsync(report.Id, "review.return"));
        // The 退回 is one line of the history: the administrators' (who, at which level, why) and the enterprise's (why).
        var timeline = await app.WithAsync<ReviewTimeline, IReadOnlyList<TimelineEntry>>(t => t.ForAsync(report.Id, administrator: true));
        var line = Assert.Single(timeline, t => t.What == "退回");
        Assert.Equal(("rev_fz", "市级管理员", reason), (line.Who, line.Level, line.Reason));
        var enterpriseLine = Assert.Single(await app.WithAsync<ReviewTimeline, IReadOnlyList<TimelineEntry>>(t => t.ForAsync(report.Id, administrator: false)),
            t => t.What == "退回");
        Assert.Equal(((string?)null, reason), (enterpriseLine.Who, enterpriseLine.Reason));

        // Returned: nothing to accept any more.
        var late = await app.AcceptAsync(city, report.Id);
        Assert.Contains("退回", late.Error);

        // The enterprise fixes and resubmits: the chain starts again at the county.
        var again = await app.SubmittedAsync(e);
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), (again.Status, again.ReviewLevel));
    }

    [Theory, Providers]
    public async Task Withdrawn_before_any_action_then_accepting_is_refused(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var county = await app.AdminAsync("rev_gz_county", AdminLevel.County, "350103");
        var e = await app.EnterpriseAsync("350103", 6);
        var report = await app.SubmittedAsync(e);
        Assert.True(await app.WithAsync<ReportService, bool>(s => s.ReviewUntouchedAsync(report.Id)));
        var withdrawn = await app.WithAsync<ReportService, ReportResult>(s => s.WithdrawAsync(new ReportKey(e.Id, "monthly", August), report.Version, e.UserId));
        Assert.True(withdrawn.Succeeded);
        var refused = await app.AcceptAsync(county, report.Id);
        Assert.False(refused.Succeeded);
        Assert.Contains("编辑", refused.Error);
        Assert.Equal((ReportStatus.Draft, (AdminLevel?)null), await app.WhereAsync(report.Id));
        Assert.Equal(0, await app.AuditCountAsync(report.Id, "review.accept"));
    }

    [Theory, Providers]
    public async Task Another_regions_report_is_not_found_and_nothing_changes(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        await app.AdminAsync("rev_sc_county", AdminLevel.County, "510104");
        var stranger = await app.AdminAsync("rev_cq_county", AdminLevel.County, "500101");
        var report = await app.SubmittedAsync(await app.EnterpriseAsync("510104", 7));
        var accept = await app.AcceptAsync(stranger, report.Id);
        var ret = await app.ReturnAsync(stranger, report.Id, "越权");
        Assert.True(accept.NotFound);
        Assert.True(ret.NotFound);
        Assert.Equal((ReportStatus.InReview, AdminLevel.County), await app.WhereAsync(report.Id));
        var queue = await app.WithAsync<ReviewService, ReviewPage>(s => s.ListAsync(stranger.Administrator, new ReviewQuery(ReviewQuery.All)));
        Assert.DoesNotContain(queue.Items, r => r.ReportId == report.Id);
    }

    [Theory, Providers]
    public async Task Parallel_accepts_of_one_report_make_one_transition(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var county = await app.AdminAsync("rev_sz_county", AdminLevel.County, "320505");
        await app.AdminAsync("rev_sz_city", AdminLevel.City, "320500");
        var report = await app.SubmittedAsync(await app.EnterpriseAsync("320505", 8));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.AcceptAsync(county, report.Id))));
        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.False(string.IsNullOrEmpty(r.Error)));
        Assert.Equal((ReportStatus.InReview, AdminLevel.City), await app.WhereAsync(report.Id));
        Assert.Equal(1, await app.AuditCountAsync(report.Id, "review.accept"));
        Assert.Equal(2, await app.AuditCountAsync(report.Id, "report.level"));
    }
}
