using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Models;

/// <summary>Filters of the subordinate administrator list.</summary>
public sealed record AdministratorFilter(string? Keyword = null, AdminLevel? Level = null, bool? Enabled = null, int Page = 1, int PageSize = 50);

/// <summary>One administrator as lists, pages and the API show it.</summary>
public sealed record AdministratorRow(
    long Id, string UserName, string DisplayName, string? Phone, AdminLevel Level, string RegionCode, string RegionName,
    bool OneClickAccept, bool SkipLevelAccept, bool Enabled, int Version);

public sealed record AdministratorPage(IReadOnlyList<AdministratorRow> Items, int Total, int Page, int PageSize)
{
    public bool HasNext => Page * PageSize < Total;
}

/// <summary>What the create and edit forms post. <see cref="UserName"/> is read on create only.</summary>
public sealed class AdministratorForm
{
    public string? UserName { get; set; }
    public AdminLevel Level { get; set; }
    public string? RegionCode { get; set; }
    /// <summary>一键接收.</summary>
    public bool OneClickAccept { get; set; }
    /// <summary>越级接收.</summary>
    public bool SkipLevelAccept { get; set; }
    /// <summary>The version the form was made from (optimistic concurrency).</summary>
    public int Version { get; set; }
}

/// <summary>The create or edit page: the form, whom it edits (null on create) and what the actor may choose.</summary>
public sealed record AdministratorFormPage(
    AdministratorForm Form, AdministratorRow? Target, IReadOnlyList<AdminLevel> Levels, string RegionRoot, bool ActorIsNation);

/// <summary>The outcome of a change: success, a message for a field or the form, a concurrency conflict, or not found.</summary>
public sealed record ChangeResult(string? Error = null, string? Field = null, bool Conflict = false, bool NotFound = false, long? Id = null)
{
    public bool Succeeded => Error is null && !NotFound;
    public static ChangeResult Ok(long? id = null) => new(Id: id);
    public static readonly ChangeResult Missing = new(NotFound: true);
}

/// <summary>The list page: the actor (null when the user is no enabled administrator), its region, the filter, the rows.</summary>
public sealed record AdministratorListPage(
    Administrator? Actor, string ActorRegion, AdministratorFilter Filter, AdministratorPage? Result, IReadOnlyList<AdminLevel> Levels);
