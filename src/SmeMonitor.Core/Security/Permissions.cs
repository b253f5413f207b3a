using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmeMonitor.Core.Security;

/// <summary>A named permission a module declares in its Permissions.cs. Roles grant permissions (as data).</summary>
/// <param name="PlatformWide">
/// 全平台: the permission shows or changes what belongs to no one region — every region's audit entries, workflow instances
/// or messages; features, recipes, roles, workflows. It takes effect only for the super administrator and national
/// administrators, whichever role grants it: a provincial, city or county administrator keeps to its region (ADM-4).
/// </param>
public sealed record Permission(string Name, string Description, string Category, bool PlatformWide = false);

/// <summary>Implemented by each module's Permissions class, so the dashboard and recipes know every permission.</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();
}

public static class PermissionClaims
{
    /// <summary>Role-claim type that carries a permission name.</summary>
    public const string Type = "permission";
    /// <summary>The super administrator (超级管理员) has every permission.</summary>
    public const string SuperAdminRole = "SuperAdmin";
    /// <summary>The role every local administrator (地方管理员) holds; its permissions are set by recipe.</summary>
    public const string AdministratorRole = "Administrator";
    public const string PolicyPrefix = "perm:";

    public static bool HasPermission(this ClaimsPrincipal user, string permission) =>
        user.Identity?.IsAuthenticated == true &&
        (user.IsInRole(SuperAdminRole) || user.HasClaim(Type, permission));

    /// <summary>The super administrator, or a national administrator: who may hold a <see cref="Permission.PlatformWide"/> permission.</summary>
    public static bool IsNational(this ClaimsPrincipal user, RegionScope scope) =>
        user.IsInRole(SuperAdminRole) || scope.Level == AdminLevel.Nation;
}

/// <summary>Every permission the modules declare, and which are <see cref="Permission.PlatformWide"/>.</summary>
public sealed class PermissionCatalog(IEnumerable<IPermissionProvider> providers)
{
    private readonly Lazy<HashSet<string>> _platformWide = new(() =>
        providers.SelectMany(p => p.GetPermissions()).Where(p => p.PlatformWide).Select(p => p.Name).ToHashSet(StringComparer.Ordinal));

    public bool IsPlatformWide(string permission) => _platformWide.Value.Contains(permission);
}

/// <summary>[RequirePermission("Notices.Edit")] on a controller or action.</summary>
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PermissionClaims.PolicyPrefix + permission);

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler(PermissionCatalog catalog, IHttpContextAccessor http) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (!context.User.HasPermission(requirement.Permission)) return;
        if (catalog.IsPlatformWide(requirement.Permission) && !context.User.IsInRole(PermissionClaims.SuperAdminRole))
        {
            var scopes = http.HttpContext?.RequestServices.GetService<IScopeService>();
            if (scopes is null || !context.User.IsNational(await scopes.GetScopeAsync(http.HttpContext!.RequestAborted))) return;
        }
        context.Succeed(requirement);
    }
}

/// <summary>Makes a policy for every "perm:NAME" on demand, so permissions need no registration code.</summary>
internal sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(PermissionClaims.PolicyPrefix, StringComparison.Ordinal))
            return await base.GetPolicyAsync(policyName);
        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(policyName[PermissionClaims.PolicyPrefix.Length..]))
            .Build();
    }
}
