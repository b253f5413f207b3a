using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Review.ReviewKit;

namespace SmeMonitor.Tests.Review;

/// <summary>
/// 一键接收 and 越级接收 over more reports than <see cref="ReviewService.BulkWorkers"/> (PostgreSQL shares them among workers,
/// SQLite goes one by one): the same summary and end state as one by one, and a reviewer acting at the same time on the same
/// reports still makes exactly one transition of each.
/// </summary>
public class ReviewParallelBulkTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const int Many = ReviewService.BulkWorkers + 5;

    [Theory, Providers]
    public async Task One_click_over_many_reports_accepts_each_once_in_its_own_transaction(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        var province = await app.AdminAsync("rev_js", AdminLevel.Province, "320000", skipLevel: true);
        var city = await app.AdminAsync("rev_nj", AdminLevel.City, "320100", oneClick: true);
        var county = await app.AdminAsync("rev_xw", AdminLevel.County, "320102");
        var reports = new List<Report>();
        for (var n = 0; n < Many; n++) reports.Add(await app.SubmittedAsync(await app.EnterpriseAsync("320102", 100 + n)));
        var failing = await app.SubmittedAsync(await app.EnterpriseAsync("320102", 99), passes: false);
        foreach (var r in reports.Append(failing)) Assert.True((await app.AcceptAsync(county, r.Id)).Succeeded);
        var cityDirect = await app.SubmittedAsync(await app.EnterpriseAsync("320104", 98)); // no 秦淮区 administrator: the city reviews it directly

        var (summary, error) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId));
        Assert.Null(error);
        Assert.Equal((Many + 1, 0, 1), (summary!.Accepted, summary.Skipped.Count, summary.Remaining));
        foreach (var r in reports.Append(failing))
        {
            Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(r.Id));
            Assert.Equal(1, await app.AuditCountAsync(r.Id, "review.oneClickAccept"));
            Assert.Equal(3, await app.AuditCountAsync(r.Id, "report.level")); // county, city, province
            Assert.Equal("provinceReview", await WaitingAtAsync(app, r.Id));
        }
        Assert.Equal((ReportStatus.InReview, AdminLevel.City), await app.WhereAsync(cityDirect.Id));
        var (again, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId));
        Assert.Equal((0, 0, 1), (again!.Accepted, again.Skipped.Count, again.Remaining));

        // 越级接收 on the same bulk path: the passed ones (and the city's own) to the nation, the failed one stays.
        var (skip, _) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.SkipLevelAcceptAsync(province.Administrator, province.UserId));
        Assert.Equal((Many + 1, 0, 1), (skip!.Accepted, skip.Skipped.Count, skip.Remaining));
        foreach (var r in reports.Append(cityDirect))
        {
            Assert.Equal((ReportStatus.InReview, AdminLevel.Nation), await app.WhereAsync(r.Id));
            Assert.Equal(1, await app.AuditCountAsync(r.Id, "review.skipLevelAccept"));
        }
        Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(failing.Id));
    }

    [Theory, Providers]
    public async Task One_click_while_the_reviewer_accepts_the_same_reports_moves_each_once(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        await app.AdminAsync("rev_hb", AdminLevel.Province, "420000");
        var city = await app.AdminAsync("rev_wh", AdminLevel.City, "420100", oneClick: true);
        var county = await app.AdminAsync("rev_ja", AdminLevel.County, "420102");
        var reports = new List<Report>();
        for (var n = 0; n < Many; n++) reports.Add(await app.SubmittedAsync(await app.EnterpriseAsync("420102", 200 + n)));
        foreach (var r in reports) Assert.True((await app.AcceptAsync(county, r.Id)).Succeeded);

        // The city accepts them one by one, newest first, while its 一键接收 runs oldest first.
        var oneClick = Task.Run(() => app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId)));
        var byHand = Task.Run(async () =>
        {
            var results = new List<ReviewResult>();
            foreach (var r in Enumerable.Reverse(reports)) results.Add(await app.AcceptAsync(city, r.Id));
            return results;
        });
        var (summary, _) = await oneClick;
        var single = await byHand;

        // Each report was taken by exactly one of them; what the bulk skipped, the reviewer had taken (and the bulk said why).
        Assert.Equal(Many, summary!.Accepted + single.Count(r => r.Succeeded));
        var takenByHand = reports.AsEnumerable().Reverse().Zip(single).Where(x => x.Second.Succeeded).Select(x => x.First.Id).ToHashSet();
        Assert.All(summary.Skipped, s => Assert.Contains(s.ReportId, takenByHand));
        Assert.All(summary.Skipped, s => Assert.False(string.IsNullOrEmpty(s.Reason)));
        Assert.Equal(0, summary.Remaining);
        foreach (var r in reports)
        {
            Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(r.Id));
            // The county's 接收, then the city's: by hand or in the bulk, never both.
            Assert.Equal(2, await app.AuditCountAsync(r.Id, "review.oneClickAccept") + await app.AuditCountAsync(r.Id, "review.accept"));
            Assert.Equal(3, await app.AuditCountAsync(r.Id, "report.level"));
        }
    }

    [Theory, Providers]
    public async Task One_click_with_a_report_that_cannot_move_in_a_chunk_accepts_the_others_once_and_skips_it(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        await app.AdminAsync("rev_sc", AdminLevel.Province, "510000");
        var city = await app.AdminAsync("rev_cd", AdminLevel.City, "510100", oneClick: true);
        var county = await app.AdminAsync("rev_jj", AdminLevel.County, "510104");
        var reports = new List<Report>();
        for (var n = 0; n < Many; n++) reports.Add(await app.SubmittedAsync(await app.EnterpriseAsync("510104", 300 + n)));
        foreach (var r in reports) Assert.True((await app.AcceptAsync(county, r.Id)).Succeeded);
        // One in the middle waits at the city, but its workflow no longer does (as if another node resumed it): its 接收 cannot succeed
        // with the row its chunk read, nor when it is read again alone; the others of its chunk go on in transactions of their own.
        var stuck = reports[Many / 2];
        await app.WithDbAsync(db => db.Set<WorkflowInstance>()
            .Where(i => i.SubjectType == ReportService.SubjectType && i.SubjectId == stuck.Id.ToString() && i.Status == WorkflowStatus.Waiting)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, WorkflowStatus.Faulted)));
        var stuckVersion = (await app.ReportAsync(stuck.Id)).Version;

        var (summary, error) = await app.WithAsync<ReviewService, (BulkSummary?, string?)>(s => s.OneClickAcceptAsync(city.Administrator, city.UserId));
        Assert.Null(error);
        Assert.Equal((Many - 1, 1, 1), (summary!.Accepted, summary.Skipped.Count, summary.Remaining));
        Assert.Equal(stuck.Id, summary.Skipped[0].ReportId);
        Assert.False(string.IsNullOrEmpty(summary.Skipped[0].Reason));
        foreach (var r in reports.Where(r => r.Id != stuck.Id))
        {
            Assert.Equal((ReportStatus.InReview, AdminLevel.Province), await app.WhereAsync(r.Id));
            Assert.Equal(1, await app.AuditCountAsync(r.Id, "review.oneClickAccept"));
            Assert.Equal(2, await app.AuditCountAsync(r.Id, "workflow.resume")); // the county's 接收 and the city's
            Assert.Equal(3, await app.AuditCountAsync(r.Id, "report.level"));
            Assert.Equal("provinceReview", await WaitingAtAsync(app, r.Id));
        }
        // Nothing of the stuck one changed: still at the city, no audit row of the bulk.
        Assert.Equal((ReportStatus.InReview, AdminLevel.City), await app.WhereAsync(stuck.Id));
        Assert.Equal(stuckVersion, (await app.ReportAsync(stuck.Id)).Version);
        Assert.Equal(0, await app.AuditCountAsync(stuck.Id, "review.oneClickAccept"));
        Assert.Equal(1, await app.AuditCountAsync(stuck.Id, "workflow.resume"));
        Assert.Equal(2, await app.AuditCountAsync(stuck.Id, "report.level"));
    }

    private static Task<string?> WaitingAtAsync(TestApp app, long reportId) =>
        app.WithDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking()
            .Where(i => i.SubjectType == ReportService.SubjectType && i.SubjectId == reportId.ToString() && i.Status == WorkflowStatus.Waiting)
            .Select(i => i.BlockingActivityId).SingleAsync());
}
