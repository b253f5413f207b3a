using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Administrators;

public class RolePagesTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static Task<Role?> RoleAsync(TestApp app, string name) =>
        app.WithDbAsync(db => db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name));

    private static Task<List<string>> PermissionsOf(TestApp app, string roleId) =>
        app.WithDbAsync(db => db.RoleClaims.Where(c => c.RoleId == roleId && c.ClaimType == PermissionClaims.Type)
            .Select(c => c.ClaimValue!).OrderBy(v => v).ToListAsync());

    private static async Task<HttpClient> SuperAsync(TestApp app, string name)
    {
        await app.CreateUserAsync(name, null, PermissionClaims.SuperAdminRole);
        return await app.ClientAsAsync(name);
    }

    [Theory, Providers]
    public async Task A_super_administrator_creates_a_role_and_edits_its_permissions(string provider)
    {
        var app = apps.Get(provider);
        var client = await SuperAsync(app, "roles_super");
        var list = await client.GetStringAsync("/admin/roles");
        Assert.Contains("data-role=\"ContentEditor\"", list);
        Assert.Contains("内容编辑", list);
        Assert.Contains("data-role=\"QuestionnaireDesigner\"", list);
        Assert.Contains("value=\"Administrators.ManageSubordinates\"", await client.GetStringAsync("/admin/roles/create"));

        var created = await client.PostFormAsync("/admin/roles/create",
            [("Name", "Auditor"), ("DisplayName", "审计员"), ("Permissions", "Platform.ViewAuditLog")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var role = (await RoleAsync(app, "Auditor"))!;
        Assert.Equal($"/admin/roles/{role.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["Platform.ViewAuditLog"], await PermissionsOf(app, role.Id));
        Assert.Equal("role.create", Assert.Single(await app.AuditAsync("Role", role.Id)).Action);

        var edit = await client.GetStringAsync($"/admin/roles/{role.Id}");
        Assert.Matches("value=\"Platform.ViewAuditLog\" checked=\"checked\"", edit);
        var updated = await client.PostFormAsync($"/admin/roles/{role.Id}",
            [("DisplayName", "审计"), ("ConcurrencyStamp", role.ConcurrencyStamp!),
             ("Permissions", "Administrators.ManageSubordinates"), ("Permissions", "Platform.ManageRecipes")]);

        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        Assert.Equal(["Administrators.ManageSubordinates", "Platform.ManageRecipes"], await PermissionsOf(app, role.Id));
        var after = (await RoleAsync(app, "Auditor"))!;
        Assert.Equal("审计", after.DisplayName);
        Assert.NotEqual(role.ConcurrencyStamp, after.ConcurrencyStamp);
        var audit = (await app.AuditAsync("Role", role.Id)).Last();
        Assert.Equal("role.update", audit.Action);
        Assert.Contains("\"removed\":[\"Platform.ViewAuditLog\"]", audit.Details);
    }

    [Theory, Providers]
    public async Task Bad_or_stale_role_changes_get_a_message_and_change_nothing(string provider)
    {
        var app = apps.Get(provider);
        var client = await SuperAsync(app, "roles_bad");
        await client.PostFormAsync("/admin/roles/create", [("Name", "Checker"), ("DisplayName", "检查员"), ("Permissions", "Platform.ViewAuditLog")]);
        var role = (await RoleAsync(app, "Checker"))!;
        var roleCount = await app.WithDbAsync(db => db.Roles.CountAsync());

        foreach (var (fields, message) in new (IEnumerable<(string, string)>, string)[]
        {
            ([("Name", "1abc"), ("DisplayName", "x")], "角色名须以字母开头，只含字母、数字和下划线，2 到 64 个字符。"),
            ([("Name", "checker"), ("DisplayName", "x")], "角色“checker”已存在。"),
            ([("Name", "Fresh"), ("DisplayName", "")], "请输入显示名称（不超过 64 个字符）。"),
            ([("Name", "Fresh"), ("DisplayName", "x"), ("Permissions", "No.Such")], "未知的权限“No.Such”。"),
        })
        {
            var response = await client.PostFormAsync("/admin/roles/create", fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(roleCount, await app.WithDbAsync(db => db.Roles.CountAsync()));

        var unknown = await client.PostFormAsync($"/admin/roles/{role.Id}",
            [("DisplayName", "检查员"), ("ConcurrencyStamp", role.ConcurrencyStamp!), ("Permissions", "No.Such")]);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("未知的权限“No.Such”。", await unknown.Content.ReadAsStringAsync());

        var stale = await client.PostFormAsync($"/admin/roles/{role.Id}",
            [("DisplayName", "改名"), ("ConcurrencyStamp", "an-old-stamp"), ("Permissions", "Platform.ManageRecipes")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("该角色已被他人修改，您的更改未保存；页面已显示最新内容，请重新修改。", await stale.Content.ReadAsStringAsync());

        Assert.Equal(["Platform.ViewAuditLog"], await PermissionsOf(app, role.Id));
        Assert.Equal(("检查员", role.ConcurrencyStamp), ((await RoleAsync(app, "Checker"))!.DisplayName, (await RoleAsync(app, "Checker"))!.ConcurrencyStamp));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/roles/no-such-id")).StatusCode);
    }

    [Theory, Providers]
    public async Task A_permission_given_in_the_dashboard_reaches_the_roles_holders(string provider)
    {
        var app = apps.Get(provider);
        var super = await SuperAsync(app, "roles_giver");
        await super.PostFormAsync("/admin/roles/create", [("Name", "LogReader"), ("DisplayName", "日志查看")]);
        // The audit log is platform-wide: the holder must be a national administrator (PlatformWidePermissionsTests).
        await app.CreateAdministratorAsync("roles_reader", AdminLevel.Nation, RegionScope.NationCode, roles: "LogReader");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAsAsync("roles_reader")).GetAsync("/admin/audit")).StatusCode);

        var role = (await RoleAsync(app, "LogReader"))!;
        await super.PostFormAsync($"/admin/roles/{role.Id}", [("DisplayName", "日志查看"), ("ConcurrencyStamp", role.ConcurrencyStamp!), ("Permissions", "Platform.ViewAuditLog")]);

        // Permissions travel in the sign-in cookie: the next sign-in carries the new one.
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAsAsync("roles_reader")).GetAsync("/admin/audit")).StatusCode);
    }

    [Theory, Providers]
    public async Task The_super_administrator_role_keeps_every_permission(string provider)
    {
        var app = apps.Get(provider);
        var client = await SuperAsync(app, "roles_self");
        var role = (await RoleAsync(app, PermissionClaims.SuperAdminRole))!;
        var page = await client.GetStringAsync($"/admin/roles/{role.Id}");
        Assert.Contains("超级管理员拥有全部权限。", page);
        Assert.DoesNotContain("name=\"Permissions\"", page);
        var response = await client.PostFormAsync($"/admin/roles/{role.Id}",
            [("DisplayName", "超级管理员"), ("ConcurrencyStamp", role.ConcurrencyStamp!), ("Permissions", "Platform.ViewAuditLog")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await PermissionsOf(app, role.Id));
    }

    [Theory, Providers]
    public async Task Administrators_without_the_permission_cannot_open_role_pages(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("roles_county", AdminLevel.County, "330102");
        var client = await app.ClientAsAsync("roles_county");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/roles/create")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/roles/create", [("Name", "Sneaky"), ("DisplayName", "x")])).StatusCode);
        Assert.Null(await RoleAsync(app, "Sneaky"));
        Assert.DoesNotContain("href=\"/admin/roles\"", await client.GetStringAsync("/admin"));
    }
}
