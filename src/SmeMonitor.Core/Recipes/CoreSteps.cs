using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;

namespace SmeMonitor.Core.Recipes;

/// <summary>{ "name": "feature", "enable": ["SmeMonitor.Notices"], "disable": [] }</summary>
internal sealed class FeatureStep(IFeatureManager features, ModuleCatalog catalog) : IRecipeStep
{
    public string Name => "feature";
    public string? Feature => null;
    public int ExportOrder => 0;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        foreach (var (list, enable) in new[] { ("enable", true), ("disable", false) })
        {
            var ids = ctx.Strings(ctx.Step, list, ctx.Path);
            for (var i = 0; i < ids.Count; i++)
            {
                if (catalog.FindFeature(ids[i]) is null)
                    throw ctx.Error($"{ctx.Path}.{list}[{i}]", $"unknown feature '{ids[i]}'");
                try
                {
                    if (enable) await features.EnableAsync(ids[i], ct);
                    else await features.DisableAsync(ids[i], ct);
                }
                catch (FeatureException e) { throw ctx.Error($"{ctx.Path}.{list}[{i}]", e.Message); }
            }
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var enabled = await features.GetEnabledAsync(ct);
        return new JsonObject
        {
            ["enable"] = new JsonArray(catalog.Features.Where(f => enabled.Contains(f.Id) && !f.AlwaysEnabled).Select(f => (JsonNode)f.Id).ToArray()),
        };
    }
}

/// <summary>{ "name": "settings", "values": { "Reports.DeadlineDay": 10, ... } }</summary>
internal sealed class SettingsStep(ISettingsService settings) : IRecipeStep
{
    public string Name => "settings";
    public string? Feature => null;
    public int ExportOrder => 10;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var values = ctx.Object(ctx.Step["values"], $"{ctx.Path}.values");
        foreach (var (key, value) in values)
        {
            if (key.Length is 0 or > 128) throw ctx.Error($"{ctx.Path}.values", $"setting key '{key}' must be 1 to 128 characters");
            await settings.SetAsync(key, value?.DeepClone(), ct);
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var values = new JsonObject();
        foreach (var (k, v) in await settings.AllAsync(ct)) values[k] = v?.DeepClone();
        return new JsonObject { ["values"] = values };
    }
}

/// <summary>
/// { "name": "roles", "roles": [ { "name": "ContentEditor", "displayName": "内容编辑", "permissions": ["Notices.Edit"] } ] }
/// The listed permissions replace the role's permissions; every name must be declared by a module.
/// </summary>
internal sealed class RolesStep(RoleManager<Role> roles, IEnumerable<IPermissionProvider> providers) : IRecipeStep
{
    public string Name => "roles";
    public string? Feature => null;
    public int ExportOrder => 40;

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var known = providers.SelectMany(p => p.GetPermissions()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (item, path) in ctx.Objects(ctx.Step, "roles", ctx.Path))
        {
            var name = ctx.String(item, "name", path);
            var displayName = ctx.OptionalString(item, "displayName", path) ?? name;
            var permissions = ctx.Strings(item, "permissions", path);
            for (var i = 0; i < permissions.Count; i++)
                if (!known.Contains(permissions[i]))
                    throw ctx.Error($"{path}.permissions[{i}]", $"unknown permission '{permissions[i]}'");

            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                role = new Role(name) { DisplayName = displayName };
                Check(await roles.CreateAsync(role), ctx, path);
            }
            else if (role.DisplayName != displayName)
            {
                role.DisplayName = displayName;
                Check(await roles.UpdateAsync(role), ctx, path);
            }
            var current = (await roles.GetClaimsAsync(role)).Where(c => c.Type == PermissionClaims.Type).ToList();
            foreach (var c in current.Where(c => !permissions.Contains(c.Value)))
                Check(await roles.RemoveClaimAsync(role, c), ctx, path);
            foreach (var p in permissions.Where(p => current.All(c => c.Value != p)))
                Check(await roles.AddClaimAsync(role, new Claim(PermissionClaims.Type, p)), ctx, path);
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        var list = new JsonArray();
        foreach (var role in await roles.Roles.OrderBy(r => r.Name).ToListAsync(ct))
        {
            var perms = (await roles.GetClaimsAsync(role)).Where(c => c.Type == PermissionClaims.Type).Select(c => (JsonNode)c.Value).ToArray();
            list.Add(new JsonObject { ["name"] = role.Name, ["displayName"] = role.DisplayName, ["permissions"] = new JsonArray(perms) });
        }
        return new JsonObject { ["roles"] = list };
    }

    private static void Check(IdentityResult result, RecipeStepContext ctx, string path)
    {
        if (!result.Succeeded) throw ctx.Error(path, string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
