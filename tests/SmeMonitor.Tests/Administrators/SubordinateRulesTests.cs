using SmeMonitor.Administrators.Services;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Tests.Administrators;

public class SubordinateRulesTests
{
    private static Administrator Admin(long id, AdminLevel level, string region, bool enabled = true) =>
        new() { Id = id, Level = level, RegionCode = region, Enabled = enabled };

    [Theory]
    [InlineData(AdminLevel.Nation, "000000", AdminLevel.Province, "330000", true)]
    [InlineData(AdminLevel.Nation, "000000", AdminLevel.County, "410102", true)]
    [InlineData(AdminLevel.Nation, "000000", AdminLevel.Nation, "000000", false)] // same level
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "330100", true)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.County, "330102", true)] // two levels down
    [InlineData(AdminLevel.Province, "330000", AdminLevel.Province, "330000", false)] // a peer in the same region
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "410100", false)] // another province
    [InlineData(AdminLevel.City, "330100", AdminLevel.County, "330102", true)]
    [InlineData(AdminLevel.City, "330100", AdminLevel.County, "330203", false)] // a county of another city
    [InlineData(AdminLevel.City, "330100", AdminLevel.Province, "330000", false)] // above
    [InlineData(AdminLevel.County, "330102", AdminLevel.County, "330102", false)] // a county has no subordinates
    [InlineData(AdminLevel.County, "330102", AdminLevel.County, "330105", false)]
    [InlineData(AdminLevel.County, "330102", AdminLevel.City, "330100", false)]
    public void Manages_only_those_below_inside_its_region(AdminLevel level, string region, AdminLevel targetLevel, string targetRegion, bool expected) =>
        Assert.Equal(expected, SubordinateRules.CanManage(Admin(1, level, region), Admin(2, targetLevel, targetRegion)));

    [Fact]
    public void Never_manages_itself_and_a_disabled_administrator_manages_nobody()
    {
        var nation = Admin(1, AdminLevel.Nation, "000000");
        Assert.False(SubordinateRules.CanManage(nation, nation));
        Assert.False(SubordinateRules.CanManage(Admin(1, AdminLevel.Province, "330000", enabled: false), Admin(2, AdminLevel.City, "330100")));
        Assert.Empty(SubordinateRules.AssignableLevels(Admin(1, AdminLevel.Nation, "000000", enabled: false)));
    }

    [Theory]
    [InlineData(AdminLevel.Nation, new[] { AdminLevel.Province, AdminLevel.City, AdminLevel.County })]
    [InlineData(AdminLevel.Province, new[] { AdminLevel.City, AdminLevel.County })]
    [InlineData(AdminLevel.City, new[] { AdminLevel.County })]
    [InlineData(AdminLevel.County, new AdminLevel[0])]
    public void Assignable_levels_are_strictly_below(AdminLevel level, AdminLevel[] expected) =>
        Assert.Equal(expected, SubordinateRules.AssignableLevels(Admin(1, level, level == AdminLevel.Nation ? "000000" : "330102")));

    [Theory]
    [InlineData(AdminLevel.Nation, "000000", AdminLevel.Province, "330000", 1, PlacementProblem.None)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "330100", 2, PlacementProblem.None)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.County, "330102", 3, PlacementProblem.None)]
    [InlineData(AdminLevel.City, "330100", AdminLevel.County, "330105", 3, PlacementProblem.None)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.Province, "330000", 1, PlacementProblem.LevelNotBelow)]
    [InlineData(AdminLevel.City, "330100", AdminLevel.Province, "330000", 1, PlacementProblem.LevelNotBelow)]
    [InlineData(AdminLevel.County, "330102", AdminLevel.County, "330102", 3, PlacementProblem.LevelNotBelow)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "339900", null, PlacementProblem.RegionNotFound)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "330102", 3, PlacementProblem.RegionLevelMismatch)]
    [InlineData(AdminLevel.Nation, "000000", AdminLevel.Province, "330100", 2, PlacementProblem.RegionLevelMismatch)]
    [InlineData(AdminLevel.Province, "330000", AdminLevel.City, "410100", 2, PlacementProblem.RegionOutsideScope)]
    [InlineData(AdminLevel.City, "330100", AdminLevel.County, "330203", 3, PlacementProblem.RegionOutsideScope)]
    public void Placement_needs_a_lower_level_and_a_matching_region_inside(AdminLevel level, string region, AdminLevel newLevel,
        string newRegion, int? newRegionLevel, PlacementProblem expected) =>
        Assert.Equal(expected, SubordinateRules.CheckPlacement(Admin(1, level, region), newLevel, newRegion, newRegionLevel));

    [Fact]
    public void An_undefined_level_is_not_below_anyone() =>
        Assert.Equal(PlacementProblem.LevelNotBelow, SubordinateRules.CheckPlacement(Admin(1, AdminLevel.Nation, "000000"), (AdminLevel)7, "330102", 3));

    [Theory]
    [InlineData(AdminLevel.Nation, AdminLevel.Province, true, true)]
    [InlineData(AdminLevel.Nation, AdminLevel.City, true, false)] // 越级接收 is for provinces only
    [InlineData(AdminLevel.Province, AdminLevel.City, true, false)] // only the nation grants 越级接收
    [InlineData(AdminLevel.Province, AdminLevel.County, true, false)]
    [InlineData(AdminLevel.Province, AdminLevel.Province, false, false)] // not to a peer
    [InlineData(AdminLevel.City, AdminLevel.County, true, false)]
    [InlineData(AdminLevel.County, AdminLevel.County, false, false)]
    public void Grants_follow_the_levels(AdminLevel actor, AdminLevel target, bool oneClick, bool skipLevel)
    {
        var admin = Admin(1, actor, actor == AdminLevel.Nation ? "000000" : "330000");
        Assert.Equal(oneClick, SubordinateRules.CanGrantOneClickAccept(admin, target));
        Assert.Equal(skipLevel, SubordinateRules.CanGrantSkipLevelAccept(admin, target));
    }

    [Fact]
    public void A_disabled_nation_administrator_grants_nothing()
    {
        var disabled = Admin(1, AdminLevel.Nation, "000000", enabled: false);
        Assert.False(SubordinateRules.CanGrantOneClickAccept(disabled, AdminLevel.Province));
        Assert.False(SubordinateRules.CanGrantSkipLevelAccept(disabled, AdminLevel.Province));
    }

    [Theory]
    [InlineData("nation", AdminLevel.Nation)]
    [InlineData("province", AdminLevel.Province)]
    [InlineData("city", AdminLevel.City)]
    [InlineData("county", AdminLevel.County)]
    public void Level_keys_round_trip(string key, AdminLevel level)
    {
        Assert.True(AdminLevels.TryParseKey(key, out var parsed));
        Assert.Equal(level, parsed);
        Assert.Equal(key, level.Key());
    }

    [Theory]
    [InlineData("Province")]
    [InlineData("state")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_level_keys_do_not_parse(string? key) => Assert.False(AdminLevels.TryParseKey(key, out _));
}
