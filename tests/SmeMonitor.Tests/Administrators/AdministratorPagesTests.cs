using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Administrators;

public class AdministratorPagesTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static (string, string)[] Form(AdminLevel level, string region, int version = 0, bool oneClick = false, bool? skipLevel = null)
    {
        var fields = new List<(string, string)>
        {
            ("Level", level.ToString()), ("RegionCode", region), ("Version", version.ToString()),
            ("OneClickAccept", oneClick ? "true" : "false"),
        };
        if (skipLevel is not null) fields.Add(("SkipLevelAccept", skipLevel.Value ? "true" : "false"));
        return fields.ToArray();
    }

    private static string Row(long id) => $"data-administrator=\"{id}\"";

    [Theory, Providers]
    public async Task The_list_shows_the_administrators_below_inside_the_region(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("list_");

        var hz = await (await app.ClientAsAsync(t.Name("hz"))).GetStringAsync("/admin/administrators?q=list_");
        Assert.All(new[] { t.Sc, t.Gs }, id => Assert.Contains(Row(id), hz));
        Assert.All(new[] { t.Hz, t.Zj, t.Nb, t.Ha, t.Zz, t.Nation }, id => Assert.DoesNotContain(Row(id), hz));
        Assert.Contains("浙江省/杭州市/上城区", hz);

        var zjClient = await app.ClientAsAsync(t.Name("zj"));
        var zj = await zjClient.GetStringAsync("/admin/administrators?q=list_");
        Assert.All(new[] { t.Hz, t.Sc, t.Gs, t.Nb }, id => Assert.Contains(Row(id), zj));
        Assert.All(new[] { t.Zj, t.Ha, t.Zz, t.Nation }, id => Assert.DoesNotContain(Row(id), zj));
        var counties = await zjClient.GetStringAsync("/admin/administrators?q=list_&level=County");
        Assert.All(new[] { t.Sc, t.Gs }, id => Assert.Contains(Row(id), counties));
        Assert.All(new[] { t.Hz, t.Nb }, id => Assert.DoesNotContain(Row(id), counties));

        var nation = await (await app.ClientAsAsync(t.Name("nation"))).GetStringAsync("/admin/administrators?q=list_");
        Assert.All(new[] { t.Zj, t.Hz, t.Sc, t.Gs, t.Nb, t.Ha, t.Zz }, id => Assert.Contains(Row(id), nation));
        Assert.DoesNotContain(Row(t.Nation), nation);

        var home = await zjClient.GetStringAsync("/admin");
        Assert.Contains("href=\"/admin/administrators\"", home); // the menu item
        Assert.Contains("data-testid=\"scope-level\">省级<", home); // the level by its name, not the enum's
        Assert.Contains("data-testid=\"scope-level\">province<", await zjClient.GetStringAsync("/admin?culture=en"));
        Assert.Contains("data-testid=\"scope-region\">浙江省<", home); // the region by its name, not its code
        Assert.Contains("data-testid=\"scope-region\">浙江省/杭州市/上城区<", await (await app.ClientAsAsync(t.Name("sc"))).GetStringAsync("/admin"));
        var nationHome = await app.ClientAsAsync(t.Name("nation"));
        Assert.Contains("data-testid=\"scope-region\">全国<", await nationHome.GetStringAsync("/admin"));
        Assert.Contains("data-testid=\"scope-region\">Nationwide<", await nationHome.GetStringAsync("/admin?culture=en"));
        Assert.Contains("Subordinate administrators", await zjClient.GetStringAsync("/admin/administrators?culture=en"));
    }

    [Theory, Providers]
    public async Task A_county_administrator_gets_404_for_a_city_another_county_and_itself(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("county_");
        var client = await app.ClientAsAsync(t.Name("sc"));

        Assert.DoesNotContain("data-administrator=", await client.GetStringAsync("/admin/administrators"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/administrators/create")).StatusCode);
        foreach (var id in new[] { t.Hz, t.Gs, t.Sc, t.Zj, t.Nation, 987654L })
        {
            var before = id == 987654L ? null : await app.AdministratorAsync(id);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/administrators/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/administrators/{id}", Form(AdminLevel.County, "330102", before?.Version ?? 0, oneClick: true))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/administrators/{id}/disable", [("version", (before?.Version ?? 0).ToString())])).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/administrators/{id}/enable", [("version", (before?.Version ?? 0).ToString())])).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/administrators/{id}")).StatusCode);
            if (before is not null)
            {
                var after = await app.AdministratorAsync(id);
                Assert.Equal((before.Version, before.RegionCode, before.Enabled, before.CanOneClickAccept), (after.Version, after.RegionCode, after.Enabled, after.CanOneClickAccept));
            }
        }
    }

    [Theory, Providers]
    public async Task A_henan_administrator_gets_404_for_zhejiang_administrators(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("henan_");
        var client = await app.ClientAsAsync(t.Name("ha"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/administrators/{t.Zz}")).StatusCode);
        foreach (var id in new[] { t.Zj, t.Hz, t.Sc, t.Gs, t.Nb })
        {
            var version = (await app.AdministratorAsync(id)).Version;
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/administrators/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/administrators/{id}", Form(AdminLevel.City, "410200", version))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/admin/administrators/{id}/disable", [("version", version.ToString())])).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/administrators/{id}")).StatusCode);
            var after = await app.AdministratorAsync(id);
            Assert.Equal((version, true), (after.Version, after.Enabled));
        }
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/administrators?q=henan_");
        Assert.Equal([t.Zz], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Theory, Providers]
    public async Task A_province_administrator_creates_a_subordinate_for_an_existing_account(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("create_");
        await app.CreateUserAsync("create_new");
        var client = await app.ClientAsAsync(t.Name("zj"));
        Assert.Contains("data-region-picker data-name=\"RegionCode\" data-root=\"33\"", await client.GetStringAsync("/admin/administrators/create"));

        // The plain-text fallback and the picker both post RegionCode; the picker's (last) value wins.
        var response = await client.PostFormAsync("/admin/administrators/create",
            [("UserName", " create_new "), ("Level", "City"), ("RegionCode", "330100"), ("RegionCode", "330200"), ("OneClickAccept", "true"), ("OneClickAccept", "false")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await app.AdministratorIdAsync("create_new");
        Assert.Equal($"/admin/administrators/{id}", response.Headers.Location!.OriginalString);
        var created = await app.AdministratorAsync(id);
        Assert.Equal((AdminLevel.City, "330200", true, false, true, (long?)t.Zj),
            (created.Level, created.RegionCode, created.CanOneClickAccept, created.CanSkipLevelAccept, created.Enabled, created.CreatedById));
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("create_new"))!, PermissionClaims.AdministratorRole));
        }
        var audit = Assert.Single(await app.AuditAsync("Administrator", id.ToString()));
        Assert.Equal("administrator.create", audit.Action);
        Assert.Contains("\"region\":\"330200\"", audit.Details);
        Assert.Contains("浙江省/宁波市", await client.GetStringAsync($"/admin/administrators/{id}"));

        // The new administrator can use the page at once, for its own region.
        var newClient = await app.ClientAsAsync("create_new");
        Assert.Contains("浙江省/宁波市", await newClient.GetStringAsync("/admin/administrators"));
    }

    [Theory, Providers]
    public async Task Creating_is_refused_with_a_clear_message_and_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("refuse_");
        await app.CreateUserAsync("refuse_new");
        var client = await app.ClientAsAsync(t.Name("zj"));
        var count = await app.WithDbAsync(db => db.Set<Administrator>().CountAsync());

        var cases = new (string User, AdminLevel Level, string Region, bool Skip, string Message)[]
        {
            ("refuse_nobody", AdminLevel.City, "330200", false, "账号“refuse_nobody”不存在：下级管理员需要先在政务平台注册账号。"),
            ("refuse_hz", AdminLevel.City, "330200", false, "账号“refuse_hz”已经是管理员。"),
            ("", AdminLevel.City, "330200", false, "请输入下级管理员的登录名。"),
            ("refuse_new", AdminLevel.Province, "330000", false, "只能设置比自己低的管理员级别。"),
            ("refuse_new", AdminLevel.City, "410100", false, "可管理地区必须在您的可管理地区之内。"),
            ("refuse_new", AdminLevel.City, "330102", false, "可管理地区必须是市级地区。"),
            ("refuse_new", AdminLevel.County, "330100", false, "可管理地区必须是县级地区。"),
            ("refuse_new", AdminLevel.City, "339900", false, "地区代码“339900”不存在。"),
            ("refuse_new", AdminLevel.City, "", false, "请选择可管理地区。"),
            ("refuse_new", AdminLevel.City, "330200", true, "越级接收只能由国家管理员授予省级管理员。"),
        };
        foreach (var c in cases)
        {
            var response = await client.PostFormAsync("/admin/administrators/create",
                [("UserName", c.User), ("Level", c.Level.ToString()), ("RegionCode", c.Region), ("SkipLevelAccept", c.Skip ? "true" : "false")]);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(c.Message, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(count, await app.WithDbAsync(db => db.Set<Administrator>().CountAsync()));

        var english = await client.PostFormAsync("/admin/administrators/create?culture=en", [("UserName", "refuse_new"), ("Level", "City"), ("RegionCode", "330102")]);
        Assert.Contains("The manageable region must be a city region.", await english.Content.ReadAsStringAsync());
    }

    [Theory, Providers]
    public async Task A_province_administrator_moves_a_subordinate_within_its_limits(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("edit_");
        var client = await app.ClientAsAsync(t.Name("zj"));
        var url = $"/admin/administrators/{t.Hz}";
        var version = int.Parse(await client.VersionOnAsync(url));

        var moved = await client.PostFormAsync(url, Form(AdminLevel.City, "330200", version));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var demoted = await client.PostFormAsync(url, Form(AdminLevel.County, "330203", version + 1));
        Assert.Equal(HttpStatusCode.Redirect, demoted.StatusCode);
        var outside = await client.PostFormAsync(url, Form(AdminLevel.City, "410100", version + 2));
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("可管理地区必须在您的可管理地区之内。", await outside.Content.ReadAsStringAsync());
        var upward = await client.PostFormAsync(url, Form(AdminLevel.Province, "330000", version + 2));
        Assert.Equal(HttpStatusCode.BadRequest, upward.StatusCode);

        var hz = await app.AdministratorAsync(t.Hz);
        Assert.Equal((AdminLevel.County, "330203", version + 2), (hz.Level, hz.RegionCode, hz.Version));
        var audit = await app.AuditAsync("Administrator", t.Hz.ToString());
        Assert.Equal(["administrator.update", "administrator.update"], audit.Select(a => a.Action));
        Assert.Contains("\"before\":{\"level\":\"city\",\"region\":\"330100\"", audit[0].Details);
    }

    [Theory, Providers]
    public async Task A_province_administrator_grants_one_click_accept_but_not_skip_level_accept(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("grant_");
        var client = await app.ClientAsAsync(t.Name("zj"));
        var url = $"/admin/administrators/{t.Hz}";
        Assert.DoesNotContain("name=\"SkipLevelAccept\"", await client.GetStringAsync(url));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, Form(AdminLevel.City, "330100", 0, oneClick: true))).StatusCode);
        var refused = await client.PostFormAsync(url, Form(AdminLevel.City, "330100", 1, oneClick: true, skipLevel: true));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("越级接收只能由国家管理员授予省级管理员。", await refused.Content.ReadAsStringAsync());
        var hz = await app.AdministratorAsync(t.Hz);
        Assert.Equal((true, false, 1), (hz.CanOneClickAccept, hz.CanSkipLevelAccept, hz.Version));
        // Revoking works the same way.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, Form(AdminLevel.City, "330100", 1, oneClick: false))).StatusCode);
        Assert.False((await app.AdministratorAsync(t.Hz)).CanOneClickAccept);
    }

    [Theory, Providers]
    public async Task Only_a_nation_administrator_grants_skip_level_accept_and_only_to_a_province(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("skip_");
        var client = await app.ClientAsAsync(t.Name("nation"));
        Assert.Contains("name=\"SkipLevelAccept\"", await client.GetStringAsync($"/admin/administrators/{t.Zj}"));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/admin/administrators/{t.Zj}", Form(AdminLevel.Province, "330000", 0, skipLevel: true))).StatusCode);
        Assert.True((await app.AdministratorAsync(t.Zj)).CanSkipLevelAccept);

        var toCity = await client.PostFormAsync($"/admin/administrators/{t.Hz}", Form(AdminLevel.City, "330100", 0, skipLevel: true));
        Assert.Equal(HttpStatusCode.BadRequest, toCity.StatusCode);
        Assert.False((await app.AdministratorAsync(t.Hz)).CanSkipLevelAccept);
        // A province demoted to a city cannot keep it either.
        var demoted = await client.PostFormAsync($"/admin/administrators/{t.Zj}", Form(AdminLevel.City, "330100", 1, skipLevel: true));
        Assert.Equal(HttpStatusCode.BadRequest, demoted.StatusCode);
        Assert.Equal((AdminLevel.Province, true), ((await app.AdministratorAsync(t.Zj)).Level, (await app.AdministratorAsync(t.Zj)).CanSkipLevelAccept));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/admin/administrators/{t.Zj}", Form(AdminLevel.Province, "330000", 1, skipLevel: false))).StatusCode);
        Assert.False((await app.AdministratorAsync(t.Zj)).CanSkipLevelAccept);
    }

    [Theory, Providers]
    public async Task A_stale_edit_gets_a_clear_message_and_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("stale_");
        var first = await app.ClientAsAsync(t.Name("zj"));
        var second = await app.ClientAsAsync(t.Name("nation"));
        var url = $"/admin/administrators/{t.Hz}";
        var version = int.Parse(await first.VersionOnAsync(url));
        Assert.Equal(version, int.Parse(await second.VersionOnAsync(url)));

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync(url, Form(AdminLevel.City, "330200", version))).StatusCode);
        var stale = await second.PostFormAsync(url, Form(AdminLevel.City, "330100", version, oneClick: true));
        var staleDisable = await second.PostFormAsync($"{url}/disable", [("version", version.ToString())]);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("该管理员已被他人修改，您的更改未保存；页面已显示最新内容，请重新修改。", html);
        Assert.Contains($"name=\"Version\" value=\"{version + 1}\"", html); // the form now holds the current state
        Assert.Contains("value=\"330200\"", html);
        Assert.Equal(HttpStatusCode.Conflict, staleDisable.StatusCode);
        var hz = await app.AdministratorAsync(t.Hz);
        Assert.Equal(("330200", false, true, version + 1), (hz.RegionCode, hz.CanOneClickAccept, hz.Enabled, hz.Version));
    }

    [Theory, Providers]
    public async Task A_disabled_administrator_has_no_scope_until_enabled_again(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("disable_");
        var hz = await app.ClientAsAsync(t.Name("hz"));
        var nation = await app.ClientAsAsync(t.Name("nation"));
        Assert.Contains("data-testid=\"scope-region\"", await hz.GetStringAsync("/admin"));

        var disabled = await nation.PostFormAsync($"/admin/administrators/{t.Hz}/disable", [("version", "0")]);

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False((await app.AdministratorAsync(t.Hz)).Enabled);
        var home = await hz.GetStringAsync("/admin");
        Assert.DoesNotContain("data-testid=\"scope-region\"", home);
        Assert.DoesNotContain("330100", home);
        Assert.Contains("data-testid=\"not-administrator\"", await hz.GetStringAsync("/admin/administrators"));
        Assert.Equal(0, (await hz.GetFromJsonAsync<JsonElement>("/api/v1/administrators")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await hz.GetAsync($"/admin/administrators/{t.Sc}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hz.GetAsync("/admin/administrators/create")).StatusCode);
        Assert.Contains(Row(t.Hz), await (await app.ClientAsAsync(t.Name("zj"))).GetStringAsync("/admin/administrators?q=disable_&enabled=false"));

        Assert.Equal(HttpStatusCode.Redirect, (await nation.PostFormAsync($"/admin/administrators/{t.Hz}/enable", [("version", "1")])).StatusCode);
        Assert.Contains("data-testid=\"scope-region\"", await hz.GetStringAsync("/admin"));
        Assert.Equal(["administrator.disable", "administrator.enable"], (await app.AuditAsync("Administrator", t.Hz.ToString())).Select(a => a.Action));
    }

    [Theory, Providers]
    public async Task The_api_lists_and_shows_only_the_callers_subordinates(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("api_");
        var hz = await app.ClientAsAsync(t.Name("hz"));

        var list = await hz.GetFromJsonAsync<JsonElement>("/api/v1/administrators?q=api_");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(new[] { t.Sc, t.Gs }.Order(), list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order());
        var sc = await hz.GetFromJsonAsync<JsonElement>($"/api/v1/administrators/{t.Sc}");
        Assert.Equal(("county", "330102", "浙江省/杭州市/上城区", "api_sc"),
            (sc.GetProperty("level").GetString(), sc.GetProperty("regionCode").GetString(), sc.GetProperty("regionName").GetString(), sc.GetProperty("userName").GetString()));

        var provinces = await (await app.ClientAsAsync(t.Name("nation"))).GetFromJsonAsync<JsonElement>("/api/v1/administrators?q=api_&level=province");
        Assert.Equal(new[] { t.Zj, t.Ha }.Order(), provinces.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await hz.GetAsync("/api/v1/administrators?level=state")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/administrators")).StatusCode);
        await app.CreateUserAsync("api_plain");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAsAsync("api_plain")).GetAsync("/api/v1/administrators")).StatusCode);

        var openApi = await app.CreateClient().GetStringAsync("/api/v1/openapi.json");
        Assert.Contains("/api/v1/administrators/{id}", openApi);
        Assert.Contains("ListAdministrators", openApi);
    }

    [Theory, Providers]
    public async Task Pages_need_the_permission(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateUserAsync("perm_plain");
        var client = await app.ClientAsAsync("perm_plain");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/administrators")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/administrators/create")).StatusCode);
        Assert.DoesNotContain("href=\"/admin/administrators\"", await client.GetStringAsync("/admin"));
    }
}
