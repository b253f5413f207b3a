using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>ReportService on the real app: lazy creation, every status transition, the history actions allowed and refused, concurrency, the freeze.</summary>
public class ReportServiceTests(AppFixture apps) : IClassFixture<AppFixture>
{
    /// <summary>A past quarter-end month: 补报, and 资产总计 applies, so the balance check on assets needs no earlier report.</summary>
    private static readonly ReportPeriod August = new(2021, 8);

    private static Task<T> Reports<T>(TestApp app, Func<ReportService, Task<T>> work) => app.WithAsync(work);

    private static ReportEntry Entry(Dictionary<string, IndicatorValues> values, int version, IReadOnlyList<ProductRow>? products = null) =>
        new(values, products ?? [], "张三", version);

    private static async Task<Enterprise> EnterpriseAsync(TestApp app, string name, int n) =>
        await app.ApprovedEnterpriseAsync($"rep_u{n}", $"报表{name}测试有限公司", Code("330102", 700 + n));

    private static Task<List<ReportTransition>> TransitionsAsync(TestApp app, long reportId) =>
        app.WithDbAsync(db => db.Set<ReportTransition>().AsNoTracking().Where(t => t.ReportId == reportId).OrderBy(t => t.Id).ToListAsync());

    private static Task<ResumeResult> ReviewAsync(TestApp app, long reportId, string action, string? reason = null) =>
        app.RunAsync(r => r.ResumeAsync(ReportService.SubjectOf(reportId), action,
            new Dictionary<string, string?> { [ReportService.UserIdVariable] = "reviewer-1", [ReportService.ReasonVariable] = reason }));

    /// <summary>Saves a consistent August report (with a balance warning unless <paramref name="clean"/>), confirms and submits it.</summary>
    private static async Task<Report> SubmittedAsync(TestApp app, Enterprise e, bool clean = true)
    {
        var key = new ReportKey(e.Id, "monthly", August);
        var values = Complete(Industrial, August);
        if (!clean) values = values.With("receivables", V(60_000, 60_000));
        var saved = await Reports(app, s => s.NextAsync(key, Entry(values, 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        var version = saved.Report!.Version;
        if (!clean)
        {
            var confirmed = await Reports(app, s => s.ConfirmAsync(key, new Dictionary<string, string> { ["assets-over-receivables"] = "应收账款含集团往来" }, version, e.UserId));
            version = confirmed.Report!.Version;
        }
        var submitted = await Reports(app, s => s.SubmitAsync(key, version, e.UserId));
        Assert.True(submitted.Succeeded, string.Join(" ", submitted.Errors.Select(x => x.Message)));
        return submitted.Report!;
    }

    [Theory, Providers]
    public async Task Opening_creates_nothing_and_the_first_good_save_creates_a_draft(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "新建", 1);
        var key = new ReportKey(e.Id, "monthly", August);

        var form = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Null(form.Report);
        Assert.Null(form.Status);
        Assert.Equal(ReportAction.Supplement, form.Actions);
        Assert.Equal(18, form.Indicators.Count);
        Assert.Equal(0, form.Version);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == e.Id)));

