using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Administrators;

/// <summary>
/// Permissions over what belongs to no one region (the audit log, workflow instances, the message outbox, features,
/// recipes, roles) work only for the super administrator and national administrators: a role that grants them to a
/// provincial administrator gives it neither the pages nor the menu items.
/// </summary>
public class PlatformWidePermissionsTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static readonly string[] Pages =
        ["/admin/audit", "/admin/workflows", "/admin/outbox", "/admin/features", "/admin/recipes", "/admin/recipes/export", "/admin/roles", "/admin/roles/create"];

    /// <summary>The pages of <see cref="Pages"/> that have a menu item.</summary>
    private static readonly string[] MenuItems = ["/admin/audit", "/admin/workflows", "/admin/outbox", "/admin/features", "/admin/recipes", "/admin/roles"];

    private static readonly string[] Granted =
        ["Platform.ViewAuditLog", "Platform.ViewWorkflows", "Platform.ManageWorkflows", "Messaging.ViewOutbox", "Platform.ManageFeatures",
         "Platform.ManageRecipes", "Administrators.ManageRoles"];

    /// <summary>
    /// A client of an administrator (level, region) holding a role that grants every platform-wide permission, the role made
    /// in the dashboard by a super administrator.
    /// </summary>
    private static async Task<HttpClient> HolderAsync(TestApp app, string name, AdminLevel level, string regionCode)
    {
        var role = name + "_role";
        await RoleAsync(app, role);
        await app.CreateAdministratorAsync(name, level, regionCode, roles: role);
        return await app.ClientAsAsync(name);
    }

    private static async Task RoleAsync(TestApp app, string name)
    {
        await app.CreateUserAsync(name + "_super", null, PermissionClaims.SuperAdminRole);
        var super = await app.ClientAsAsync(name + "_super");
        var created = await super.PostFormAsync("/admin/roles/create",
            [("Name", name), ("DisplayName", "平台运维"), .. Granted.Select(p => ("Permissions", p))]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("全平台权限：只对超级管理员和国家级管理员生效。", await super.GetStringAsync(created.Headers.Location!.OriginalString));
    }

    [Theory, Providers]
    public async Task A_provincial_administrator_granted_them_by_a_role_gets_403_and_no_menu_items(string provider)
    {
        var app = apps.Get(provider);
        var client = await HolderAsync(app, "pw_zj", AdminLevel.Province, "330000");

        foreach (var page in Pages)
            Assert.True((await client.GetAsync(page)).StatusCode == HttpStatusCode.Forbidden, page);
        var menu = await client.GetStringAsync("/admin");
        foreach (var page in MenuItems)
            Assert.DoesNotContain($"href=\"{page}\"", menu);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/workflows/ReportReview/disable", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/features/SmeMonitor.Notices/disable", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/roles/create", [("Name", "Sneaky"), ("DisplayName", "x")])).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Set<WorkflowDefinition>().Where(w => w.Name == "ReportReview").Select(w => w.Enabled).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.Set<FeatureState>().Where(f => f.FeatureId == "SmeMonitor.Notices").Select(f => f.Enabled).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Roles.AnyAsync(r => r.Name == "Sneaky")));
    }

    [Theory, Providers]
    public async Task A_national_administrator_with_the_same_role_opens_every_page(string provider)
    {
        var app = apps.Get(provider);
        var client = await HolderAsync(app, "pw_cn", AdminLevel.Nation, RegionScope.NationCode);

        foreach (var page in Pages)
            Assert.True((await client.GetAsync(page)).StatusCode == HttpStatusCode.OK, page);
        var menu = await client.GetStringAsync("/admin");
        foreach (var page in MenuItems)
            Assert.Contains($"href=\"{page}\"", menu);
    }
}
