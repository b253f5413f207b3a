using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Administrators.Models;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators.Services;

/// <summary>
/// Roles and their permissions as data (ADM-5), edited in the dashboard as the "roles" recipe step
/// edits them: a permission is a role claim of type <see cref="PermissionClaims.Type"/>. The role's
/// Identity concurrency stamp guards edits; every change is audited in the same save.
/// </summary>
public sealed partial class RoleService(SmeDbContext db, ILookupNormalizer normalizer, IEnumerable<IPermissionProvider> providers,
    IAuditLog audit, IStringLocalizer<Strings> T)
{
    /// <summary>Every permission the modules declare, by category.</summary>
    public IReadOnlyList<IGrouping<string, Permission>> AllPermissions() =>
        providers.SelectMany(p => p.GetPermissions()).GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<RoleRow>> ListAsync(CancellationToken ct = default)
    {
        var permissions = await db.RoleClaims.Where(c => c.ClaimType == PermissionClaims.Type)
            .GroupBy(c => c.RoleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var members = await db.UserRoles.GroupBy(r => r.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var roles = await db.Roles.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        return roles.Select(r => new RoleRow(r.Id, r.Name ?? "", r.DisplayName,
            permissions.GetValueOrDefault(r.Id), members.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<RoleEditPage?> FindAsync(string id, CancellationToken ct = default)
    {
        var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return null;
        var granted = await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimType == PermissionClaims.Type)
            .Select(c => c.ClaimValue!).OrderBy(v => v).ToListAsync(ct);
        return Page(role, new RoleForm { DisplayName = role.DisplayName, Permissions = granted, ConcurrencyStamp = role.ConcurrencyStamp });
    }

    public RoleEditPage Page(Role role, RoleForm form) =>
        new(role.Id, role.Name ?? "", role.Name == PermissionClaims.SuperAdminRole, form, AllPermissions());

    /// <summary>A new role with its permissions; returns the new role's id on success.</summary>
    public async Task<(ChangeResult Result, string? RoleId)> CreateAsync(RoleForm form, CancellationToken ct = default)
    {
        var name = form.Name?.Trim() ?? "";
        if (!RoleName().IsMatch(name))
            return (new ChangeResult(T["角色名须以字母开头，只含字母、数字和下划线，2 到 64 个字符。"], nameof(form.Name)), null);
        var displayName = form.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 64) return (new ChangeResult(T["请输入显示名称（不超过 64 个字符）。"], nameof(form.DisplayName)), null);
        var normalized = normalizer.NormalizeName(name);
        if (await db.Roles.AnyAsync(r => r.NormalizedName == normalized, ct))
            return (new ChangeResult(T["角色“{0}”已存在。", name], nameof(form.Name)), null);
        if (Unknown(form.Permissions) is { } unknown) return (unknown, null);

        var role = new Role(name) { NormalizedName = normalized, DisplayName = displayName, ConcurrencyStamp = Guid.NewGuid().ToString() };
        db.Roles.Add(role);
        foreach (var p in form.Permissions.Distinct())
            db.RoleClaims.Add(new IdentityRoleClaim<string> { RoleId = role.Id, ClaimType = PermissionClaims.Type, ClaimValue = p });
        audit.Record("role.create", nameof(Role), role.Id, new { name, displayName, permissions = form.Permissions.Distinct().Order() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (new ChangeResult(T["角色“{0}”已存在。", name], nameof(form.Name)), null);
        }
        return (ChangeResult.Ok(), role.Id);
    }

    /// <summary>Sets the display name and the permissions (the super administrator's are all, always).</summary>
    public async Task<ChangeResult> UpdateAsync(string id, RoleForm form, CancellationToken ct = default)
    {
        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (role is null) return ChangeResult.Missing;
        if (role.ConcurrencyStamp != form.ConcurrencyStamp) return Conflict();
        var displayName = form.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 64) return new ChangeResult(T["请输入显示名称（不超过 64 个字符）。"], nameof(form.DisplayName));
        var isSuperAdmin = role.Name == PermissionClaims.SuperAdminRole;
        if (!isSuperAdmin && Unknown(form.Permissions) is { } unknown) return unknown;

        var current = await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimType == PermissionClaims.Type).ToListAsync(ct);
        var wanted = isSuperAdmin ? current.Select(c => c.ClaimValue!).ToHashSet() : form.Permissions.ToHashSet(StringComparer.Ordinal);
        var removed = current.Where(c => !wanted.Contains(c.ClaimValue!)).ToList();
        var added = wanted.Where(p => current.All(c => c.ClaimValue != p)).Order(StringComparer.Ordinal).ToList();
        if (removed.Count == 0 && added.Count == 0 && role.DisplayName == displayName) return ChangeResult.Ok();

        db.RoleClaims.RemoveRange(removed);
        foreach (var p in added)
            db.RoleClaims.Add(new IdentityRoleClaim<string> { RoleId = id, ClaimType = PermissionClaims.Type, ClaimValue = p });
        var before = role.DisplayName;
        role.DisplayName = displayName;
        // The stamp the form was made from must still be there; a new one tells later editors it changed.
        db.Entry(role).Property(r => r.ConcurrencyStamp).OriginalValue = form.ConcurrencyStamp;
        role.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record("role.update", nameof(Role), id, new
        {
            name = role.Name, displayName = before == displayName ? null : new { before, after = displayName },
            added, removed = removed.Select(c => c.ClaimValue).Order(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict();
        }
        return ChangeResult.Ok();
    }

    private ChangeResult? Unknown(IEnumerable<string> permissions)
    {
        var known = providers.SelectMany(p => p.GetPermissions()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = permissions.FirstOrDefault(p => !known.Contains(p));
        return unknown is null ? null : new ChangeResult(T["未知的权限“{0}”。", unknown], nameof(RoleForm.Permissions));
    }

    private ChangeResult Conflict() => new(T["该角色已被他人修改，您的更改未保存；页面已显示最新内容，请重新修改。"], Conflict: true);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{1,63}$")]
    private static partial Regex RoleName();
}
