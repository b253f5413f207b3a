using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Enterprises.Workflows;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Directory;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>
/// Registration review and the key-field check as the platform's workflows (definitions in the national recipe):
/// started by 提交审核 and by a key-field change, resumed by the reviewers' pages, timed by the durable timer.
/// </summary>
public class EnterpriseWorkflowTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const string Queue = "/admin/enterprises/registrations";
    private static readonly TimeSpan CheckDelay = TimeSpan.FromMinutes(2);

    private static Task<List<WorkflowInstance>> InstancesAsync(TestApp app, WorkflowSubject subject) =>
        app.WithDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking()
            .Where(i => i.SubjectType == subject.Type && i.SubjectId == subject.Id).OrderBy(i => i.Id).ToListAsync());

    private static Task<EnterpriseChange> ChangeAsync(TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<EnterpriseChange>().AsNoTracking().SingleAsync(c => c.Id == id));

    private static Task<WorkflowTimer> TimerAsync(TestApp app, long instanceId) =>
        app.WithDbAsync(db => db.Set<WorkflowTimer>().AsNoTracking().SingleAsync(t => t.InstanceId == instanceId));

    private static async Task<Enterprise> SubmitAsync(TestApp app, string userName, string name, string code, string region = "330102")
    {
        var user = await app.CreateUserAsync(userName);
        var saved = await app.WithAsync<RegistrationService, RegistrationResult>(s => s.SubmitAsync(user.Id, CompleteForm(name, code, region)));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        return saved.Enterprise!;
    }

    private static async Task<string> AccountPhoneAsync(TestApp app, string userId) =>
        (await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId))).PhoneNumber!;

    /// <summary>Saves a new industry (a key field) for the approved enterprise: the key change record.</summary>
    private static async Task<EnterpriseChange> ChangeIndustryAsync(TestApp app, Enterprise e, string industry = "3312", string? name = null)
    {
        var form = EnterpriseForm.From(e);
        form.IndustryCode = industry;
        if (name is not null) form.Name = name;
        var saved = await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(e.UserId, form));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        return saved.KeyChange!;
    }

    private static Task<int> FireAsync(TestApp app) => app.RunAsync(r => r.FireDueTimersAsync());

    [Theory, Providers]
    public async Task Submitting_starts_the_review_and_approving_on_the_page_sends_the_workflows_one_sms(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("wfr_sc", AdminLevel.County, "330102");
        var e = await SubmitAsync(app, "wfr_e", "流程审核测试有限公司", Code("330102", 301));
        var subject = EnterpriseWorkflows.SubjectOf(e.Id);

        var instance = Assert.Single(await InstancesAsync(app, subject));
        Assert.Equal((EnterpriseWorkflows.Registration, WorkflowStatus.Waiting, "review"), (instance.WorkflowName, instance.Status, instance.BlockingActivityId));
        Assert.Equal("流程审核测试有限公司", instance.GetVariables()[EnterpriseWorkflows.EnterpriseNameVariable]);
        Assert.Equal(["approve", "return"], (await app.RunAsync(r => r.FindTaskAsync(subject)))!.Actions);

        var client = await app.ClientAsAsync("wfr_sc");
        var approved = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(RegistrationStatus.Approved, (await app.EnterpriseAsync(e.Id))!.Status);
        var sms = Assert.Single(await app.SmsToAsync(await AccountPhoneAsync(app, e.UserId)));
        Assert.Equal("【中小企业运行监测平台】您的企业“流程审核测试有限公司”注册信息已审核通过，请登录平台报送数据。", sms.Body);
        var done = Assert.Single(await InstancesAsync(app, subject));
        Assert.Equal((WorkflowStatus.Finished, "approve"), (done.Status, done.GetVariables()["action"]));
        Assert.Equal(await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "wfr_sc").Select(u => u.Id).SingleAsync()),
            done.GetVariables()["userId"]);

        // The page again: nothing waits any more, so nothing changes and no second SMS.
        var again = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", (await app.EnterpriseAsync(e.Id))!.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(await app.SmsToAsync(await AccountPhoneAsync(app, e.UserId)));
    }

    [Theory, Providers]
    public async Task Returning_ends_the_review_without_sms_and_resubmitting_starts_a_new_one(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("wft_sc", AdminLevel.County, "330102");
        var e = await SubmitAsync(app, "wft_e", "流程退回测试有限公司", Code("330102", 311));
        var subject = EnterpriseWorkflows.SubjectOf(e.Id);
        var scope = await app.ScopeOfAsync("wft_sc");

        var result = await app.WithAsync<RegistrationReview, ReviewResult>(r => r.ReturnAsync(scope, e.Id, " 请补充主营业务 ", e.Version));
        Assert.True(result.Succeeded, result.Error);
        var returned = (await app.EnterpriseAsync(e.Id))!;
        Assert.Equal((RegistrationStatus.Returned, "请补充主营业务"), (returned.Status, returned.ReturnReason));
        Assert.Empty(await app.SmsToAsync(await AccountPhoneAsync(app, e.UserId)));
        var first = Assert.Single(await InstancesAsync(app, subject));
        Assert.Equal((WorkflowStatus.Finished, "请补充主营业务"), (first.Status, first.GetVariables()["reason"]));
        Assert.Null(await app.RunAsync(r => r.FindWaitingAsync(subject)));

        var form = EnterpriseForm.From(returned);
        form.MainBusiness = "钢结构制造与安装";
        var resubmitted = await app.WithAsync<RegistrationService, RegistrationResult>(s => s.SubmitAsync(e.UserId, form));
        Assert.True(resubmitted.Succeeded);
        var instances = await InstancesAsync(app, subject);
        Assert.Equal(2, instances.Count);
        Assert.Equal((WorkflowStatus.Waiting, "review"), (instances[1].Status, instances[1].BlockingActivityId));
        Assert.Equal(RegistrationStatus.PendingReview, (await app.EnterpriseAsync(e.Id))!.Status);

        Assert.True((await app.WithAsync<RegistrationReview, ReviewResult>(r => r.ApproveAsync(scope, e.Id))).Succeeded);
        Assert.Single(await app.SmsToAsync(await AccountPhoneAsync(app, e.UserId)));
    }

    [Theory, Providers]
    public async Task A_key_change_is_frozen_until_the_timer_fires_then_the_check_applies_and_unfreezes_it(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.ApprovedEnterpriseAsync("wfc_pass", "流程变更通过测试有限公司", Code("330102", 321));
        var key = await ChangeIndustryAsync(app, e);
        var subject = EnterpriseWorkflows.ChangeSubjectOf(key.Id);

        Assert.True((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);
        var instance = Assert.Single(await InstancesAsync(app, subject));
        Assert.Equal((EnterpriseWorkflows.Change, WorkflowStatus.Waiting, "wait"), (instance.WorkflowName, instance.Status, instance.BlockingActivityId));
        var timer = await TimerAsync(app, instance.Id);
        Assert.InRange((timer.DueAt - instance.CreatedAt).TotalSeconds, CheckDelay.TotalSeconds, CheckDelay.TotalSeconds + 5);
        Assert.Null(await app.RunAsync(r => r.FindTaskAsync(subject))); // a timer is no task for a person

        await FireAsync(app);
        app.Clock.Advance(CheckDelay - TimeSpan.FromSeconds(30));
        await FireAsync(app);
        Assert.Null((await TimerAsync(app, instance.Id)).FiredAt);
        Assert.Equal(ChangeStatus.PendingCheck, (await ChangeAsync(app, key.Id)).Status);
        var frozen = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("3311", true), (frozen.IndustryCode, frozen.ReportFrozen));

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await FireAsync(app) >= 1);
        Assert.NotNull((await TimerAsync(app, instance.Id)).FiredAt);
        var change = await ChangeAsync(app, key.Id);
        Assert.Equal(ChangeStatus.Applied, change.Status);
        Assert.Null(change.DecidedByUserId);
        var applied = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("3312", false), (applied.IndustryCode, applied.ReportFrozen)); // 解除冻结
        Assert.Equal(WorkflowStatus.Finished, Assert.Single(await InstancesAsync(app, subject)).Status);
        var actions = (await app.AuditAsync(nameof(EnterpriseChange), key.Id.ToString())).Select(a => a.Action).ToList();
        Assert.Equal(["enterprise.change.freeze", "workflow.start", "enterprise.change.check.pass", "workflow.timer"], actions);
    }

    [Theory, Providers]
    public async Task A_failed_check_waits_for_the_reviewer_who_approves_or_rejects_through_the_workflow(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("wff_gs", AdminLevel.County, "330105");
        var reviewer = await app.AdministratorAsync(await app.AdministratorIdAsync("wff_gs"));
        var reviewerUserId = reviewer.UserId;
        var holder = await app.ApprovedEnterpriseAsync("wff_holder", "流程占用名称有限公司", Code("330105", 331), "330105");
        var e = await app.ApprovedEnterpriseAsync("wff_e", "流程检查失败测试有限公司", Code("330105", 332), "330105");
        var key = await ChangeIndustryAsync(app, e, name: "流程占用名称有限公司");
        var subject = EnterpriseWorkflows.ChangeSubjectOf(key.Id);

        app.Clock.Advance(CheckDelay + TimeSpan.FromSeconds(1));
        await FireAsync(app);
        var failed = await ChangeAsync(app, key.Id);
        Assert.Equal(ChangeStatus.PendingReview, failed.Status);
        Assert.StartsWith("企业名称已存在", failed.Reason);
        Assert.True((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);
        var task = (await app.RunAsync(r => r.FindTaskAsync(subject)))!;
        Assert.Equal("review", task.ActivityId);
        Assert.Equal(["approve", "reject"], task.Actions);

        // Refused while the name is still taken: the task keeps waiting.
        var client = await app.ClientAsAsync("wff_gs");
        var detail = $"/admin/enterprises/changes/{key.Id}";
        var refused = await client.PostFormAsync(detail + "/approve", [], detail);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("企业名称已存在", await refused.Content.ReadAsStringAsync());
        Assert.NotNull(await app.RunAsync(r => r.FindTaskAsync(subject)));

        await app.SetAsync(holder.Id, x => x.Name = "流程占用名称已改名有限公司");
        var ok = await client.PostFormAsync(detail + "/approve", [], detail);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var applied = await ChangeAsync(app, key.Id);
        Assert.Equal((ChangeStatus.Applied, reviewerUserId), (applied.Status, applied.DecidedByUserId));
        var after = await app.EnterpriseOfAsync(e.UserId);
        Assert.Equal(("流程占用名称有限公司", "3312", false), (after.Name, after.IndustryCode, after.ReportFrozen));
        Assert.Equal(WorkflowStatus.Finished, Assert.Single(await InstancesAsync(app, subject)).Status);
        Assert.Contains("已被处理", await (await client.PostFormAsync(detail + "/reject", [("reason", "太迟了")], detail)).Content.ReadAsStringAsync());

        // The next change fails too (the code is taken); two reviewers at once: exactly one decides.
        var form = EnterpriseForm.From(after);
        form.CreditCode = holder.CreditCode;
        var second = (await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(e.UserId, form))).KeyChange!;
        app.Clock.Advance(CheckDelay + TimeSpan.FromSeconds(1));
        await FireAsync(app);
        Assert.Equal(ChangeStatus.PendingReview, (await ChangeAsync(app, second.Id)).Status);
        await app.CreateAdministratorAsync("wff_hz", AdminLevel.City, "330100");
        var city = await app.AdministratorAsync(await app.AdministratorIdAsync("wff_hz"));
        await using var a = app.Scope();
        await using var b = app.Scope();
        var results = await Task.WhenAll(
            Task.Run(() => a.ServiceProvider.GetRequiredService<EnterpriseChangeService>().RejectAsync(second.Id, reviewer, "代码与其他企业重复")),
            Task.Run(() => b.ServiceProvider.GetRequiredService<EnterpriseChangeService>().RejectAsync(second.Id, city, "统一社会信用代码重复")));
        Assert.Single(results, r => r.Succeeded);
        Assert.Contains("已被处理", Assert.Single(results, r => !r.Succeeded).Error);
        var rejected = await ChangeAsync(app, second.Id);
        Assert.Equal(ChangeStatus.Rejected, rejected.Status);
        Assert.Contains(rejected.Reason, new[] { "代码与其他企业重复", "统一社会信用代码重复" });
        Assert.Equal((Code("330105", 332), false), ((await app.EnterpriseOfAsync(e.UserId)).CreditCode, (await app.EnterpriseOfAsync(e.UserId)).ReportFrozen));
        Assert.Single(await app.AuditAsync(nameof(EnterpriseChange), second.Id.ToString()), x => x.Action == "enterprise.change.reject");
    }

    [Theory, Providers]
    public async Task The_check_delay_setting_is_honoured(string provider)
    {
        await using var app = new TestApp(provider);
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync("Enterprises.ChangeCheckDelaySeconds", JsonValue.Create(60));
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        var e = await app.ApprovedEnterpriseAsync("wfd_e", "流程延时测试有限公司", Code("330102", 341));
        var key = await ChangeIndustryAsync(app, e);
        var instance = Assert.Single(await InstancesAsync(app, EnterpriseWorkflows.ChangeSubjectOf(key.Id)));
        Assert.InRange(((await TimerAsync(app, instance.Id)).DueAt - instance.CreatedAt).TotalSeconds, 60, 65);

        Assert.Equal(0, await FireAsync(app));
        app.Clock.Advance(TimeSpan.FromSeconds(66));
        Assert.Equal(1, await FireAsync(app));
        Assert.Equal(ChangeStatus.Applied, (await ChangeAsync(app, key.Id)).Status);
        Assert.False((await app.EnterpriseOfAsync(e.UserId)).ReportFrozen);
    }

    [Theory, Providers]
    public async Task The_demos_pending_enterprise_has_its_review_and_can_be_approved(string provider)
    {
        await using var app = new TestApp(provider, ["national.recipe.json", "demo.recipe.json"]);
        var pending = await app.WithDbAsync(db => db.Set<Enterprise>().AsNoTracking()
            .Where(e => e.Status == RegistrationStatus.PendingReview).OrderBy(e => e.Id).ToListAsync());
        Assert.NotEmpty(pending);
        var waiting = await app.WithDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking()
            .Where(i => i.WorkflowName == EnterpriseWorkflows.Registration && i.Status == WorkflowStatus.Waiting).Select(i => i.SubjectId).ToListAsync());
        Assert.Equal(pending.Select(e => e.Id.ToString()).Order(), waiting.Order());

        var e = pending[0];
        var reviewer = await app.AdministratorAsync(e.ReviewerId!.Value);
        var result = await app.WithAsync<RegistrationReview, ReviewResult>(r => r.ApproveAsync(RegionScope.For(reviewer), e.Id, e.Version));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(RegistrationStatus.Approved, (await app.EnterpriseAsync(e.Id))!.Status);
        Assert.Single(await app.SmsToAsync(await AccountPhoneAsync(app, e.UserId)));
    }

    [Theory, Providers]
    public async Task Recipes_start_reviews_once_and_the_national_workflows_step_reapplies_without_changes(string provider)
    {
        var app = apps.Get(provider);
        const string recipe = """
            { "name": "wf-pending", "steps": [ { "name": "enterprises", "enterprises": [
              { "userName": "wfi_pending", "phone": "13600000777", "status": "pending",
                "enterprise": { "name": "流程导入待审核有限公司", "creditCode": "CODE", "legalRepresentative": "赵六", "industryCode": "5211",
                  "regionCode": "330106", "registrationType": "私营企业", "holdingType": "私人控股", "revenue": 800.5, "employees": 12,
                  "assets": 300, "listed": false, "address": "杭州市西湖区文三路1号", "openedOn": "2010-03-01", "contactName": "赵六",
                  "phone": "0571-88886666" } } ] } ] }
            """;
        var json = recipe.Replace("CODE", Code("330106", 351));
        await using (var scope = app.Scope())
        {
            var executor = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
            Assert.True((await executor.ApplyAsync(json, null)).Changes > 0);
        }
        await using (var scope = app.Scope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null)).Changes);
        var id = await app.WithDbAsync(db => db.Set<Enterprise>().Where(e => e.Name == "流程导入待审核有限公司").Select(e => e.Id).SingleAsync());
        Assert.Equal(WorkflowStatus.Waiting, Assert.Single(await InstancesAsync(app, EnterpriseWorkflows.SubjectOf(id))).Status);

        var national = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(NationalData.RecipesFolder, "national.recipe.json")))!;
        var workflows = national["steps"]!.AsArray().Single(s => (string)s!["name"]! == "workflows")!.DeepClone();
        var only = new JsonObject { ["name"] = "national-workflows", ["steps"] = new JsonArray(workflows) };
        await using (var scope = app.Scope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(only.ToJsonString(), null)).Changes);
        var names = await app.WithDbAsync(db => db.Set<WorkflowDefinition>().AsNoTracking().Select(d => d.Name).ToListAsync());
        Assert.Contains(EnterpriseWorkflows.Registration, names);
        Assert.Contains(EnterpriseWorkflows.Change, names);
    }

    [Theory, Providers]
    public async Task Without_the_workflow_definitions_nothing_skips_the_review_and_nothing_changes(string provider)
    {
        await using var app = new TestApp(provider);
        var approved = await app.ApprovedEnterpriseAsync("wfm_ok", "流程缺失前已通过有限公司", Code("330102", 361));
        await app.CreateAdministratorAsync("wfm_sc", AdminLevel.County, "330102");
        var pending = await app.CreateEnterpriseAsync("wfm_pending", "330102");
        // Through the change tracker, as the app changes definitions: the runtime's kept copies are dropped.
        await app.WithDbAsync(async db =>
        {
            db.RemoveRange(await db.Set<WorkflowDefinition>().ToListAsync());
            return await db.SaveChangesAsync();
        });

        // 提交审核: refused with the message, no enterprise saved.
        var user = await app.CreateUserAsync("wfm_new");
        var submit = await app.WithAsync<RegistrationService, RegistrationResult>(s =>
            s.SubmitAsync(user.Id, CompleteForm("流程缺失新注册有限公司", Code("330102", 362))));
        Assert.Contains("EnterpriseRegistration", submit.Errors[""]);
        Assert.Contains("尚未配置", submit.Errors[""]);
        Assert.False(await app.WithDbAsync(db => db.Set<Enterprise>().AnyAsync(e => e.UserId == user.Id)));

        // A key-field change: refused, not frozen, no record.
        var form = EnterpriseForm.From(approved);
        form.IndustryCode = "3312";
        var change = await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(approved.UserId, form));
        Assert.Contains("EnterpriseChange", change.Errors[""]);
        var unchanged = await app.EnterpriseOfAsync(approved.UserId);
        Assert.Equal(("3311", false, approved.Version), (unchanged.IndustryCode, unchanged.ReportFrozen, unchanged.Version));
        Assert.False(await app.WithDbAsync(db => db.Set<EnterpriseChange>().AnyAsync(c => c.EnterpriseId == approved.Id)));

        // The reviewer's 通过: refused with the message, still pending, no SMS.
        var county = await app.ScopeOfAsync("wfm_sc");
        var review = await app.WithAsync<RegistrationReview, ReviewResult>(r => r.ApproveAsync(county, pending.Id));
        Assert.Equal(ReviewOutcome.Invalid, review.Outcome);
        Assert.Contains("尚未配置", review.Error);
        Assert.Equal(RegistrationStatus.PendingReview, (await app.EnterpriseAsync(pending.Id))!.Status);
        Assert.Empty(await app.SmsToAsync(await AccountPhoneAsync(app, pending.UserId)));

        // The enterprises step with a pending enterprise fails at the step.
        var recipe = """
            { "name": "wf-missing", "steps": [ { "name": "enterprises", "enterprises": [
              { "userName": "wfm_import", "phone": "13600000778", "status": "pending",
                "enterprise": { "name": "流程缺失导入有限公司", "creditCode": "CODE", "legalRepresentative": "赵六", "industryCode": "5211",
                  "regionCode": "330106", "registrationType": "私营企业", "holdingType": "私人控股", "revenue": 800.5, "employees": 12,
                  "assets": 300, "listed": false, "address": "杭州市西湖区文三路1号", "openedOn": "2010-03-01", "contactName": "赵六",
                  "phone": "0571-88886666" } } ] } ] }
            """.Replace("CODE", Code("330106", 363));
        await using var scope = app.Scope();
        var error = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(recipe, null));
        Assert.Contains("EnterpriseRegistration", error.Reason);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "wfm_import")));
    }

    [Theory, Providers]
    public async Task Disabled_workflows_refuse_new_submissions_while_waiting_reviews_go_on(string provider)
    {
        await using var app = new TestApp(provider);
        var approved = await app.ApprovedEnterpriseAsync("wfd_ok", "流程停用前已通过有限公司", Code("330102", 371));
        await app.CreateAdministratorAsync("wfd_sc", AdminLevel.County, "330102");
        var pending = await app.CreateEnterpriseAsync("wfd_pending", "330102");
        // Through the change tracker, as the app changes definitions: the runtime's kept copies are dropped.
        await app.WithDbAsync(async db =>
        {
            foreach (var d in await db.Set<WorkflowDefinition>().ToListAsync()) d.Enabled = false;
            return await db.SaveChangesAsync();
        });

        // 提交审核: refused with the message, no enterprise saved.
        var user = await app.CreateUserAsync("wfd_new");
        var submit = await app.WithAsync<RegistrationService, RegistrationResult>(s =>
            s.SubmitAsync(user.Id, CompleteForm("流程停用新注册有限公司", Code("330102", 372))));
        Assert.Equal("审核流程“EnterpriseRegistration”已停用，本次操作未做任何更改；请联系系统管理员。", submit.Errors[""]);
        Assert.False(await app.WithDbAsync(db => db.Set<Enterprise>().AnyAsync(e => e.UserId == user.Id)));

        // A key-field change: refused, not frozen, no record.
        var form = EnterpriseForm.From(approved);
        form.IndustryCode = "3312";
        var change = await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(approved.UserId, form));
        Assert.Contains("EnterpriseChange”已停用", change.Errors[""]);
        Assert.False(await app.WithDbAsync(db => db.Set<EnterpriseChange>().AnyAsync(c => c.EnterpriseId == approved.Id)));

        // The registration that already waited is still reviewed.
        var county = await app.ScopeOfAsync("wfd_sc");
        Assert.True((await app.WithAsync<RegistrationReview, ReviewResult>(r => r.ApproveAsync(county, pending.Id))).Succeeded);
        Assert.Equal(RegistrationStatus.Approved, (await app.EnterpriseAsync(pending.Id))!.Status);
    }
}
