namespace SmeMonitor.Core.Navigation;

/// <summary>Which menu an item belongs to.</summary>
public enum MenuName
{
    /// <summary>Left navigation of the dashboard (管理后台).</summary>
    Admin,
    /// <summary>Top navigation of the enterprise portal.</summary>
    Portal,
}

/// <summary>
/// One navigation entry. <see cref="Text"/> is the zh-CN text and the localization key.
/// Items of disabled features, and those whose permission the user lacks, are not shown.
/// </summary>
public sealed record MenuItem(string Text, string Url, string Icon = "circle", string? Permission = null,
    string Group = "", int Order = 100)
{
    /// <summary>Set by the host from the provider's module; a provider need not fill it.</summary>
    public string? FeatureId { get; init; }
    /// <summary>Shown only to administrators (a user with a manageable region).</summary>
    public bool AdministratorsOnly { get; init; }
    /// <summary>Shown only to national administrators and the super administrator (national data such as report rules).</summary>
    public bool NationOnly { get; init; }
    /// <summary>Shown only to signed-in users who are neither administrators nor the super administrator: the enterprise accounts of the portal.</summary>
    public bool EnterpriseUsersOnly { get; init; }
}

public interface IMenuProvider
{
    IEnumerable<MenuItem> GetItems(MenuName menu);
}

/// <summary>
/// A block on the portal home page, rendered by a module's view component (e.g. latest notices).
/// Register as a singleton; blocks of disabled features are skipped.
/// </summary>
public sealed record PortalSection(string ViewComponent, int Order, string FeatureId);
