using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>暂存, 提交审核, uniqueness, 退回 → resubmit, stale edits; the page and the API (ENT-1..4).</summary>
public class RegistrationFlowTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static Task<RegistrationResult> Draft(TestApp app, string userId, EnterpriseForm form) =>
        app.WithAsync<RegistrationService, RegistrationResult>(s => s.SaveDraftAsync(userId, form));

    private static Task<RegistrationResult> Submit(TestApp app, string userId, EnterpriseForm form) =>
        app.WithAsync<RegistrationService, RegistrationResult>(s => s.SubmitAsync(userId, form));

    [Theory, Providers]
    public async Task A_draft_saves_partial_data_checking_only_what_is_filled(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync("reg_draft");

        var bad = await Draft(app, user.Id, new EnterpriseForm { Name = "草稿企业", Postcode = "31" });
        Assert.Equal([nameof(Enterprise.Postcode)], bad.Errors.Keys);
        Assert.False(await app.WithDbAsync(db => db.Set<Enterprise>().AnyAsync(e => e.UserId == user.Id)));

        var saved = await Draft(app, user.Id, new EnterpriseForm { Name = "草稿企业", IndustryCode = "3311", Revenue = "5000" });
        Assert.True(saved.Succeeded);
        var e = await app.EnterpriseOfAsync(user.Id);
        Assert.Equal((RegistrationStatus.Draft, "3311", 5000m, (EnterpriseSize?)null, (long?)null), (e.Status, e.IndustryCode, e.Revenue!.Value, e.Size, e.ReviewerId));
        var audit = await app.AuditAsync(nameof(Enterprise), e.Id.ToString());
        Assert.Equal("enterprise.draft", Assert.Single(audit).Action);
    }

    [Theory, Providers]
    public async Task Submitting_computes_the_size_and_assigns_the_deepest_enabled_administrator(string provider)
    {
        var app = apps.Get(provider);
        // 330106 西湖区 has a county and a city administrator; 330108 滨江区 only the city's.
        await app.CreateAdministratorAsync("reg_hz_city", AdminLevel.City, "330100");
        await app.CreateAdministratorAsync("reg_xh_county", AdminLevel.County, "330106");
        var county = await app.AdministratorIdAsync("reg_xh_county");
        var city = await app.AdministratorIdAsync("reg_hz_city");
        var a = await app.CreateUserAsync("reg_submit_a");
        var b = await app.CreateUserAsync("reg_submit_b");

        var form = CompleteForm("西湖测试机械有限公司", Code("330106", 11), "330106");
        form.Employees = "400";
        form.Revenue = "50000";
        Assert.True((await Submit(app, a.Id, form)).Succeeded);
        Assert.True((await Submit(app, b.Id, CompleteForm("滨江测试机械有限公司", Code("330108", 12), "330108"))).Succeeded);

        var ea = await app.EnterpriseOfAsync(a.Id);
        Assert.Equal((RegistrationStatus.PendingReview, EnterpriseSize.Medium, county), (ea.Status, ea.Size, ea.ReviewerId));
        Assert.NotNull(ea.SubmittedAt);
        var eb = await app.EnterpriseOfAsync(b.Id);
        Assert.Equal((EnterpriseSize.Small, city), (eb.Size!.Value, eb.ReviewerId!.Value));

        // A disabled county administrator is passed over; between equals the lowest id wins.
        await app.WithDbAsync(async db =>
        {
            (await db.Set<Administrator>().SingleAsync(x => x.Id == county)).Enabled = false;
            return await db.SaveChangesAsync();
        });
        await app.CreateAdministratorAsync("reg_hz_city2", AdminLevel.City, "330100");
        Assert.Equal(city, (await app.WithAsync<DirectReviewer, Administrator?>(r => r.FindAsync("330106")))!.Id);
        Assert.Null(await app.WithAsync<DirectReviewer, Administrator?>(r => r.FindAsync("650102"))); // nobody covers Urumqi here
    }

    [Theory, Providers]
    public async Task A_second_account_cannot_register_an_existing_name_or_code(string provider)
    {
        var app = apps.Get(provider);
        var first = await app.CreateUserAsync("reg_dup_1");
        var second = await app.CreateUserAsync("reg_dup_2");
        var code = Code("330102", 21);
        Assert.True((await Submit(app, first.Id, CompleteForm("重复测试有限公司", code))).Succeeded);

        var sameName = await Draft(app, second.Id, CompleteForm("重复测试有限公司", Code("330102", 22)));
        Assert.StartsWith("企业名称已存在", sameName.Errors[nameof(Enterprise.Name)]);
        var sameCode = await Submit(app, second.Id, CompleteForm("另一家测试有限公司", code.ToLowerInvariant()));
        Assert.StartsWith("组织机构代码已存在", sameCode.Errors[nameof(Enterprise.CreditCode)]);
        Assert.Contains("地方管理员", sameCode.Errors[nameof(Enterprise.CreditCode)]);
        Assert.False(await app.WithDbAsync(db => db.Set<Enterprise>().AnyAsync(e => e.UserId == second.Id)));
    }

    [Theory, Providers]
    public async Task A_returned_registration_shows_the_reason_and_can_be_resubmitted(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync("reg_returned");
        var saved = await Submit(app, user.Id, CompleteForm("退回测试有限公司", Code("330102", 31)));
        await app.SetAsync(saved.Enterprise!.Id, e => (e.Status, e.ReturnReason) = (RegistrationStatus.Returned, "营业收入单位有误"));

        var client = await app.ClientAsAsync("reg_returned");
        var page = await client.GetStringAsync("/enterprise/registration");
        Assert.Contains("营业收入单位有误", page);
        Assert.Contains("data-testid=\"submit\"", page);

        var e = await app.EnterpriseOfAsync(user.Id);
        var form = EnterpriseForm.From(e);
        form.Revenue = "6000";
        Assert.True((await Draft(app, user.Id, form)).Succeeded);
        Assert.Equal(RegistrationStatus.Returned, (await app.EnterpriseOfAsync(user.Id)).Status); // a draft keeps it returned
        form.Version = (await app.EnterpriseOfAsync(user.Id)).Version;
        Assert.True((await Submit(app, user.Id, form)).Succeeded);
        e = await app.EnterpriseOfAsync(user.Id);
        Assert.Equal((RegistrationStatus.PendingReview, (string?)null, 6000m), (e.Status, e.ReturnReason, e.Revenue!.Value));
    }

    [Theory, Providers]
    public async Task A_stale_form_and_a_pending_registration_are_refused(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync("reg_stale");
        Assert.True((await Draft(app, user.Id, new EnterpriseForm { Name = "版本测试有限公司" })).Succeeded);
        // Two windows opened version 0; the first saves, the second is refused.
        Assert.True((await Draft(app, user.Id, new EnterpriseForm { Name = "版本测试有限公司", Postcode = "310000", Version = 0 })).Succeeded);
        var stale = await Draft(app, user.Id, new EnterpriseForm { Name = "版本测试有限公司", Address = "旧页面", Version = 0 });
        Assert.True(stale.Conflict);
        Assert.Null((await app.EnterpriseOfAsync(user.Id)).Address);

        var e = await app.EnterpriseOfAsync(user.Id);
        var form = CompleteForm("版本测试有限公司", Code("330102", 41));
        form.Version = e.Version;
        Assert.True((await Submit(app, user.Id, form)).Succeeded);
        form.Version = (await app.EnterpriseOfAsync(user.Id)).Version;
        var whilePending = await Draft(app, user.Id, form);
        Assert.Contains("审核期间不能修改", whilePending.Errors[""]);

        var page = await (await app.ClientAsAsync("reg_stale")).GetStringAsync("/enterprise/registration");
        Assert.Contains("data-testid=\"pending-notice\"", page);
        Assert.DoesNotContain("data-testid=\"submit\"", page);
    }

    [Theory, Providers]
    public async Task The_page_saves_a_draft_and_submits_with_field_errors_and_antiforgery(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync("reg_page");
        var client = await app.ClientAsAsync("reg_page");
        const string url = "/enterprise/registration";
        Assert.Contains("Submit for review", await client.GetStringAsync(url + "?culture=en"));

        var noToken = await client.PostAsync(url, new FormUrlEncodedContent([new("Name", "页面测试有限公司"), new("command", "draft")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<Enterprise>().AnyAsync(e => e.UserId == user.Id)));

        var form = CompleteForm("页面测试有限公司", Code("330102", 51));
        var fields = typeof(EnterpriseForm).GetProperties().Where(p => p.PropertyType == typeof(string))
            .Select(p => (p.Name, (string?)p.GetValue(form) ?? "")).ToList();
        var bad = await client.PostFormAsync(url, [.. fields.Where(f => f.Name != "Phone" && f.Name != "Mobile"), ("command", "submit")], url);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-testid=\"error-Phone\"", await bad.Content.ReadAsStringAsync());

        var ok = await client.PostFormAsync(url, [.. fields, ("Listed", "false"), ("command", "submit")], url);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var e = await app.EnterpriseOfAsync(user.Id);
        Assert.Equal((RegistrationStatus.PendingReview, EnterpriseSize.Small), (e.Status, e.Size!.Value));
        Assert.Contains("小型", await client.GetStringAsync(url));
    }

    [Theory, Providers]
    public async Task Administrators_do_not_get_the_form_or_the_api(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("reg_admin", AdminLevel.County, "330102");
        var client = await app.ClientAsAsync("reg_admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/enterprise/registration")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/enterprises/registration")).StatusCode);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/enterprise/registration")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/enterprises/registration")).StatusCode);
    }

    [Theory, Providers]
    public async Task The_api_saves_submits_and_reports_field_errors_by_key(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateUserAsync("reg_api");
        var client = await app.ClientAsAsync("reg_api");
        const string url = "/api/v1/enterprises/registration";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);

        var draft = await client.PostAsJsonAsync(url, new { submit = false, version = 0, name = "接口测试有限公司", revenue = 5000, postcode = "3100" });
        Assert.Equal(HttpStatusCode.BadRequest, draft.StatusCode);
        var problem = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!;
        Assert.Contains("6位", (string)problem["errors"]!["postcode"]![0]!);

        var english = await client.PostAsJsonAsync(url + "?culture=en", new { submit = false, version = 0, name = "接口测试有限公司", postcode = "3100" });
        Assert.Equal("The postcode must be 6 digits.", (string)JsonNode.Parse(await english.Content.ReadAsStringAsync())!["errors"]!["postcode"]![0]!);

        draft = await client.PostAsJsonAsync(url, new { submit = false, version = 0, name = "接口测试有限公司", revenue = 5000 });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var saved = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!;
        Assert.Equal("draft", (string)saved["status"]!);
        var version = (int)saved["version"]!;

        var stale = await client.PostAsJsonAsync(url, new { submit = false, version = version + 5, name = "接口测试有限公司" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var submit = await client.PostAsJsonAsync(url, new
        {
            submit = true, version, name = "接口测试有限公司", creditCode = Code("330102", 61), legalRepresentative = "张三", industryCode = "3311",
            regionCode = "330102", registrationType = "私营企业", holdingType = "私人控股", revenue = 5000, employees = 50, assets = 3000,
            address = "杭州市上城区", openedOn = "2016-01-01", contactName = "李四", mobile = "13912345678",
        });
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        var own = JsonNode.Parse(await client.GetStringAsync(url))!;
        Assert.Equal(("pending", "Small"), ((string)own["status"]!, (string)own["size"]!));

        var missing = await client.PostAsJsonAsync(url, new { submit = true });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode); // still pending: refused as a whole
        Assert.NotNull(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["errors"]![""]);
    }
}
