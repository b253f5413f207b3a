using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>企业信息变更 after approval (ENT-6): records, the freeze, the automatic check, the reviewer's decision and its scope.</summary>
public class ChangeTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private static Task<ChangeSaveResult> Save(TestApp app, string userId, EnterpriseForm form) =>
        app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(userId, form));

    /// <summary>The automatic check: the workflow's timer, due two minutes after the save, fired by moving the app's clock past it.</summary>
    private static async Task<ChangeStatus> Check(TestApp app, long changeId)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await app.RunAsync(r => r.FireDueTimersAsync());
        return (await ChangeAsync(app, changeId)).Status;
    }

    private static Task<EnterpriseChange> ChangeAsync(TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<EnterpriseChange>().AsNoTracking().Include(c => c.Fields).SingleAsync(c => c.Id == id));

    private static async Task<Administrator> Admin(TestApp app, string name, AdminLevel level, string region)
    {
        await app.CreateAdministratorAsync(name, level, region);
        return await app.AdministratorAsync(await app.AdministratorIdAsync(name));
    }

    [Theory, Providers]
    public async Task An_ordinary_change_applies_at_once_and_is_recorded(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("chg_plain", "普通变更测试有限公司", Code("330102", 101));
        var form = EnterpriseForm.From(e);
        (form.Address, form.Employees, form.Revenue) = ("杭州市上城区新地址8号", "500", "50000");

        var saved = await Save(app, e.UserId, form);
        Assert.True(saved.Succeeded);
        var change = await ChangeAsync(app, Assert.Single(saved.Changes).Id);
        Assert.Equal((false, ChangeStatus.Applied, e.UserId), (change.IsKeyChange, change.Status, change.ChangedByUserId));
        var fields = change.Fields.ToDictionary(f => f.Field, f => (f.Before, f.After));
        Assert.Equal(("杭州市上城区解放路1号", "杭州市上城区新地址8号"), fields["Address"]);
        Assert.Equal(("50", "500"), fields["Employees"]);
        Assert.Equal(("Small", "Medium"), fields["Size"]);
        Assert.Equal(4, fields.Count);
        var now = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("杭州市上城区新地址8号", false, SmeMonitor.Directory.Models.EnterpriseSize.Medium), (now.Address, now.ReportFrozen, now.Size!.Value));

        form.Version = now.Version;
        Assert.Empty((await Save(app, e.UserId, form)).Changes); // nothing changed: no record
        Assert.True((await Save(app, e.UserId, EnterpriseForm.From(e))).Conflict); // the old version
    }

    [Theory, Providers]
    public async Task A_key_change_freezes_the_report_until_the_check_passes_and_applies_it(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("chg_key", "关键变更测试有限公司", Code("330102", 111));
        var form = EnterpriseForm.From(e);
        (form.Name, form.IndustryCode, form.ContactName) = ("关键变更测试新名称有限公司", "3312", "王五");

        var saved = await Save(app, e.UserId, form);
        Assert.True(saved.Succeeded);
        Assert.Equal(2, saved.Changes.Count);
        var key = saved.KeyChange!;
        var frozen = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("关键变更测试有限公司", "3311", "王五", true), (frozen.Name, frozen.IndustryCode, frozen.ContactName, frozen.ReportFrozen));
        Assert.Equal(ChangeStatus.PendingCheck, (await ChangeAsync(app, key.Id)).Status);
        Assert.Equal(["IndustryCode", "Name"], (await ChangeAsync(app, key.Id)).Fields.Select(f => f.Field).Order());

        // One pending key change at a time; ordinary fields still save.
        form = EnterpriseForm.From(frozen);
        form.CreditCode = Code("330102", 112);
        Assert.Contains("正在审核", (await Save(app, e.UserId, form)).Errors[""]);
        form = EnterpriseForm.From(frozen);
        form.Fax = "0571-87654322";
        Assert.True((await Save(app, e.UserId, form)).Succeeded);

        Assert.Equal(ChangeStatus.Applied, await Check(app, key.Id));
        var after = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("关键变更测试新名称有限公司", "3312", false), (after.Name, after.IndustryCode, after.ReportFrozen));
        Assert.NotNull((await ChangeAsync(app, key.Id)).DecidedAt);
        Assert.Equal(ChangeStatus.Applied, await Check(app, key.Id)); // checking again changes nothing
        Assert.Contains((await app.AuditAsync(nameof(EnterpriseChange), key.Id.ToString())).Select(a => a.Action), a => a == "enterprise.change.check.pass");
    }

    [Theory, Providers]
    public async Task A_failed_check_goes_to_the_reviewer_who_approves_or_rejects_once(string provider)
    {
        var app = apps.Get(provider);
        var reviewer = await Admin(app, "chg_reviewer", AdminLevel.County, "330105");
        var other = await app.ApprovedEnterpriseAsync("chg_holder", "已被占用名称有限公司", Code("330105", 121), "330105");
        var e = await app.ApprovedEnterpriseAsync("chg_fail", "检查失败测试有限公司", Code("330105", 122), "330105");
        var form = EnterpriseForm.From(e);
        form.Name = "已被占用名称有限公司";
        var key = (await Save(app, e.UserId, form)).KeyChange!;

        Assert.Equal(ChangeStatus.PendingReview, await Check(app, key.Id));
        var change = await ChangeAsync(app, key.Id);
        Assert.StartsWith("企业名称已存在", change.Reason);
        Assert.True((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);

        // While the name is still taken the reviewer cannot approve; a reason is needed to reject.
        var service = (Func<Func<EnterpriseChangeService, Task<ChangeDecisionResult>>, Task<ChangeDecisionResult>>)(w => app.WithAsync(w));
        Assert.Contains("企业名称已存在", (await service(s => s.ApproveAsync(key.Id, reviewer))).Error);
        Assert.Contains("驳回原因", (await service(s => s.RejectAsync(key.Id, reviewer, " "))).Error);
        Assert.Contains("150", (await service(s => s.RejectAsync(key.Id, reviewer, new string('因', 151)))).Error);

        await app.SetAsync(other.Id, x => x.Name = "改名后的占用企业有限公司");
        Assert.True((await service(s => s.ApproveAsync(key.Id, reviewer))).Succeeded);
        var approved = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("已被占用名称有限公司", false), (approved.Name, approved.ReportFrozen));
        Assert.Equal((ChangeStatus.Applied, reviewer.UserId), ((await ChangeAsync(app, key.Id)).Status, (await ChangeAsync(app, key.Id)).DecidedByUserId));
        Assert.Contains("已被处理", (await service(s => s.RejectAsync(key.Id, reviewer, "太迟了"))).Error);

        // A rejected change keeps the old values and unfreezes too.
        form = EnterpriseForm.From(approved);
        form.CreditCode = other.CreditCode;
        var second = (await Save(app, e.UserId, form)).KeyChange!;
        Assert.Equal(ChangeStatus.PendingReview, await Check(app, second.Id));
        Assert.StartsWith("组织机构代码已存在", (await ChangeAsync(app, second.Id)).Reason);
        Assert.True((await service(s => s.RejectAsync(second.Id, reviewer, "代码与其他企业重复"))).Succeeded);
        var rejected = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal((Code("330105", 122), false), (rejected.CreditCode, rejected.ReportFrozen));
        Assert.Equal((ChangeStatus.Rejected, "代码与其他企业重复"), ((await ChangeAsync(app, second.Id)).Status, (await ChangeAsync(app, second.Id)).Reason));
    }

    [Theory, Providers]
    public async Task The_review_page_shows_only_changes_in_the_administrators_region(string provider)
    {
        var app = apps.Get(provider);
        await Admin(app, "chg_page_gs", AdminLevel.County, "330110");
        await Admin(app, "chg_page_zz", AdminLevel.City, "410100");
        await app.ApprovedEnterpriseAsync("chg_page_holder", "页面占用名称有限公司", Code("330110", 131), "330110");
        var e = await app.ApprovedEnterpriseAsync("chg_page", "页面变更测试有限公司", Code("330110", 132), "330110");
        var form = EnterpriseForm.From(e);
        form.Name = "页面占用名称有限公司";
        var key = (await Save(app, e.UserId, form)).KeyChange!;
        await Check(app, key.Id);
        var detail = $"/admin/enterprises/changes/{key.Id}";

        var outsider = await app.ClientAsAsync("chg_page_zz");
        Assert.DoesNotContain($"data-change-id=\"{key.Id}\"", await outsider.GetStringAsync("/admin/enterprises/changes"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(detail)).StatusCode);
        var token = await outsider.AntiforgeryTokenAsync("/admin/enterprises/changes");
        var post = await outsider.PostAsync(detail + "/reject", new FormUrlEncodedContent([new("reason", "越权"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var enterpriseUser = await app.ClientAsAsync("chg_page");
        Assert.Equal(HttpStatusCode.Forbidden, (await enterpriseUser.GetAsync(detail)).StatusCode);

        var reviewer = await app.ClientAsAsync("chg_page_gs");
        Assert.Contains($"data-change-id=\"{key.Id}\"", await reviewer.GetStringAsync("/admin/enterprises/changes"));
        Assert.Contains("企业名称已存在", await reviewer.GetStringAsync(detail));
        var reject = await reviewer.PostFormAsync(detail + "/reject", [("reason", "名称与其他企业重复")], detail);
        Assert.Equal(HttpStatusCode.Redirect, reject.StatusCode);
        Assert.Equal(ChangeStatus.Rejected, (await ChangeAsync(app, key.Id)).Status);
        Assert.False((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);
    }

    [Theory, Providers]
    public async Task The_page_of_an_approved_enterprise_saves_changes_and_shows_the_freeze(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("chg_web", "网页变更测试有限公司", Code("330102", 141));
        var client = await app.ClientAsAsync("chg_web");
        const string url = "/enterprise/registration";
        var form = EnterpriseForm.From(e);
        form.IndustryCode = "3312";
        var fields = typeof(EnterpriseForm).GetProperties().Where(p => p.PropertyType == typeof(string))
            .Select(p => (p.Name, (string?)p.GetValue(form) ?? "")).ToList();

        var saved = await client.PostFormAsync(url, [.. fields, ("Listed", "false"), ("Version", e.Version.ToString()), ("command", "save")], url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await client.GetStringAsync(url);
        Assert.Contains("data-testid=\"pending-change\"", page);
        Assert.Contains("data-testid=\"save\"", page);
        Assert.True((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);
    }
}
