using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Enterprises.Workflows;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>企业注册审核 (ENT-5): queue and detail in scope, 通过 with one SMS, 退回 with a 1–150 character reason, one transition only.</summary>
public class ReviewTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const string Queue = "/admin/enterprises/registrations";
    private static string Row(long id) => $"data-enterprise=\"{id}\"";

    /// <summary>The enterprise's own audit rows (enterprise.*), without the workflow's (workflow.start, workflow.resume).</summary>
    private static async Task<List<AuditEntry>> ReviewAuditAsync(TestApp app, long id) =>
        (await app.AuditAsync(nameof(Enterprise), id.ToString())).Where(a => a.Action.StartsWith("enterprise.", StringComparison.Ordinal)).ToList();

    [Theory, Providers]
    public async Task The_queue_lists_pending_registrations_inside_the_region_only(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("rq_");
        var sc = await app.CreateEnterpriseAsync("rq_e_sc", "330102");
        var gs = await app.CreateEnterpriseAsync("rq_e_gs", "330105");
        var nb = await app.CreateEnterpriseAsync("rq_e_nb", "330203");
        var done = await app.CreateEnterpriseAsync("rq_e_done", "330102", RegistrationStatus.Approved);
        var draft = await app.CreateEnterpriseAsync("rq_e_draft", "330102", RegistrationStatus.Draft);

        var county = await (await app.ClientAsAsync(t.Name("sc"))).GetStringAsync(Queue + "?q=rq_e");
        Assert.Contains(Row(sc.Id), county);
        Assert.All(new[] { gs.Id, nb.Id, done.Id, draft.Id }, id => Assert.DoesNotContain(Row(id), county));

        var cityClient = await app.ClientAsAsync(t.Name("hz"));
        var city = await cityClient.GetStringAsync(Queue + "?q=rq_e");
        Assert.All(new[] { sc.Id, gs.Id }, id => Assert.Contains(Row(id), city));
        Assert.DoesNotContain(Row(nb.Id), city);
        var filtered = await cityClient.GetStringAsync(Queue + "?q=rq_e&region=330105");
        Assert.Contains(Row(gs.Id), filtered);
        Assert.DoesNotContain(Row(sc.Id), filtered);
        var byUserName = await cityClient.GetStringAsync(Queue + "?q=rq_e_gs");
        Assert.Contains(Row(gs.Id), byUserName);
        Assert.DoesNotContain(Row(sc.Id), byUserName);

        var province = await (await app.ClientAsAsync(t.Name("zj"))).GetStringAsync(Queue + "?q=rq_e");
        Assert.All(new[] { sc.Id, gs.Id, nb.Id }, id => Assert.Contains(Row(id), province));
        var henan = await (await app.ClientAsAsync(t.Name("ha"))).GetStringAsync(Queue + "?q=rq_e");
        Assert.All(new[] { sc.Id, gs.Id, nb.Id }, id => Assert.DoesNotContain(Row(id), henan));

        Assert.Contains("href=\"/admin/enterprises/registrations\"", await cityClient.GetStringAsync("/admin")); // menu
        Assert.Contains("Enterprise registration review", await cityClient.GetStringAsync(Queue + "?culture=en"));
    }

    [Theory, Providers]
    public async Task The_detail_page_shows_every_field_and_is_404_outside_the_region(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("rd_");
        var e = await app.CreateEnterpriseAsync("rd_e", "330102");

        var html = await (await app.ClientAsAsync(t.Name("sc"))).GetStringAsync($"{Queue}/{e.Id}");
        foreach (var text in new[] { "rd_e有限公司", "rd_e", "浙江省/杭州市/上城区", "农、林、牧、渔业→农业→谷物种植→稻谷种植", "有限责任公司", "私人控股",
                     "小型", "12,345.6", "25", "8,000", "https://example.test", "310000", "测试路1号", "李四", "0571-88886666", "13911112222",
                     "a@example.test", "2020-09-01", "稻谷种植", "退回原因", "通过", "退回" })
            Assert.Contains(text, html);

        foreach (var outsider in new[] { "gs", "nb", "ha", "zz" })
        {
            var client = await app.ClientAsAsync(t.Name(outsider));
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Queue}/{e.Id}")).StatusCode);
            var approve = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", e.Version.ToString())]);
            Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
            var ret = await client.PostFormAsync($"{Queue}/{e.Id}/return", [("version", e.Version.ToString()), ("reason", "不对")]);
            Assert.Equal(HttpStatusCode.NotFound, ret.StatusCode);
        }
        Assert.Equal(RegistrationStatus.PendingReview, (await app.EnterpriseAsync(e.Id))!.Status);

        // An enterprise user (no administrator, no permission) cannot open the review pages at all.
        await app.CreateEnterpriseAsync("rd_user", "330102");
        var user = await app.ClientAsAsync("rd_user");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(Queue)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"{Queue}/{e.Id}")).StatusCode);
    }

    [Theory, Providers]
    public async Task Approving_sends_one_sms_and_a_second_approval_changes_nothing(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("ra_");
        var e = await app.CreateEnterpriseAsync("ra_e", "330102", accountPhone: "13700000001");
        var client = await app.ClientAsAsync(t.Name("sc"));

        var first = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var approved = (await app.EnterpriseAsync(e.Id))!;
        Assert.Equal(RegistrationStatus.Approved, approved.Status);
        Assert.NotNull(approved.ApprovedAt);
        var sms = Assert.Single(await app.SmsToAsync("13700000001"));
        Assert.Contains("ra_e有限公司", sms.Body);
        Assert.Contains("审核通过", sms.Body);

        // The same page posted again (stale version), and again with the current version: both refused, nothing changes.
        var again = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已被处理", await again.Content.ReadAsStringAsync());
        var current = await client.PostFormAsync($"{Queue}/{e.Id}/approve", [("version", approved.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Conflict, current.StatusCode);
        var ret = await client.PostFormAsync($"{Queue}/{e.Id}/return", [("version", approved.Version.ToString()), ("reason", "晚了")]);
        Assert.Equal(HttpStatusCode.Conflict, ret.StatusCode);

        var after = (await app.EnterpriseAsync(e.Id))!;
        Assert.Equal(approved.Version, after.Version);
        Assert.Equal(RegistrationStatus.Approved, after.Status);
        Assert.Single(await app.SmsToAsync("13700000001"));
        var audit = Assert.Single(await ReviewAuditAsync(app, e.Id));
        Assert.Equal("enterprise.approve", audit.Action);
        Assert.NotNull(audit.UserId);
        Assert.Single(await app.AuditAsync(nameof(Enterprise), e.Id.ToString()), a => a.Action == "workflow.resume");
    }

    [Theory, Providers]
    public async Task Without_an_account_phone_the_sms_goes_to_the_registered_mobile(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("rm_");
        var e = await app.CreateEnterpriseAsync("rm_e", "330102", mobile: "13700000002");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == e.UserId);
            user.PhoneNumber = null;
            return await db.SaveChangesAsync();
        });
        await using var scope = app.Scope();
        var review = scope.ServiceProvider.GetRequiredService<RegistrationReview>();
        Assert.True((await review.ApproveAsync(await app.ScopeOfAsync(t.Name("hz")), e.Id)).Succeeded);
        Assert.Single(await app.SmsToAsync("13700000002"));
    }

    [Theory, Providers]
    public async Task Returning_needs_a_reason_of_1_to_150_characters_and_sends_no_sms(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("rr_");
        var e = await app.CreateEnterpriseAsync("rr_e", "330102", accountPhone: "13700000003");
        var scope = await app.ScopeOfAsync(t.Name("sc"));

        foreach (var bad in new[] { null, "", "   ", new string('长', 151) })
        {
            await using var s = app.Scope();
            var result = await s.ServiceProvider.GetRequiredService<RegistrationReview>().ReturnAsync(scope, e.Id, bad);
            Assert.Equal(ReviewOutcome.Invalid, result.Outcome);
            Assert.False(string.IsNullOrEmpty(result.Error));
        }
        var unchanged = (await app.EnterpriseAsync(e.Id))!;
        Assert.Equal(RegistrationStatus.PendingReview, unchanged.Status);
        Assert.Equal(e.Version, unchanged.Version);

        // Through the page: an empty reason is refused with the form shown again.
        var client = await app.ClientAsAsync(t.Name("sc"));
        var empty = await client.PostFormAsync($"{Queue}/{e.Id}/return", [("version", e.Version.ToString()), ("reason", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请输入退回原因", await empty.Content.ReadAsStringAsync());
        var tooLong = await client.PostFormAsync($"{Queue}/{e.Id}/return", [("version", e.Version.ToString()), ("reason", new string('长', 151))]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        var reason = new string('因', 150);
        var ok = await client.PostFormAsync($"{Queue}/{e.Id}/return", [("version", e.Version.ToString()), ("reason", reason)]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var returned = (await app.EnterpriseAsync(e.Id))!;
        Assert.Equal(RegistrationStatus.Returned, returned.Status);
        Assert.Equal(reason, returned.ReturnReason);
        Assert.Empty(await app.SmsToAsync("13700000003"));
        Assert.Equal("enterprise.return", Assert.Single(await ReviewAuditAsync(app, e.Id)).Action);

        // Only from 待审核: a returned registration cannot be approved until the enterprise resubmits.
        await using var s2 = app.Scope();
        var approve = await s2.ServiceProvider.GetRequiredService<RegistrationReview>().ApproveAsync(scope, e.Id);
        Assert.Equal(ReviewOutcome.AlreadyHandled, approve.Outcome);
        Assert.Equal(RegistrationStatus.Returned, (await app.EnterpriseAsync(e.Id))!.Status);
    }

    [Theory, Providers]
    public async Task Two_administrators_acting_at_once_make_exactly_one_transition(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("rc_");
        var county = await app.ScopeOfAsync(t.Name("sc"));
        var city = await app.ScopeOfAsync(t.Name("hz"));
        for (var round = 0; round < 3; round++)
        {
            var e = await app.CreateEnterpriseAsync($"rc_e{round}", "330102", accountPhone: $"1370000010{round}");
            await using var a = app.Scope();
            await using var b = app.Scope();
            var reviewA = a.ServiceProvider.GetRequiredService<RegistrationReview>();
            var reviewB = b.ServiceProvider.GetRequiredService<RegistrationReview>();
            // Both decide on the version they saw; one approves, the other approves (round 0) or returns.
            var results = await Task.WhenAll(
                Task.Run(() => reviewA.ApproveAsync(county, e.Id, e.Version)),
                Task.Run(() => round == 0 ? reviewB.ApproveAsync(city, e.Id, e.Version) : reviewB.ReturnAsync(city, e.Id, "资料不全", e.Version)));

            Assert.Single(results, r => r.Succeeded);
            Assert.Single(results, r => r.Outcome == ReviewOutcome.AlreadyHandled);
            var after = (await app.EnterpriseAsync(e.Id))!;
            Assert.Equal(e.Version + 1, after.Version);
            Assert.Single(await ReviewAuditAsync(app, e.Id));
            Assert.Single(await app.AuditAsync(nameof(Enterprise), e.Id.ToString()), a => a.Action == "workflow.resume");
            Assert.Equal(after.Status == RegistrationStatus.Approved ? 1 : 0, (await app.SmsToAsync($"1370000010{round}")).Count);
        }
    }

    [Theory, Providers]
    public async Task The_workflows_transition_is_guarded_the_same_way(string provider)
    {
        var app = apps.Get(provider);
        var e = await app.CreateEnterpriseAsync("rw_e", "410102", accountPhone: "13700000004");
        var subject = EnterpriseWorkflows.SubjectOf(e.Id);
        // A return without a reason is refused by the status change itself: nothing saved, the task still waits.
        await Assert.ThrowsAsync<ArgumentException>(() => app.RunAsync(r => r.ResumeAsync(subject, "return", new Dictionary<string, string?> { ["reason"] = " " })));
        Assert.NotNull(await app.RunAsync(r => r.FindTaskAsync(subject)));
        Assert.Equal((RegistrationStatus.PendingReview, e.Version), ((await app.EnterpriseAsync(e.Id))!.Status, (await app.EnterpriseAsync(e.Id))!.Version));

        // Resumed by code, without a person: approved once, one SMS, and the audit row has no user.
        Assert.Equal(ResumeStatus.Resumed, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        Assert.Equal(ResumeStatus.NotWaiting, (await app.RunAsync(r => r.ResumeAsync(subject, "approve"))).Status);
        Assert.Equal(RegistrationStatus.Approved, (await app.EnterpriseAsync(e.Id))!.Status);
        Assert.Single(await app.SmsToAsync("13700000004"));
        var audit = Assert.Single(await ReviewAuditAsync(app, e.Id));
        Assert.Null(audit.UserId); // no person: the workflow's own audit says who decided

        // A registration that left 待审核 behind the workflow's back faults the instance instead of changing it again.
        var moved = await app.CreateEnterpriseAsync("rw_moved", "410102");
        await app.SetAsync(moved.Id, x => x.Status = RegistrationStatus.Returned);
        var faulted = (await app.RunAsync(r => r.ResumeAsync(EnterpriseWorkflows.SubjectOf(moved.Id), "approve"))).Instance!;
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Contains("not waiting for review", faulted.Fault);
        Assert.Equal(RegistrationStatus.Returned, (await app.EnterpriseAsync(moved.Id))!.Status);
    }
}
