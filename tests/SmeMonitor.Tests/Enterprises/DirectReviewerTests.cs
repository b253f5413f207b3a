using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>The review chain a review action reads in its own query and hands to DirectReviewer (审核链).</summary>
public class DirectReviewerTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task A_remembered_chain_is_the_chain_ChainAsync_reads_and_is_kept_for_its_enterprise_and_region(string provider)
    {
        var app = apps.Get(provider);
        var county = await app.CreateAdministratorAsync("dr_tz_county", AdminLevel.County, "331002");
        var otherCounty = await app.CreateAdministratorAsync("dr_tz_county2", AdminLevel.County, "331003");
        var city = await app.CreateAdministratorAsync("dr_tz_city", AdminLevel.City, "331000");
        var disabled = await app.CreateAdministratorAsync("dr_tz_city_off", AdminLevel.City, "331000");
        await app.WithDbAsync(async db =>
        {
            (await db.Set<Administrator>().SingleAsync(a => a.UserId == disabled.Id)).Enabled = false;
            return await db.SaveChangesAsync();
        });

        const long enterprise = -1; // none: the direct level comes from the caller
        ReviewChain read;
        await using (var scope = app.Scope())
            read = await scope.ServiceProvider.GetRequiredService<DirectReviewer>().ChainAsync(enterprise, "331002");

        await using (var scope = app.Scope())
        {
            var everyone = await scope.ServiceProvider.GetRequiredService<SmeDbContext>().Set<Administrator>().AsNoTracking().ToListAsync();
            var reviewers = scope.ServiceProvider.GetRequiredService<DirectReviewer>();
            var remembered = reviewers.Remember(enterprise, "331002", everyone, AdminLevel.City);

            // The same covering administrators as the query finds: not another county's, not a disabled one.
            Assert.Equal(read.Covering.Select(a => a.Id).Order(), remembered.Covering.Select(a => a.Id).Order());
            var users = remembered.Covering.Select(a => a.UserId).ToList();
            Assert.Contains(county.Id, users);
            Assert.Contains(city.Id, users);
            Assert.DoesNotContain(otherCounty.Id, users);
            Assert.DoesNotContain(disabled.Id, users);
            Assert.Equal(AdminLevel.City, remembered.FirstLevel);

            // Kept for that enterprise and region only.
            Assert.Same(remembered, await reviewers.ChainAsync(enterprise, "331002"));
            Assert.NotSame(remembered, await reviewers.ChainAsync(enterprise, "331003"));
        }
    }
}
