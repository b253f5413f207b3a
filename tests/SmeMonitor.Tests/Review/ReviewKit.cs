using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Review;

/// <summary>Administrators, enterprises and submitted reports for the review tests.</summary>
internal static class ReviewKit
{
    /// <summary>A past quarter-end month: 补报 is allowed and no earlier report is needed.</summary>
    public static readonly ReportPeriod August = new(2021, 8);

    public sealed record Admin(Administrator Administrator, string UserId, string UserName);

    public static async Task<Admin> AdminAsync(this TestApp app, string userName, AdminLevel level, string region, bool oneClick = false, bool skipLevel = false)
    {
        var existing = await app.WithDbAsync(db => db.Set<Administrator>().AsNoTracking().Include(a => a.User).FirstOrDefaultAsync(a => a.User!.UserName == userName));
        if (existing is not null) return new Admin(existing, existing.UserId, userName);
        var user = await app.CreateAdministratorAsync(userName, level, region, oneClick, skipLevel);
        var admin = await app.WithDbAsync(db => db.Set<Administrator>().AsNoTracking().SingleAsync(a => a.UserId == user.Id));
        return new Admin(admin, user.Id, userName);
    }

    /// <summary>The one nation administrator every test of an app shares.</summary>
    public static Task<Admin> NationAsync(this TestApp app) => app.AdminAsync("rev_nation", AdminLevel.Nation, RegionScope.NationCode);

    public static Task<Enterprise> EnterpriseAsync(this TestApp app, string region, int n) =>
        app.ApprovedEnterpriseAsync($"rev_e{n}", $"审核{n}测试有限公司", Code(region, 900 + n), region);

    /// <summary>Fills and submits August; <paramref name="passes"/> false makes screening fail (营业收入 up far more than 300% year on year).</summary>
    public static async Task<Report> SubmittedAsync(this TestApp app, Enterprise e, bool passes = true)
    {
        var key = new ReportKey(e.Id, "monthly", August);
        var values = Complete(Industrial, August);
        if (!passes) values = values.With("revenue", V(100, 80_000, 90, 720));
        var existing = await app.WithDbAsync(db => db.Set<Report>().AsNoTracking().Where(r => r.EnterpriseId == e.Id).Select(r => (int?)r.Version).FirstOrDefaultAsync());
        var saved = await app.WithAsync<ReportService, ReportResult>(s => s.NextAsync(key, new ReportEntry(values, [], "张三", existing ?? 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        Assert.Empty(saved.Unconfirmed);
        var submitted = await app.WithAsync<ReportService, ReportResult>(s => s.SubmitAsync(key, saved.Report!.Version, e.UserId));
        Assert.True(submitted.Succeeded, string.Join(" ", submitted.Errors.Select(x => x.Message)));
        return await app.ReportAsync(submitted.Report!.Id);
    }

    public static Task<Report> ReportAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == id));

    public static Task<ReviewResult> AcceptAsync(this TestApp app, Admin a, long reportId) =>
        app.WithAsync<ReviewService, ReviewResult>(s => s.AcceptAsync(a.Administrator, a.UserId, reportId));

    public static Task<ReviewResult> ReturnAsync(this TestApp app, Admin a, long reportId, string? reason) =>
        app.WithAsync<ReviewService, ReviewResult>(s => s.ReturnAsync(a.Administrator, a.UserId, reportId, reason));

    public static async Task<(ReportStatus Status, AdminLevel? Level)> WhereAsync(this TestApp app, long reportId)
    {
        var r = await app.ReportAsync(reportId);
        return (r.Status, r.ReviewLevel);
    }

    public static Task<int> AuditCountAsync(this TestApp app, long reportId, string action) =>
        app.WithDbAsync(db => db.Set<SmeMonitor.Core.Auditing.AuditEntry>()
            .CountAsync(a => a.EntityType == "Report" && a.EntityId == reportId.ToString() && a.Action == action));


}