        // Errors store nothing.
        var bad = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August).With("revenue", V(null, -5)), 0), e.UserId));
        Assert.False(bad.Succeeded);
        Assert.Equal(2, bad.Errors.Count(x => x.IndicatorCode == "revenue"));
        var noFiller = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August), 0) with { FillerName = " " }, e.UserId));
        Assert.Contains(noFiller.Errors, x => x.Message.Contains("填报人"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == e.Id)));

        ProductRow[] products = [new("电机", null, "台", 10, 8, 2)];
        var saved = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August), 0, products), e.UserId));
        Assert.True(saved.Succeeded);
        var report = saved.Report!;
        Assert.Equal((ReportStatus.Draft, "330102", "3311", FillMode.Online), (report.Status, report.RegionCode, report.IndustryCode, report.FillMode));
        var stored = await app.WithDbAsync(db => db.Set<ReportValue>().CountAsync(v => v.ReportId == report.Id));
        Assert.Equal(18 * 4, stored);
        var transition = Assert.Single(await TransitionsAsync(app, report.Id));
        Assert.Equal((null, ReportStatus.Draft, e.UserId), (transition.From, transition.To, transition.UserId));
        Assert.Contains("report.status", (await app.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.EntityType == "Report" && a.EntityId == report.Id.ToString()).Select(a => a.Action).ToListAsync())));

        var reopened = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.Draft, report.Version, ReportAction.Supplement | ReportAction.View), (reopened.Status, reopened.Version, reopened.Actions));
        Assert.Equal(Complete(Industrial, August)["revenue"], reopened.Values["revenue"]);
        Assert.Equal(products, reopened.Products);

        // A second save writes only what changed: a blank removes its row.
        var second = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August).With("loans", V(5, 5)), reopened.Version), e.UserId));
        Assert.True(second.Succeeded);
        Assert.Equal(18 * 4 - 2, await app.WithDbAsync(db => db.Set<ReportValue>().CountAsync(v => v.ReportId == report.Id)));
        Assert.Empty(await app.WithDbAsync(db => db.Set<ReportProduct>().Where(p => p.ReportId == report.Id).ToListAsync()));
        Assert.Single(await TransitionsAsync(app, report.Id)); // still a draft: no new transition
    }

    [Theory, Providers]
    public async Task Two_saves_from_the_same_version_the_second_is_told_the_report_changed(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "并发", 2);
        var key = new ReportKey(e.Id, "monthly", August);
        var first = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August), 0), e.UserId));
        var second = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August).With("revenue", V(1, 1)), 0), e.UserId));
        Assert.True(first.Succeeded);
        Assert.True(second.Conflict);
        Assert.Contains("已在别处被修改", second.Errors.Single().Message);

        var version = first.Report!.Version;
        var tabA = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August).With("revenue", V(111, 111)), version), e.UserId));
        var tabB = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August).With("revenue", V(222, 222)), version), e.UserId));
        Assert.True(tabA.Succeeded);
        Assert.True(tabB.Conflict);
        var form = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal(V(111, 111), form.Values["revenue"]);
        Assert.True((await Reports(app, s => s.SubmitAsync(key, version, e.UserId))).Conflict);
    }

    [Theory, Providers]
    public async Task Warnings_need_explanations_before_submission_and_acceptance_approves(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "警告", 3);
        var key = new ReportKey(e.Id, "monthly", August);
        var values = Complete(Industrial, August).With("receivables", V(60_000, 60_000));

        var saved = await Reports(app, s => s.SaveAsync(key, Entry(values, 0), e.UserId));
        Assert.True(saved.Succeeded);
        Assert.Empty(saved.Warnings); // 保存 runs no balance check
        var next = await Reports(app, s => s.NextAsync(key, Entry(values, saved.Report!.Version), e.UserId));
        Assert.Equal(["assets-over-receivables"], next.Warnings.Select(w => w.RuleId));
        Assert.Equal(["assets-over-receivables"], next.Unconfirmed);
        Assert.Contains("output-cumulative", next.Skipped); // July is not approved
        var version = next.Report!.Version;

        var refused = await Reports(app, s => s.SubmitAsync(key, version, e.UserId));
        Assert.False(refused.Succeeded);
        Assert.Equal(["assets-over-receivables"], refused.Unconfirmed);
        Assert.Contains("请填写说明", (await Reports(app, s => s.ConfirmAsync(key, new Dictionary<string, string> { ["assets-over-receivables"] = " " }, version, e.UserId))).Errors.Single().Message);
        Assert.False((await Reports(app, s => s.ConfirmAsync(key, new Dictionary<string, string> { ["revenue-cumulative"] = "无" }, version, e.UserId))).Succeeded);
        var confirmed = await Reports(app, s => s.ConfirmAsync(key, new Dictionary<string, string> { ["assets-over-receivables"] = "应收账款含集团往来" }, version, e.UserId));
        Assert.True(confirmed.Succeeded);
        Assert.Empty(confirmed.Unconfirmed);

        var submitted = await Reports(app, s => s.SubmitAsync(key, confirmed.Report!.Version, e.UserId));
        Assert.True(submitted.Succeeded);
        var form = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.InReview, ReportAction.Withdraw | ReportAction.View), (form.Status, form.Actions));
        Assert.Equal("应收账款含集团往来", form.Confirmations["assets-over-receivables"]);
        Assert.NotNull(form.Report!.SubmittedAt);
        Assert.False((await Reports(app, s => s.SaveAsync(key, Entry(values, form.Version), e.UserId))).Succeeded); // 审核中: no editing

        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, form.Report.Id, "accept")).Status);
        var approved = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.Approved, ReportAction.View), (approved.Status, approved.Actions));
        Assert.Null(approved.Report!.ReviewLevel);
        Assert.NotNull(approved.Report.ApprovedAt);
        Assert.Equal([(null, ReportStatus.Draft), (ReportStatus.Draft, ReportStatus.InReview), (ReportStatus.InReview, ReportStatus.Approved)],
            (await TransitionsAsync(app, approved.Report.Id)).Select(t => (t.From, t.To)));
        Assert.Equal("reviewer-1", (await TransitionsAsync(app, approved.Report.Id)).Last().UserId);
        Assert.False((await Reports(app, s => s.SaveAsync(key, Entry(values, approved.Version), e.UserId))).Succeeded);
        Assert.False((await Reports(app, s => s.WithdrawAsync(key, approved.Version, e.UserId))).Succeeded);

        // The approved August is now last month of September: prefill and the cumulative checks use it.
        var september = (await Reports(app, s => s.OpenAsync(key with { Period = new ReportPeriod(2021, 9) })))!;
        Assert.NotNull(september.LastMonth);
        Assert.Equal(V(100, 100, 90, 90), september.LastMonth!["employees"]);
    }

    [Theory, Providers]
    public async Task Saving_and_submitting_in_one_step_stores_what_the_steps_store_and_refuses_alike(string provider)
    {
        var app = apps.Get(provider);
        var (stepwise, once) = (await EnterpriseAsync(app, "分步", 20), await EnterpriseAsync(app, "一步", 21));
        var key = new ReportKey(once.Id, "monthly", August);
        var warned = Complete(Industrial, August).With("receivables", V(60_000, 60_000));
        var explained = new Dictionary<string, string> { ["assets-over-receivables"] = "应收账款含集团往来" };
        Task<ReportResult> Once(Dictionary<string, IndicatorValues> values, int version, Dictionary<string, string> explanations) =>
            Reports(app, s => s.SaveAndSubmitAsync(key, Entry(values, version), explanations, once.UserId));

        // An error stores nothing.
        var error = await Once(warned.With("revenue", V(-5, 800)), 0, explained);
        Assert.Contains(error.Errors, x => x.Message.Contains("不能为负数"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Report>().CountAsync(r => r.EnterpriseId == once.Id)));

        // A warning without explanation: saved as 编辑, 上报 refused with what needs explaining.
        var unexplained = await Once(warned, 0, []);
        Assert.False(unexplained.Succeeded);
        Assert.Equal(["assets-over-receivables"], unexplained.Unconfirmed);
        Assert.Equal((ReportStatus.Draft, 1), (unexplained.Report!.Status, unexplained.Report.Version));

        // A blank explanation is an error: nothing changes, not even the values sent with it.
        var blank = await Once(warned.With("revenue", V(999, 999)), 1, new() { ["assets-over-receivables"] = " " });
        Assert.Contains("请填写说明", blank.Errors.Single().Message);
        var stored = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((1, warned["revenue"]), (stored.Version, stored.Values["revenue"]));

        var submitted = await Once(warned, 1, explained);
        Assert.True(submitted.Succeeded, string.Join(" ", submitted.Errors.Select(x => x.Message)));
        var step = await SubmittedAsync(app, stepwise, clean: false);

        // The same rows as 保存, 下一步, 说明 and 上报 one by one: status, transitions, explanation, and the screening result.
        var (a, b) = (await app.WithDbAsync(db => db.Set<Report>().AsNoTracking().Include(r => r.Confirmations).SingleAsync(r => r.Id == step.Id)),
            await app.WithDbAsync(db => db.Set<Report>().AsNoTracking().Include(r => r.Confirmations).SingleAsync(r => r.EnterpriseId == once.Id)));
        Assert.Equal((ReportStatus.InReview, a.ReviewLevel, a.ScreeningPassed, a.ScreeningMessages), (b.Status, b.ReviewLevel, b.ScreeningPassed, b.ScreeningMessages));
        Assert.Contains("应收账款含集团往来", b.ScreeningMessages);
        Assert.Equal("应收账款含集团往来", b.Confirmations.Single().Explanation);
        Assert.Equal([(null, ReportStatus.Draft), (ReportStatus.Draft, ReportStatus.InReview)], (await TransitionsAsync(app, b.Id)).Select(t => (t.From, t.To)));
        Assert.NotNull(await app.RunAsync(r => r.FindWaitingAsync(ReportService.SubjectOf(b.Id))));
        Task<List<string>> AuditedAsync(long id) => app.WithDbAsync(db => db.Set<AuditEntry>()
            .Where(x => x.EntityType == "Report" && x.EntityId == id.ToString()).Select(x => x.Action).OrderBy(x => x).ToListAsync());
        // (the one-step report was saved twice: created by the unexplained attempt, saved again by the explained one)
        Assert.Equal((await AuditedAsync(a.Id)).Append("report.save").Order(), await AuditedAsync(b.Id));
        Assert.Contains("report.confirm", await AuditedAsync(b.Id));
    }

    [Theory, Providers]
    public async Task A_returned_report_shows_its_reason_and_is_edited_and_submitted_again(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "退回", 4);
        var key = new ReportKey(e.Id, "monthly", August);
        var report = await SubmittedAsync(app, e, clean: false);

        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, report.Id, "return", "营业收入与上月差异过大，请核实")).Status);
        var returned = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal(ReportStatus.Returned, returned.Status);
        Assert.Equal("营业收入与上月差异过大，请核实", returned.Report!.ReturnReason);
        Assert.Equal(ReportAction.Supplement | ReportAction.ReturnReason | ReportAction.View, returned.Actions);
        Assert.Equal("营业收入与上月差异过大，请核实", (await TransitionsAsync(app, report.Id)).Last().Reason);

        var edited = await Reports(app, s => s.SaveAsync(key, Entry(Complete(Industrial, August), returned.Version), e.UserId));
        Assert.Equal(ReportStatus.Draft, edited.Report!.Status);
        var again = await Reports(app, s => s.SubmitAsync(key, edited.Report.Version, e.UserId));
        Assert.True(again.Succeeded);
        // The explanation of a warning that no longer fires is dropped on submission.
        Assert.Empty((await Reports(app, s => s.OpenAsync(key)))!.Confirmations);
        Assert.Equal([ReportStatus.Draft, ReportStatus.InReview, ReportStatus.Returned, ReportStatus.Draft, ReportStatus.InReview],
            (await TransitionsAsync(app, report.Id)).Select(t => t.To));
    }

    [Theory, Providers]
    public async Task Withdrawal_works_while_the_review_is_untouched(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "撤销", 5);
        var key = new ReportKey(e.Id, "monthly", August);
        var report = await SubmittedAsync(app, e);

        Assert.True(await Reports(app, s => s.ReviewUntouchedAsync(report.Id)));
        Assert.True((await Reports(app, s => s.WithdrawAsync(key, report.Version - 1, e.UserId))).Conflict);
        var withdrawn = await Reports(app, s => s.WithdrawAsync(key, report.Version, e.UserId));
        Assert.True(withdrawn.Succeeded, string.Join(" ", withdrawn.Errors.Select(x => x.Message)));
        var form = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.Draft, ReportAction.Supplement | ReportAction.View), (form.Status, form.Actions));
        Assert.Null(form.Report!.SubmittedAt);
        var last = (await TransitionsAsync(app, report.Id)).Last();
        Assert.Equal((ReportStatus.InReview, ReportStatus.Draft, e.UserId, "撤销"), (last.From, last.To, last.UserId, last.Reason));
        Assert.Null(await app.RunAsync(r => r.FindWaitingAsync(ReportService.SubjectOf(report.Id))));
        Assert.False((await Reports(app, s => s.WithdrawAsync(key, form.Version, e.UserId))).Succeeded); // a draft cannot be withdrawn

        // Submitted again, then reviewed: no withdrawal after an administrator acted.
        var again = await Reports(app, s => s.SubmitAsync(key, form.Version, e.UserId));
        Assert.True(again.Succeeded);
        await ReviewAsync(app, report.Id, "accept");
        var approved = (await Reports(app, s => s.OpenAsync(key)))!;
        var refused = await Reports(app, s => s.WithdrawAsync(key, approved.Version, e.UserId));
        Assert.Contains("不能撤销", refused.Errors.Single().Message);
    }

    [Theory, Providers]
    public async Task Withdrawal_is_refused_once_a_reviewer_acted_even_while_the_review_waits(string provider)
    {
        await using var app = new TestApp(provider);
        // A two-level review: the county forwards, the city decides; the enterprise may withdraw only before the county acts.
        await app.WithAsync<SmeMonitor.Core.Recipes.RecipeExecutor, SmeMonitor.Core.Recipes.RecipeResult>(x => x.ApplyAsync("""
            { "name": "two-level", "steps": [
              { "name": "workflows", "workflows": [ { "name": "TwoLevel", "title": "两级审核", "subject": "Report", "start": "county", "activities": [
                { "id": "county", "type": "UserTask", "actions": ["forward", "withdraw"], "next": { "forward": "city", "withdraw": "withdrawn" } },
                { "id": "city", "type": "UserTask", "actions": ["accept", "withdraw"], "next": { "accept": "approved", "withdraw": "withdrawn" } },
                { "id": "approved", "type": "SetStatus", "status": "Approved" },
                { "id": "withdrawn", "type": "SetStatus", "status": "Draft" } ] } ] },
              { "name": "report-types", "types": [ { "name": "short", "title": "简表", "workflow": "TwoLevel",
                "indicators": [ { "code": "revenue", "name": "营业收入", "unit": "千元", "kind": "flow", "required": true, "order": 1 } ] } ] } ] }
            """, null));
        var e = await EnterpriseAsync(app, "两级", 6);
        var key = new ReportKey(e.Id, "short", August);
        var saved = await Reports(app, s => s.SaveAsync(key, Entry(new() { ["revenue"] = V(1, 1) }, 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        var submitted = await Reports(app, s => s.SubmitAsync(key, saved.Report!.Version, e.UserId));
        Assert.True(submitted.Succeeded);
        Assert.Equal(ResumeStatus.Resumed, (await ReviewAsync(app, submitted.Report!.Id, "forward")).Status);

        Assert.False(await Reports(app, s => s.ReviewUntouchedAsync(submitted.Report.Id)));
        var form = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.InReview, ReportAction.View), (form.Status, form.Actions));
        Assert.False((await Reports(app, s => s.WithdrawAsync(key, form.Version, e.UserId))).Succeeded);
    }

    [Theory, Providers]
    public async Task A_disabled_review_workflow_refuses_submission_with_a_message_and_keeps_the_draft(string provider)
    {
        await using var app = new TestApp(provider);
        var e = await EnterpriseAsync(app, "停用", 9);
        var key = new ReportKey(e.Id, "monthly", August);
        var saved = await Reports(app, s => s.NextAsync(key, Entry(Complete(Industrial, August), 0), e.UserId));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Select(x => x.Message)));
        var draft = saved.Report!;
        var workflow = await app.WithDbAsync(db => db.Set<WorkflowDefinition>().AsNoTracking().SingleAsync(d => d.Name == "ReportReview"));
        Assert.Equal(DefinitionChange.Changed, await app.WithAsync<WorkflowDefinitions, DefinitionChange>(w => w.SetEnabledAsync(workflow.Name, false, workflow.Version)));

        var refused = await Reports(app, s => s.SubmitAsync(key, draft.Version, e.UserId));
        Assert.False(refused.Succeeded);
        Assert.Contains("停用", refused.Errors.Single().Message);
        var stored = await app.WithDbAsync(db => db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == draft.Id));
        Assert.Equal((ReportStatus.Draft, draft.Version), (stored.Status, stored.Version));
        Assert.False(await app.WithDbAsync(db => db.Set<WorkflowInstance>().AnyAsync(i => i.SubjectType == ReportService.SubjectType && i.SubjectId == draft.Id.ToString())));

        // The API's save-and-submit keeps the values as a draft and says why.
        var other = new ReportKey(e.Id, "monthly", new ReportPeriod(2021, 5));
        var once = await Reports(app, s => s.SaveAndSubmitAsync(other, Entry(Complete(Industrial, other.Period), 0), new Dictionary<string, string>(), e.UserId));
        Assert.False(once.Succeeded);
        Assert.Contains("停用", once.Errors.Single().Message);
        Assert.Equal(ReportStatus.Draft, await app.WithDbAsync(db => db.Set<Report>().Where(r => r.EnterpriseId == e.Id && r.Month == 5).Select(r => r.Status).SingleAsync()));
    }

    [Theory, Providers]
    public async Task The_service_refuses_what_the_history_does_not_offer(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "拒绝", 7);
        var current = ReportPeriod.Current(app.Clock);
        var future = new ReportKey(e.Id, "monthly", new ReportPeriod(current.Year + 1, current.Month));
        Assert.Contains("尚未结束", (await Reports(app, s => s.SaveAsync(future, Entry(Complete(Industrial, future.Period), 0), e.UserId))).Errors.Single().Message);
        var unfilled = new ReportKey(e.Id, "monthly", August);
        Assert.False((await Reports(app, s => s.SubmitAsync(unfilled, 0, e.UserId))).Succeeded);
        Assert.True((await Reports(app, s => s.SaveAsync(unfilled with { ReportType = "nonsense" }, Entry([], 0), e.UserId))).NotFound);
        Assert.True((await Reports(app, s => s.SaveAsync(unfilled with { EnterpriseId = -1 }, Entry([], 0), e.UserId))).NotFound);

        // An enterprise that is not approved (or disabled) cannot report.
        await app.SetAsync(e.Id, x => x.Disabled = true);
        Assert.Contains("不能填报", (await Reports(app, s => s.SaveAsync(unfilled, Entry(Complete(Industrial, August), 0), e.UserId))).Errors.Single().Message);
    }

    [Theory, Providers]
    public async Task A_key_field_change_freezes_the_current_report_until_it_is_decided(string provider)
    {
        await using var app = new TestApp(provider);
        // The check below runs 2 minutes later: run just before a month ends (China time), it found the month over (补报).
        app.Clock.KeepReportPeriodFor(TimeSpan.FromMinutes(5));
        var e = await EnterpriseAsync(app, "冻结", 8);
        var current = ReportPeriod.Current(app.Clock);
        var key = new ReportKey(e.Id, "monthly", current);
        var values = Complete(Industrial, current);
        var draft = await Reports(app, s => s.SaveAsync(key, Entry(values, 0), e.UserId));
        Assert.True(draft.Succeeded);
        var other = await EnterpriseAsync(app, "冻结未填", 9);

        foreach (var enterprise in new[] { e, other })
        {
            var form = EnterpriseForm.From(await app.EnterpriseOfAsync(enterprise.UserId));
            form.Name = enterprise.Name + "改";
            Assert.NotNull((await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(enterprise.UserId, form))).KeyChange);
        }
        var frozen = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.Frozen, ReportAction.View), (frozen.Status, frozen.Actions));
        Assert.Contains("冻结", (await Reports(app, s => s.SaveAsync(key, Entry(values, frozen.Version), e.UserId))).Errors.Single().Message);
        Assert.Contains("冻结", (await Reports(app, s => s.SubmitAsync(key, frozen.Version, e.UserId))).Errors.Single().Message);
        // The unfilled one gets a frozen row, so that it shows 解除冻结 afterwards; past months stay open to 补报.
        var otherKey = new ReportKey(other.Id, "monthly", current);
        Assert.Equal(ReportStatus.Frozen, (await Reports(app, s => s.OpenAsync(otherKey)))!.Status);
        Assert.True((await Reports(app, s => s.SaveAsync(key with { Period = August }, Entry(Complete(Industrial, August), 0), e.UserId))).Succeeded);

        // The automatic check after two minutes applies the change: 解除冻结, and filling goes on.
        app.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await app.RunAsync(r => r.FireDueTimersAsync()));
        var unfrozen = (await Reports(app, s => s.OpenAsync(key)))!;
        Assert.Equal((ReportStatus.Unfrozen, ReportAction.Edit | ReportAction.View), (unfrozen.Status, unfrozen.Actions));
        Assert.Equal(ReportStatus.Unfrozen, (await Reports(app, s => s.OpenAsync(otherKey)))!.Status);
        Assert.Equal([ReportStatus.Draft, ReportStatus.Frozen, ReportStatus.Unfrozen], (await TransitionsAsync(app, unfrozen.Report!.Id)).Select(t => t.To));
        var saved = await Reports(app, s => s.SaveAsync(key, Entry(values, unfrozen.Version), e.UserId));
        Assert.Equal(ReportStatus.Draft, saved.Report!.Status);
    }

    [Theory, Providers]
    public async Task The_home_page_counts_indicators_by_the_rules_and_shows_report_statuses(string provider)
    {
        var app = apps.Get(provider);
        var industrial = await EnterpriseAsync(app, "首页工业", 10);
        var farm = await app.CreateEnterpriseAsync("rep_home_farm", "330102", RegistrationStatus.Approved);
        var current = ReportPeriod.Current(app.Clock);
        var draft = await Reports(app, s => s.SaveAsync(new ReportKey(industrial.Id, "monthly", current), Entry(Complete(Industrial, current), 0), industrial.UserId));
        Assert.True(draft.Succeeded);

        var periods = await app.WithAsync<EnterpriseHome, IReadOnlyList<HomePeriod>>(h => h.LastPeriodsAsync(industrial));
        Assert.Equal(current.ToString(), periods[0].Period);
        Assert.Equal(("编辑", "在线填报"), (periods[0].Status, periods[0].FillMode));
        Assert.All(periods.Skip(1), p => Assert.Equal("未填报", p.Status));
        Assert.All(periods, p => Assert.Equal(p.QuarterEnd ? 18 : 13, p.IndicatorCount));
        var farmPeriods = await app.WithAsync<EnterpriseHome, IReadOnlyList<HomePeriod>>(h => h.LastPeriodsAsync(farm));
        Assert.All(farmPeriods, p => Assert.Equal(p.QuarterEnd ? 13 : 8, p.IndicatorCount));
    }
    [Theory, Providers]
    public async Task Earlier_reports_are_last_month_and_last_year_when_approved_and_an_approved_one_without_values_is_empty(string provider)
    {
        var app = apps.Get(provider);
        var e = await EnterpriseAsync(app, "往期", 11);
        var typeId = await app.WithDbAsync(db => db.Set<ReportType>().Where(t => t.Name == "monthly").Select(t => t.Id).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            var versionId = await db.Set<ReportType>().Where(t => t.Id == typeId).Select(t => t.CurrentVersionId!.Value).SingleAsync();
            var now = app.Clock.GetUtcNow();
            Report Stored(int year, int month, ReportStatus status) => new()
            {
                EnterpriseId = e.Id, ReportTypeId = typeId, ReportTypeVersionId = versionId, Year = year, Month = month, Status = status,
                FillerName = "张三", RegionCode = e.RegionCode, IndustryCode = e.IndustryCode, Size = e.Size, CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var august = Stored(2021, 8, ReportStatus.Approved);
            august.Values.Add(new ReportValue { IndicatorCode = "revenue", Column = ValueColumn.Month, Value = 90 });
            august.Values.Add(new ReportValue { IndicatorCode = "revenue", Column = ValueColumn.Cumulative, Value = 600 });
            august.Values.Add(new ReportValue { IndicatorCode = "employees", Column = ValueColumn.Month, Value = 30 });
            db.AddRange(august, Stored(2020, 9, ReportStatus.Approved), Stored(2021, 9, ReportStatus.InReview));
            return await db.SaveChangesAsync();
        });

        var september = await Reports(app, s => s.EarlierAsync(e.Id, typeId, new ReportPeriod(2021, 9)));
        Assert.Equal(V(90, 600), september.LastMonth!["revenue"]);
        Assert.Equal(V(30, null), september.LastMonth["employees"]);
        Assert.Equal(2, september.LastMonth.Count);
        Assert.NotNull(september.LastYear); // approved, though without values
        Assert.Empty(september.LastYear);

        // October: September is only 审核中 and October 2020 has no report.
        var october = await Reports(app, s => s.EarlierAsync(e.Id, typeId, new ReportPeriod(2021, 10)));
        Assert.Null(october.LastMonth);
        Assert.Null(october.LastYear);
    }
}
