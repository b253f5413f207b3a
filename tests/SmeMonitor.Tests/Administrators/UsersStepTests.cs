using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Administrators;

public class UsersStepTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static async Task<RecipeResult> Apply(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    private static string Users(params string[] users) =>
        $$"""{ "name": "t", "steps": [ { "name": "users", "users": [ {{string.Join(",", users)}} ] } ] }""";

    private static async Task<User?> FindUser(TestApp app, string userName)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByNameAsync(userName);
    }

    private static async Task<bool> PasswordIs(TestApp app, string userName, string password)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    }

    private static async Task<IList<string>> RolesOf(TestApp app, string userName)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        return await users.GetRolesAsync((await users.FindByNameAsync(userName))!);
    }

    private static Task<Administrator?> AdministratorOf(TestApp app, string userName) =>
        app.WithDbAsync(db => db.Set<Administrator>().AsNoTracking().FirstOrDefaultAsync(a => a.User!.UserName == userName));

    [Theory, Providers]
    public async Task Creates_accounts_with_roles_and_administrators_and_a_second_apply_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var recipe = Users(
            """
            { "userName": "u_zj", "displayName": "浙江省管理员", "password": "Pass@12345", "phone": "13900000001",
              "email": "u_zj@example.test", "roles": [ "ContentEditor" ],
              "administrator": { "level": "province", "region": "330000", "oneClickAccept": true, "skipLevelAccept": true } }
            """,
            """{ "userName": "u_migrated", "displayName": "迁移用户", "roles": [] }""");

        var first = await Apply(app, recipe);
        var second = await Apply(app, recipe);

        Assert.True(first.Changes > 0);
        Assert.Equal(0, second.Changes);
        var zj = (await FindUser(app, "u_zj"))!;
        Assert.Equal("浙江省管理员", zj.DisplayName);
        Assert.Equal("13900000001", zj.PhoneNumber);
        Assert.Equal("u_zj@example.test", zj.Email);
        Assert.False(zj.MustBindPhone);
        Assert.True(await PasswordIs(app, "u_zj", "Pass@12345"));
        Assert.Equal(["Administrator", "ContentEditor"], (await RolesOf(app, "u_zj")).Order());
        var admin = (await AdministratorOf(app, "u_zj"))!;
        Assert.Equal((AdminLevel.Province, "330000", true, true, true),
            (admin.Level, admin.RegionCode, admin.CanOneClickAccept, admin.CanSkipLevelAccept, admin.Enabled));

        var migrated = (await FindUser(app, "u_migrated"))!;
        Assert.True(migrated.MustBindPhone); // ACC-6: no phone, must bind one
        Assert.Null(migrated.PasswordHash);
        Assert.Empty(await RolesOf(app, "u_migrated"));
        Assert.Null(await AdministratorOf(app, "u_migrated"));
    }

    [Theory, Providers]
    public async Task Updates_an_existing_account_but_never_resets_its_password(string provider)
    {
        var app = apps.Get(provider);
        await Apply(app, Users("""{ "userName": "u_keep", "password": "First@12345", "phone": "13900000002", "roles": [ "ContentEditor" ] }"""));

        var result = await Apply(app, Users("""
            { "userName": "u_keep", "displayName": "新名字", "password": "Second@12345", "phone": "13900000003", "roles": [ "QuestionnaireDesigner" ],
              "administrator": { "level": "city", "region": "330100", "enabled": false } }
            """));

        Assert.True(result.Changes > 0);
        Assert.True(await PasswordIs(app, "u_keep", "First@12345"));
        Assert.False(await PasswordIs(app, "u_keep", "Second@12345"));
        var user = (await FindUser(app, "u_keep"))!;
        Assert.Equal(("新名字", "13900000003"), (user.DisplayName, user.PhoneNumber));
        Assert.Equal(["Administrator", "QuestionnaireDesigner"], (await RolesOf(app, "u_keep")).Order());
        var admin = (await AdministratorOf(app, "u_keep"))!;
        Assert.Equal((AdminLevel.City, "330100", false, false), (admin.Level, admin.RegionCode, admin.CanOneClickAccept, admin.Enabled));
    }

    [Theory, Providers]
    public async Task Gives_a_password_to_an_account_created_without_one(string provider)
    {
        var app = apps.Get(provider);
        await Apply(app, Users("""{ "userName": "u_later", "phone": "13900000004" }"""));
        Assert.Null((await FindUser(app, "u_later"))!.PasswordHash);

        await Apply(app, Users("""{ "userName": "u_later", "password": "Later@12345" }"""));

        Assert.True(await PasswordIs(app, "u_later", "Later@12345"));
        Assert.Equal(0, (await Apply(app, Users("""{ "userName": "u_later", "password": "Other@12345" }"""))).Changes);
        Assert.True(await PasswordIs(app, "u_later", "Later@12345"));
    }

    private static readonly (string Bad, string Path, string Reason)[] BadUserCases =
    [
        ("""{ "userName": "bad1", "roles": [ "ContentEditor", "NoSuchRole" ] }""", "$.steps[0].users[1].roles[1]", "unknown role 'NoSuchRole'"),
        ("""{ "userName": "bad2", "administrator": { "level": "city", "region": "339999" } }""", "$.steps[0].users[1].administrator.region", "region '339999' does not exist"),
        ("""{ "userName": "bad3", "administrator": { "level": "province", "region": "330100" } }""", "$.steps[0].users[1].administrator.region", "region '330100' (杭州市) is a city, but the level is province"),
        ("""{ "userName": "bad4", "administrator": { "level": "county", "region": "410100" } }""", "$.steps[0].users[1].administrator.region", "region '410100' (郑州市) is a city, but the level is county"),
        ("""{ "userName": "bad5", "administrator": { "level": "nation", "region": "330000" } }""", "$.steps[0].users[1].administrator.region", "a nation administrator's region is 000000"),
        ("""{ "userName": "bad6", "administrator": { "level": "province", "region": "000000" } }""", "$.steps[0].users[1].administrator.region", "000000 is the nation, but the level is province"),
        ("""{ "userName": "bad7", "administrator": { "level": "city", "region": "330100", "skipLevelAccept": true } }""", "$.steps[0].users[1].administrator.skipLevelAccept", "only a province administrator can have skipLevelAccept"),
        ("""{ "userName": "bad8", "administrator": { "level": "state", "region": "330000" } }""", "$.steps[0].users[1].administrator.level", "must be one of nation, province, city, county"),
        ("""{ "userName": "bad9", "administrator": { "level": "province" } }""", "$.steps[0].users[1].administrator.region", "is required"),
        ("""{ "userName": "bad10", "administrator": "province" }""", "$.steps[0].users[1].administrator", "must be an object, not a string"),
        ("""{ "userName": "bad11", "phone": "12345" }""", "$.steps[0].users[1].phone", "must be an 11-digit mobile number starting with 1"),
        ("""{ "userName": "bad12", "email": "not an address" }""", "$.steps[0].users[1].email", "is not a valid e-mail address"),
        ("""{ "displayName": "无登录名" }""", "$.steps[0].users[1].userName", "is required"),
        ("""{ "userName": "u_ok" }""", "$.steps[0].users[1].userName", "'u_ok' is listed twice (first at $.steps[0].users[0])"),
        ("""{ "userName": "bad13", "administrator": { "level": "province", "region": "330000", "oneClickAccept": "yes" } }""", "$.steps[0].users[1].administrator.oneClickAccept", "must be true or false, not a string"),
    ];

    public static TheoryData<string, string, string, string> BadUsers()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var provider in Providers.All)
            foreach (var (bad, path, reason) in BadUserCases) data.Add(provider, bad, path, reason);
        return data;
    }

    [Theory, MemberData(nameof(BadUsers))]
    public async Task A_bad_user_fails_with_its_json_path_and_changes_nothing(string provider, string bad, string path, string reason)
    {
        var app = apps.Get(provider);
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Users("""{ "userName": "u_ok", "password": "Pass@12345" }""", bad)));
        Assert.Equal((1, "users", path, reason), (e.StepNumber, e.StepName, e.Path, e.Reason));
        Assert.Equal($"step #1 (users) at {path}: {reason}", e.Message);
        Assert.Null(await FindUser(app, "u_ok")); // the good first user was rolled back with the step
    }

    [Theory, Providers]
    public async Task A_password_the_policy_rejects_fails_at_the_password(string provider)
    {
        var app = apps.Get(provider);
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Users("""{ "userName": "u_weak", "password": "1" }""")));
        Assert.Equal("$.steps[0].users[0].password", e.Path);
        Assert.Null(await FindUser(app, "u_weak"));
    }

    [Theory, Providers]
    public async Task Export_lists_staff_accounts_without_passwords_and_reapplies_with_no_changes(string provider)
    {
        var app = apps.Get(provider);
        await Apply(app, Users(
            """
            { "userName": "u_export", "displayName": "导出", "password": "Pass@12345", "phone": "13900000005",
              "administrator": { "level": "county", "region": "330102", "oneClickAccept": true } }
            """,
            """{ "userName": "u_enterprise", "password": "Pass@12345", "phone": "13900000006" }"""));

        JsonObject recipe;
        await using (var scope = app.Scope())
            recipe = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExportAsync("export");

        var steps = recipe["steps"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        Assert.True(steps.IndexOf("users") > steps.IndexOf("roles"));
        var users = recipe["steps"]!.AsArray().Single(s => (string)s!["name"]! == "users")!;
        Assert.DoesNotContain("password", users.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("u_enterprise", users.ToJsonString()); // no role, no administrator: not configuration
        var exported = users["users"]!.AsArray().Single(u => (string)u!["userName"]! == "u_export")!;
        Assert.Equal("""{"userName":"u_export","displayName":"导出","phone":"13900000005","roles":["Administrator"],"administrator":{"level":"county","region":"330102","oneClickAccept":true,"skipLevelAccept":false,"enabled":true}}""",
            exported.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var again = new JsonObject { ["name"] = "again", ["steps"] = new JsonArray(users.DeepClone()) };
        Assert.Equal(0, (await Apply(app, again.ToJsonString())).Changes);
    }

    [Theory, Providers]
    public async Task The_demo_and_province_recipes_apply_in_either_order_and_are_idempotent(string provider)
    {
        await using var app = new TestApp(provider);
        await using (var scope = app.Scope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
            string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "recipes", name);
            // Zhejiang before the demo (its administrator has no password yet), Henan after it.
            foreach (var recipe in new[] { "provinces/zhejiang.recipe.json", "demo.recipe.json", "provinces/henan.recipe.json" })
                await executor.ApplyFileAsync(Path(recipe));
            // The provinces' administrators agree with the demo's: nothing to change.
            Assert.Equal(0, (await executor.ApplyFileAsync(Path("demo.recipe.json"))).Changes);
            // Each recipe applied again right after itself changes nothing (their settings differ from each other's).
            foreach (var recipe in new[] { "national.recipe.json", "provinces/zhejiang.recipe.json", "provinces/henan.recipe.json" })
            {
                await executor.ApplyFileAsync(Path(recipe));
                Assert.Equal(0, (await executor.ApplyFileAsync(Path(recipe))).Changes);
            }
        }

        var expected = new (string User, AdminLevel? Level, string? Region, string Role)[]
        {
            ("admin_nation", AdminLevel.Nation, "000000", "Administrator"), ("admin_zj", AdminLevel.Province, "330000", "Administrator"),
            ("admin_hz", AdminLevel.City, "330100", "Administrator"), ("admin_sc", AdminLevel.County, "330102", "Administrator"),
            ("admin_ha", AdminLevel.Province, "410000", "Administrator"), ("admin_zz", AdminLevel.City, "410100", "Administrator"),
            ("superadmin", null, null, "SuperAdmin"), ("editor", AdminLevel.Nation, "000000", "ContentEditor"), ("designer", null, null, "QuestionnaireDesigner"),
        };
        var phones = new HashSet<string>();
        foreach (var (userName, level, region, role) in expected)
        {
            var user = (await FindUser(app, userName))!;
            Assert.True(await PasswordIs(app, userName, "Demo@12345"), userName);
            Assert.Matches(@"^1380000\d{4}$", user.PhoneNumber);
            Assert.True(phones.Add(user.PhoneNumber!), $"{userName}: phone {user.PhoneNumber} is used twice");
            Assert.Contains(role, await RolesOf(app, userName));
            var admin = await AdministratorOf(app, userName);
            Assert.Equal((level, region), (admin?.Level, admin?.RegionCode));
        }
        Assert.True((await AdministratorOf(app, "admin_zj"))!.CanSkipLevelAccept);
        Assert.False((await AdministratorOf(app, "admin_ha"))!.CanSkipLevelAccept);
    }
}
