using System.Security.Claims;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Navigation;

/// <summary>Builds a menu from the modules' providers: only enabled features, only what the user may open.</summary>
public sealed class MenuService(IEnumerable<IMenuProvider> providers, ModuleCatalog catalog, IFeatureManager features, IScopeService scope,
    PermissionCatalog permissions)
{
    public async Task<IReadOnlyList<MenuItem>> GetAsync(MenuName menu, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var enabled = await features.GetEnabledAsync(ct);
        var regionScope = await scope.GetScopeAsync(ct);
        var isAdmin = regionScope.IsAdministrator;
        var isNational = user.IsNational(regionScope);
        var items = new List<MenuItem>();
        foreach (var provider in providers)
        {
            var moduleId = catalog.FindModule(provider.GetType().Assembly)?.Id;
            foreach (var item in provider.GetItems(menu))
            {
                var featureId = item.FeatureId ?? moduleId;
                if (featureId is not null && !enabled.Contains(featureId)) continue;
                if (item.Permission is not null && (!user.HasPermission(item.Permission) || (permissions.IsPlatformWide(item.Permission) && !isNational))) continue;
                if (item.AdministratorsOnly && !isAdmin) continue;
                if (item.NationOnly && !isNational) continue;
                if (item.EnterpriseUsersOnly && (isAdmin || user.Identity?.IsAuthenticated != true || user.IsInRole(PermissionClaims.SuperAdminRole))) continue;
                items.Add(item with { FeatureId = featureId });
            }
        }
        return items.OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal).ToList();
    }
}
