using System.Net;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

public class RegionScopeTests
{
    [Theory]
    [InlineData(AdminLevel.Nation, "000000", "330102", true)]
    [InlineData(AdminLevel.Province, "330000", "330102", true)]
    [InlineData(AdminLevel.Province, "330000", "410102", false)]
    [InlineData(AdminLevel.City, "330100", "330102", true)]
    [InlineData(AdminLevel.City, "330100", "330203", false)]
    [InlineData(AdminLevel.County, "330102", "330102", true)]
    [InlineData(AdminLevel.County, "330102", "330105", false)]
    public void Contains_follows_the_code_prefix_of_the_level(AdminLevel level, string adminRegion, string region, bool expected)
    {
        var scope = RegionScope.For(new Administrator { Level = level, RegionCode = adminRegion });
        Assert.Equal(expected, scope.Contains(region));
    }

    [Fact]
    public void A_disabled_administrator_and_a_non_administrator_see_nothing()
    {
        Assert.False(RegionScope.For(new Administrator { Level = AdminLevel.Nation, RegionCode = "000000", Enabled = false }).Contains("330102"));
        Assert.False(RegionScope.None.Contains("330102"));
        Assert.Empty(RegionScope.None.Apply(new[] { new Administrator { RegionCode = "330102" } }.AsQueryable()));
    }

    [Theory]
    [InlineData("000000", AdminLevel.Nation)]
    [InlineData("330000", AdminLevel.Province)]
    [InlineData("330100", AdminLevel.City)]
    [InlineData("330102", AdminLevel.County)]
    public void LevelOf_reads_the_code(string code, AdminLevel level) => Assert.Equal(level, RegionScope.LevelOf(code));
}

public class DashboardAccessTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Dashboard_shows_the_administrators_region_and_hides_pages_without_permission(string provider)
    {
        var app = apps.Get(provider);
        var name = "county_" + provider;
        await app.CreateAdministratorAsync(name, AdminLevel.County, "330102");
        var client = await app.ClientAsAsync(name);
        var home = await client.GetStringAsync("/admin");
        Assert.Contains("330102", home);
        Assert.DoesNotContain("/admin/features", home);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/features")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/recipes")).StatusCode);
    }

    [Theory, Providers]
    public async Task Super_administrator_opens_features_and_recipes(string provider)
    {
        var app = apps.Get(provider);
        var name = "super_" + provider;
        await app.CreateUserAsync(name, null, PermissionClaims.SuperAdminRole);
        var client = await app.ClientAsAsync(name);
        var features = await client.GetStringAsync("/admin/features");
        Assert.Contains("SmeMonitor.Notices", features);
        Assert.Contains("SmeMonitor.Notices", await client.GetStringAsync("/admin/recipes/export"));
    }
}
