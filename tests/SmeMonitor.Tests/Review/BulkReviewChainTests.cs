using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Review;

/// <summary>
/// A bulk review reads the administrators of its reports' regions once (DirectReviewer.CandidatesAsync) and hands each report's
/// chain to DirectReviewer.Remember: that chain is the one ChainAsync reads for the enterprise alone.
/// </summary>
public class BulkReviewChainTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task A_remembered_chain_is_the_chain_read_alone_and_is_forgotten(string provider)
    {
        var app = apps.Get(provider);
        await app.NationAsync();
        await app.AdminAsync("rev_jx", AdminLevel.Province, "360000");
        await app.AdminAsync("rev_nc", AdminLevel.City, "360100");
        var disabled = await app.AdminAsync("rev_nc_off", AdminLevel.City, "360100");
        await app.AdminAsync("rev_dh", AdminLevel.County, "360102");
        // 东湖区 (county, city, province, nation), 西湖区 (no county administrator), 景德镇 昌江区 (no city or county administrator).
        var enterprises = new[] { await app.EnterpriseAsync("360102", 51), await app.EnterpriseAsync("360103", 52), await app.EnterpriseAsync("360202", 53) };
        await app.WithDbAsync(async db =>
        {
            (await db.Set<Administrator>().SingleAsync(a => a.Id == disabled.Administrator.Id)).Enabled = false;
            return await db.SaveChangesAsync();
        });

        await app.WithAsync<DirectReviewer, bool>(async reviewers =>
        {
            var candidates = await reviewers.CandidatesAsync(enterprises.Select(e => e.RegionCode));
            Assert.DoesNotContain(candidates, a => a.Id == disabled.Administrator.Id);
            foreach (var e in enterprises)
            {
                reviewers.Forget();
                var read = await reviewers.ChainAsync(e.Id, e.RegionCode);
                var remembered = reviewers.Remember(e.Id, e.RegionCode, candidates, read.DirectLevel);
                Assert.Equal(read.Covering.Select(a => a.Id).Order(), remembered.Covering.Select(a => a.Id).Order());
                Assert.Equal(read.FirstLevel, remembered.FirstLevel);
                Assert.Same(remembered, await reviewers.ChainAsync(e.Id, e.RegionCode)); // the Conditions of the resume read nothing
                reviewers.Forget();
                Assert.NotSame(remembered, await reviewers.ChainAsync(e.Id, e.RegionCode));
            }
            Assert.Equal([AdminLevel.Nation, AdminLevel.Province, AdminLevel.City, AdminLevel.County],
                (await reviewers.ChainAsync(enterprises[0].Id, "360102")).Covering.Select(a => a.Level).Order());
            Assert.Equal([AdminLevel.Nation, AdminLevel.Province], (await reviewers.ChainAsync(enterprises[2].Id, "360202")).Covering.Select(a => a.Level).Order());
            return true;
        });
    }
}
