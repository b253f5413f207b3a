using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace SmeMonitor.Core.Security;

/// <summary>A named permission a module declares in its Permissions.cs. Roles grant permissions (as data).</summary>
public sealed record Permission(string Name, string Description, string Category);

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
}

/// <summary>[RequirePermission("Notices.Edit")] on a controller or action.</summary>
public sealed class RequirePermissionAttribute(string permission) : AuthorizeAttribute(PermissionClaims.PolicyPrefix + permission);

internal sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.HasPermission(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
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
