using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Models;

public sealed record RoleRow(string Id, string Name, string DisplayName, int Permissions, int Users);

/// <summary>The role edit page: the role, its permissions, every declared permission by category.</summary>
public sealed record RoleEditPage(string Id, string Name, bool IsSuperAdmin, RoleForm Form, IReadOnlyList<IGrouping<string, Permission>> AllPermissions);

/// <summary>What the role forms post. <see cref="Name"/> is read on create only; <see cref="ConcurrencyStamp"/> on edit only.</summary>
public sealed class RoleForm
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public List<string> Permissions { get; set; } = [];
    public string? ConcurrencyStamp { get; set; }
}

public sealed record RoleCreatePage(RoleForm Form, IReadOnlyList<IGrouping<string, Permission>> AllPermissions);
