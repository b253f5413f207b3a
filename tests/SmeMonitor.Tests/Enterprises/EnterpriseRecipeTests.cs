using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>The "enterprises" recipe step: accounts and enterprises imported, checked, idempotent, exported; the demo data.</summary>
public class EnterpriseRecipeTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static async Task<RecipeResult> Apply(TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    private static string Step(params string[] items) =>
        $$"""{ "name": "t", "steps": [ { "name": "enterprises", "enterprises": [ {{string.Join(",", items)}} ] } ] }""";

    private static string Item(string userName, string name, string code, string status = "approved", string extra = "", string phone = "\"0571-88886666\"") =>
        $$"""
        { "userName": "{{userName}}", "displayName": "{{name}}联系人", "phone": "13600000{{userName.Length:D3}}", "status": "{{status}}" {{extra}},
          "enterprise": { "name": "{{name}}", "creditCode": "{{code}}", "legalRepresentative": "赵六", "industryCode": "5211",
            "regionCode": "330106", "registrationType": "私营企业", "holdingType": "私人控股", "revenue": 800.5, "employees": 12,
            "assets": 300, "listed": false, "address": "杭州市西湖区文三路1号", "openedOn": "2010-03-01", "contactName": "赵六",
            "phone": {{phone}} } }
        """;

    [Theory, Providers]
    public async Task Imports_accounts_and_enterprises_once_and_exports_them_again(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("rcp_xh", AdminLevel.County, "330106");
        var reviewer = await app.AdministratorIdAsync("rcp_xh");
        var recipe = Step(
            Item("rcp_a", "配方导入甲有限公司", Code("330106", 201), extra: """, "password": "Pass@12345" """),
            Item("rcp_bb", "配方导入乙有限公司", Code("330106", 202), status: "returned", extra: """, "returnReason": "请补充主营业务" """),
            Item("rcp_ccc", "配方导入丙有限公司", Code("330106", 203), status: "draft"));

        Assert.True((await Apply(app, recipe)).Changes > 0);
        Assert.Equal(0, (await Apply(app, recipe)).Changes);

        var rows = await app.WithDbAsync(db => db.Set<Enterprise>().AsNoTracking().Include(e => e.User)
            .Where(e => new[] { "rcp_a", "rcp_bb", "rcp_ccc" }.Contains(e.User!.UserName!)).OrderBy(e => e.User!.UserName).ToListAsync());
        Assert.Equal(["rcp_a", "rcp_bb", "rcp_ccc"], rows.Select(r => r.User!.UserName));
        Assert.Equal([RegistrationStatus.Approved, RegistrationStatus.Returned, RegistrationStatus.Draft], rows.Select(r => r.Status));
        Assert.All(rows, r => Assert.Equal(EnterpriseSize.Micro, r.Size)); // 零售业: 12 persons but 800.5 千元 < 100 万元
        Assert.Equal([reviewer, reviewer, null], rows.Select(r => r.ReviewerId));
        Assert.Equal("请补充主营业务", rows[1].ReturnReason);
        Assert.Equal(800.5m, rows[0].Revenue);
        Assert.False(rows[0].User!.MustBindPhone);
        Assert.True(rows[1].User!.MustBindPhone); // imported without a password
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            Assert.True(await users.CheckPasswordAsync(rows[0].User!, "Pass@12345"));
        }

        await using (var scope = app.Scope())
        {
            var step = scope.ServiceProvider.GetServices<IRecipeStep>().Single(s => s.Name == "enterprises");
            var exported = (await step.ExportAsync(default))!;
            var item = exported["enterprises"]!.AsArray().Single(x => (string)x!["userName"]! == "rcp_bb")!;
            Assert.Equal(("returned", "请补充主营业务", 800.5m), ((string)item["status"]!, (string)item["returnReason"]!, (decimal)item["enterprise"]!["revenue"]!));
            var again = new JsonObject { ["name"] = "again", ["steps"] = new JsonArray(new JsonObject { ["name"] = "enterprises", ["enterprises"] = Mine(exported) }) };
            Assert.Equal(0, (await Apply(app, again.ToJsonString())).Changes);
        }
    }

    /// <summary>This test's items of an export (other tests of the class share the app).</summary>
    private static JsonArray Mine(JsonObject exported) =>
        new(exported["enterprises"]!.AsArray().Where(x => (string)x!["userName"]! is "rcp_a" or "rcp_bb" or "rcp_ccc")
            .Select(x => x!.DeepClone()).ToArray());

    [Theory, Providers]
    public async Task A_bad_enterprise_fails_the_recipe_at_its_path_and_nothing_is_saved(string provider)
    {
        var app = apps.Get(provider);
        var badCode = Code("330106", 211)[..17] + (Code("330106", 211)[17] == '0' ? '1' : '0');
        var e = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Step(
            Item("rcp_ok", "配方正确企业有限公司", Code("330106", 212)),
            Item("rcp_bad", "配方错误企业有限公司", badCode))));
        Assert.Equal("$.steps[0].enterprises[1].enterprise.creditCode", e.Path);
        Assert.Contains("校验位", e.Reason);
        Assert.Contains("step #1 (enterprises)", e.Message);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "rcp_ok")));

        var missing = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Step(
            Item("rcp_nophone", "缺电话企业有限公司", Code("330106", 213), phone: "null"))));
        Assert.Equal("$.steps[0].enterprises[0].enterprise.phone", missing.Path);

        var status = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Step(Item("rcp_st", "状态错误企业有限公司", Code("330106", 214), status: "done"))));
        Assert.Equal("$.steps[0].enterprises[0].status", status.Path);

        await app.ApprovedEnterpriseAsync("rcp_existing", "配方已存在企业有限公司", Code("330106", 215), "330106");
        var taken = await Assert.ThrowsAsync<RecipeException>(() => Apply(app, Step(Item("rcp_taken", "配方已存在企业有限公司", Code("330106", 216)))));
        Assert.Equal("$.steps[0].enterprises[0].enterprise.name", taken.Path);
        Assert.StartsWith("企业名称已存在", taken.Reason);
    }

    [Theory, Providers]
    public async Task Accounts_without_a_password_get_the_default_password_and_must_bind_a_phone(string provider)
    {
        var app = apps.Get(provider);
        var withOwn = Item("rcp_dp_second", "默认密码乙有限公司", Code("330106", 222), extra: """, "password": "Own@12345" """);
        var recipe = $$"""{ "name": "t", "steps": [ { "name": "enterprises", "defaultPassword": "Init@2026x", "enterprises": [ {{Item("rcp_dp_first", "默认密码甲有限公司", Code("330106", 221))}}, {{withOwn}} ] } ] }""";
        Assert.True((await Apply(app, recipe)).Changes > 0);
        Assert.Equal(0, (await Apply(app, recipe)).Changes);

        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var first = (await users.FindByNameAsync("rcp_dp_first"))!;
        var second = (await users.FindByNameAsync("rcp_dp_second"))!;
        Assert.True(await users.CheckPasswordAsync(first, "Init@2026x"));
        Assert.True(first.MustBindPhone); // ACC-6: the phone is bound before the first sign-in
        Assert.False(await users.CheckPasswordAsync(second, "Init@2026x")); // its own password wins
        Assert.True(await users.CheckPasswordAsync(second, "Own@12345"));

        var weak = await Assert.ThrowsAsync<RecipeException>(() => Apply(app,
            $$"""{ "name": "t", "steps": [ { "name": "enterprises", "defaultPassword": "1", "enterprises": [ {{Item("rcp_dp_weak", "默认密码丙有限公司", Code("330106", 223))}} ] } ] }"""));
        Assert.Equal("$.steps[0].defaultPassword", weak.Path);
    }

    [Theory, Providers]
    public async Task The_demo_recipe_loads_over_200_enterprises_of_every_size(string provider)
    {
        await using var app = new TestApp(provider, ["national.recipe.json", "demo.recipe.json"]);
        var rows = await app.WithDbAsync(db => db.Set<Enterprise>().AsNoTracking()
            .Select(e => new { e.Status, e.Size, e.RegionCode, e.IndustryCode, e.ReviewerId, e.User!.UserName }).ToListAsync());
        Assert.True(rows.Count >= 200, $"{rows.Count} enterprises");
        Assert.Equal(Enum.GetValues<EnterpriseSize>().Cast<EnterpriseSize?>().Order(), rows.Select(r => r.Size).Distinct().Order());
        Assert.Equal(["33", "41"], rows.Select(r => r.RegionCode[..2]).Distinct().Order());
        Assert.True(rows.Select(r => r.RegionCode[..4]).Distinct().Count() >= 4);
        Assert.Contains(rows, r => r.IndustryCode![0] is '0' or '1' or '2' or '3' or '4'); // 工业 (B, C, D)
        Assert.Contains(rows, r => r.IndustryCode![0] is '5' or '6' or '7');
        Assert.InRange(rows.Count(r => r.Status == RegistrationStatus.PendingReview), 15, 25);
        Assert.Contains(rows, r => r.Status == RegistrationStatus.Returned);
        Assert.All(rows, r => Assert.NotNull(r.ReviewerId)); // the demo has a nation administrator

        var demo = rows.Single(r => r.UserName == "ent_demo");
        Assert.Equal((RegistrationStatus.Approved, "330102"), (demo.Status, demo.RegionCode));
        Assert.Equal(await app.AdministratorIdAsync("admin_sc"), demo.ReviewerId);
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("ent_demo"))!, "Demo@12345"));
        Assert.NotNull(await users.FindByNameAsync("ent_new"));
        Assert.DoesNotContain(rows, r => r.UserName == "ent_new");
    }
}
