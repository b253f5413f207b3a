using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Services;

/// <summary>Why an administrator may not be placed at a level and region.</summary>
public enum PlacementProblem
{
    None,
    /// <summary>The level is not strictly below the acting administrator's.</summary>
    LevelNotBelow,
    /// <summary>No such region in the division table.</summary>
    RegionNotFound,
    /// <summary>The region is of another level than the administrator (a city administrator needs a city).</summary>
    RegionLevelMismatch,
    /// <summary>The region is outside the acting administrator's manageable region.</summary>
    RegionOutsideScope,
}

/// <summary>
/// Who may manage whom (下级管理员维护, ADM-2) and grant what (ADM-3). Pure rules, no database:
/// an enabled administrator manages the administrators strictly below its level inside its manageable
/// region, never itself; 一键接收 goes to any of them; 越级接收 only from the nation to a province.
/// </summary>
public static class SubordinateRules
{
    public static bool CanManage(Administrator actor, Administrator target) =>
        actor.Enabled && actor.Id != target.Id && target.Level > actor.Level && RegionScope.For(actor).Contains(target.RegionCode);

    /// <summary>The levels an administrator can give to a subordinate.</summary>
    public static IReadOnlyList<AdminLevel> AssignableLevels(Administrator actor) =>
        actor.Enabled ? Enum.GetValues<AdminLevel>().Where(l => l > actor.Level).ToList() : [];

    public static bool CanGrantOneClickAccept(Administrator actor, AdminLevel targetLevel) =>
        actor.Enabled && targetLevel > actor.Level;

    public static bool CanGrantSkipLevelAccept(Administrator actor, AdminLevel targetLevel) =>
        actor.Enabled && actor.Level == AdminLevel.Nation && targetLevel == AdminLevel.Province;

    /// <summary>
    /// Whether the actor may place a subordinate at <paramref name="level"/> in <paramref name="regionCode"/>;
    /// <paramref name="regionLevel"/> is the region's level in the division table (1 province, 2 city, 3 county), null when it does not exist.
    /// </summary>
    public static PlacementProblem CheckPlacement(Administrator actor, AdminLevel level, string regionCode, int? regionLevel)
    {
        if (!actor.Enabled || !Enum.IsDefined(level) || level <= actor.Level) return PlacementProblem.LevelNotBelow;
        if (regionLevel is null) return PlacementProblem.RegionNotFound;
        if (regionLevel != level.RegionLevel()) return PlacementProblem.RegionLevelMismatch;
        if (!RegionScope.For(actor).Contains(regionCode)) return PlacementProblem.RegionOutsideScope;
        return PlacementProblem.None;
    }
}
