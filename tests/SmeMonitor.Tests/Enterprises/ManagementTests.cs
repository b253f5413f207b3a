using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>监测企业信息管理 (ENT-7): who sees which enterprise, filters and paging, 禁用/启用, 删除 rules, 变更审核员.</summary>
public class ManagementTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const string List = "/admin/enterprises";
    private static string Row(long id) => $"data-enterprise=\"{id}\"";

    [Theory, Providers]
    public async Task The_list_holds_enterprises_reviewed_by_the_administrator_or_those_below_it(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("ml_");
        var bySc = await app.CreateEnterpriseAsync("ml_e_sc", "330102", RegistrationStatus.Approved, t.Sc);
        var byGs = await app.CreateEnterpriseAsync("ml_e_gs", "330105", RegistrationStatus.Approved, t.Gs);
        var byHz = await app.CreateEnterpriseAsync("ml_e_hz", "330102", RegistrationStatus.Approved, t.Hz);
        var byZj = await app.CreateEnterpriseAsync("ml_e_zj", "330102", RegistrationStatus.Approved, t.Zj);
        var none = await app.CreateEnterpriseAsync("ml_e_none", "330102");
        var byNb = await app.CreateEnterpriseAsync("ml_e_nb", "330203", RegistrationStatus.Approved, t.Nb);

        async Task<string> ListOf(string admin) => await (await app.ClientAsAsync(t.Name(admin))).GetStringAsync(List + "?q=ml_e");
        void Sees(string html, params Enterprise[] seen) => Assert.All(seen, e => Assert.Contains(Row(e.Id), html));
        void Misses(string html, params Enterprise[] missed) => Assert.All(missed, e => Assert.DoesNotContain(Row(e.Id), html));

        var sc = await ListOf("sc");
        Sees(sc, bySc, none);
        Misses(sc, byGs, byHz, byZj, byNb); // county: not the city's other county, not reviewers above it
        var hz = await ListOf("hz");
        Sees(hz, bySc, byGs, byHz, none);
        Misses(hz, byZj, byNb);
        var zj = await ListOf("zj");
        Sees(zj, bySc, byGs, byHz, byZj, none, byNb);
        var ha = await ListOf("ha");
        Misses(ha, bySc, byGs, byHz, byZj, none, byNb);
        Sees(await ListOf("nation"), bySc, byGs, byHz, byZj, none, byNb);

        var client = await app.ClientAsAsync(t.Name("hz"));
        Assert.Contains("href=\"/admin/enterprises\"", await client.GetStringAsync("/admin")); // menu
        Assert.Contains("Monitored enterprises", await client.GetStringAsync(List + "?culture=en"));
    }

    [Theory, Providers]
    public async Task Filters_and_paging(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("mf_");
        var a = await app.CreateEnterpriseAsync("mf_alpha", "330102", RegistrationStatus.Approved, t.Sc);
        var b = await app.CreateEnterpriseAsync("mf_beta", "330105", RegistrationStatus.Approved, t.Gs, disabled: true);
        var c = await app.CreateEnterpriseAsync("mf_gamma", "330102", RegistrationStatus.PendingReview);
        var d = await app.CreateEnterpriseAsync("mf_delta", "330102", RegistrationStatus.Returned, t.Hz);
        var client = await app.ClientAsAsync(t.Name("hz"));

        async Task Expect(string query, params Enterprise[] expected)
        {
            var html = await client.GetStringAsync($"{List}?{query}");
            foreach (var e in new[] { a, b, c, d })
                if (expected.Contains(e)) Assert.Contains(Row(e.Id), html); else Assert.DoesNotContain(Row(e.Id), html);
        }
        await Expect("q=mf_", a, b, c, d);
        await Expect("q=mf_&region=330105", b);
        await Expect("q=mf_&region=330100", a, b, c, d);
        await Expect("q=mf_&region=410100");
        await Expect("q=alpha有限", a); // the name
        await Expect("q=mf_gam", c); // the user ID
        await Expect("q=mf_&status=PendingReview", c);
        await Expect("q=mf_&status=Returned", d);
        await Expect("q=mf_&disabled=true", b);
        await Expect("q=mf_&disabled=false&status=Approved", a);

        await using var scope = app.Scope();
        var directory = scope.ServiceProvider.GetRequiredService<EnterpriseDirectory>();
        var manageable = directory.Manageable(await app.ScopeOfAsync(t.Name("hz")));
        var page1 = await directory.ListAsync(manageable, new EnterpriseFilter(Keyword: "mf_", PageSize: 3));
        var page2 = await directory.ListAsync(manageable, new EnterpriseFilter(Keyword: "mf_", Page: 2, PageSize: 3));
        Assert.Equal(4, page1.Total);
        Assert.Equal(3, page1.Items.Count);
        Assert.True(page1.HasNext);
        Assert.Equal(a.Id, page2.Items.Single().Id); // newest first: the first one made is last
        Assert.Empty(page1.Items.Select(i => i.Id).Intersect(page2.Items.Select(i => i.Id)));
    }

    [Theory, Providers]
    public async Task Pages_and_actions_of_enterprises_outside_the_reach_answer_404(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("mo_");
        var e = await app.CreateEnterpriseAsync("mo_e", "330105", RegistrationStatus.Approved, t.Gs);
        var other = await app.CreateEnterpriseAsync("mo_other", "330102", RegistrationStatus.Approved, t.Sc);
        foreach (var outsider in new[] { "sc", "nb", "ha", "zz" })
        {
            var client = await app.ClientAsAsync(t.Name(outsider));
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{List}/{e.Id}")).StatusCode);
            foreach (var action in new[] { "disable", "enable", "delete" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{List}/{e.Id}/{action}", [("version", e.Version.ToString())])).StatusCode);
        }
        // 变更审核员 naming an enterprise outside the reach changes nothing, not even the ones inside it.
        var sc = await app.ClientAsAsync(t.Name("sc"));
        var change = await sc.PostFormAsync($"{List}/reviewer", [("ids", other.Id.ToString()), ("ids", e.Id.ToString()), ("reviewerId", t.Sc.ToString())]);
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal(t.Gs, (await app.EnterpriseAsync(e.Id))!.ReviewerId);
        Assert.False((await app.EnterpriseAsync(e.Id))!.Disabled);

        // An enterprise user cannot reach the management pages.
        await app.CreateEnterpriseAsync("mo_user", "330105");
        var user = await app.ClientAsAsync("mo_user");
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(List)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"{List}/{e.Id}")).StatusCode);
        Assert.Contains("mo_e有限公司", await (await app.ClientAsAsync(t.Name("gs"))).GetStringAsync($"{List}/{e.Id}"));
    }

    [Theory, Providers]
    public async Task Disable_and_enable_from_the_version_seen(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("md_");
        var e = await app.CreateEnterpriseAsync("md_e", "330102", RegistrationStatus.Approved, t.Sc, accountPhone: "13955550001");
        var client = await app.ClientAsAsync(t.Name("sc"));

        var disable = await client.PostFormAsync($"{List}/{e.Id}/disable", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        var disabled = (await app.EnterpriseAsync(e.Id))!;
        Assert.True(disabled.Disabled);

        // 禁用 disables the enterprise's account: the password is right, yet no code is sent and nobody signs in.
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await anonymous.AntiforgeryTokenAsync("/account/signin");
        var refused = await anonymous.PostFormAsync("/account/signin/code", token, ("UserName", "md_e"), ("Password", SmeMonitor.Tests.Infrastructure.Accounts.Password));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        using (var answer = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            Assert.Contains("该企业账号已被禁用", answer.RootElement.GetProperty("message").GetString());
        Assert.Equal(0, await app.SmsCountAsync("13955550001"));

        var stale = await client.PostFormAsync($"{List}/{e.Id}/enable", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True((await app.EnterpriseAsync(e.Id))!.Disabled);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{List}/{e.Id}/enable", [("version", disabled.Version.ToString())])).StatusCode);
        Assert.False((await app.EnterpriseAsync(e.Id))!.Disabled);
        using var signedIn = await app.SignInWithSmsAsync("md_e"); // 启用: the account works again
        Assert.Equal(["enterprise.disable", "enterprise.enable"], (await app.AuditAsync(nameof(Enterprise), e.Id.ToString())).Select(a => a.Action));
    }

    [Theory, Providers]
    public async Task Only_a_disabled_enterprise_is_deleted_and_its_data_stays_in_the_audit(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("mx_");
        var e = await app.CreateEnterpriseAsync("mx_e", "330102", RegistrationStatus.Approved, t.Sc);
        await app.WithDbAsync(db =>
        {
            db.Add(new EnterpriseChange
            {
                EnterpriseId = e.Id, ChangedByUserId = e.UserId, ChangedAt = DateTimeOffset.UtcNow, Status = ChangeStatus.Applied,
                Fields = [new EnterpriseFieldChange { Field = "Address", Before = "旧地址", After = "测试路1号" }],
            });
            return db.SaveChangesAsync();
        });
        var client = await app.ClientAsAsync(t.Name("sc"));

        var enabled = await client.PostFormAsync($"{List}/{e.Id}/delete", [("version", e.Version.ToString())]);
        Assert.Equal(HttpStatusCode.BadRequest, enabled.StatusCode);
        Assert.Contains("只能删除已禁用的企业", await enabled.Content.ReadAsStringAsync());
        Assert.NotNull(await app.EnterpriseAsync(e.Id));

        await client.PostFormAsync($"{List}/{e.Id}/disable", [("version", e.Version.ToString())]);
        var version = (await app.EnterpriseAsync(e.Id))!.Version;
        var deleted = await client.PostFormAsync($"{List}/{e.Id}/delete", [("version", version.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await app.EnterpriseAsync(e.Id));
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == e.UserId))); // the account stays

        var audit = (await app.AuditAsync(nameof(Enterprise), e.Id.ToString())).Last();
        Assert.Equal("enterprise.delete", audit.Action);
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal("mx_e有限公司", details.RootElement.GetProperty("enterprise").GetProperty("Name").GetString());
        Assert.Equal("0571-88886666", details.RootElement.GetProperty("enterprise").GetProperty("Phone").GetString());
        var field = details.RootElement.GetProperty("changes")[0].GetProperty("fields")[0];
        Assert.Equal("旧地址", field.GetProperty("Before").GetString());
    }

    [Theory, Providers]
    public async Task An_enterprise_that_submitted_data_stays_disabled_instead_of_being_deleted(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("mk_");
        var active = await app.CreateEnterpriseAsync("mk_active", "330102", RegistrationStatus.Approved, t.Sc, disabled: true);
        var idle = await app.CreateEnterpriseAsync("mk_idle", "330102", RegistrationStatus.Approved, t.Sc, disabled: true);
        var scope = await app.ScopeOfAsync(t.Name("sc"));
        var check = new SubmittedData(active.Id);

        await using (var s = app.Scope())
        {
            var management = ActivatorUtilities.CreateInstance<EnterpriseManagement>(s.ServiceProvider, (object)new IEnterpriseActivityCheck[] { check });
            var kept = await management.DeleteAsync(scope, active.Id, active.Version);
            Assert.Equal(ManagementOutcome.KeptDisabled, kept.Outcome);
            Assert.Equal(ManagementOutcome.Done, (await management.DeleteAsync(scope, idle.Id, idle.Version)).Outcome);
        }
        var stays = (await app.EnterpriseAsync(active.Id))!;
        Assert.True(stays.Disabled);
        Assert.Equal(active.Version, stays.Version);
        Assert.Null(await app.EnterpriseAsync(idle.Id));
        Assert.Equal([active.Id, idle.Id], check.Asked);

        // With no check registered (as now, before the reports module), a disabled enterprise is deleted.
        var plain = await app.CreateEnterpriseAsync("mk_plain", "330102", RegistrationStatus.Approved, t.Sc, disabled: true);
        await using var s2 = app.Scope();
        Assert.Empty(s2.ServiceProvider.GetServices<IEnterpriseActivityCheck>());
        Assert.Equal(ManagementOutcome.Done, (await s2.ServiceProvider.GetRequiredService<EnterpriseManagement>().DeleteAsync(scope, plain.Id, plain.Version)).Outcome);
    }

    [Theory, Providers]
    public async Task Changing_the_reviewer_moves_all_or_none(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("mr_");
        var sc1 = await app.CreateEnterpriseAsync("mr_e_sc1", "330102", RegistrationStatus.Approved, t.Hz);
        var sc2 = await app.CreateEnterpriseAsync("mr_e_sc2", "330102", RegistrationStatus.Approved, t.Hz);
        var gs = await app.CreateEnterpriseAsync("mr_e_gs", "330105", RegistrationStatus.Approved, t.Hz);
        var client = await app.ClientAsAsync(t.Name("hz"));

        // The picker offers the enabled administrators inside the region: the city itself and its counties.
        var page = await client.GetStringAsync(List + "?q=mr_");
        Assert.All(new[] { t.Hz, t.Sc, t.Gs }, id => Assert.Contains($"<option value=\"{id}\">", page));
        Assert.All(new[] { t.Zj, t.Nb, t.Ha, t.Nation }, id => Assert.DoesNotContain($"<option value=\"{id}\">", page));

        // 拱墅's enterprise does not fit 上城's region: refused as a whole, the message names it.
        var refused = await client.PostFormAsync($"{List}/reviewer?q=mr_",
            [("ids", sc1.Id.ToString()), ("ids", gs.Id.ToString()), ("reviewerId", t.Sc.ToString())]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("mr_e_gs有限公司", html);
        Assert.DoesNotContain("mr_e_sc1有限公司、", html);
        foreach (var e in new[] { sc1, gs }) Assert.Equal(t.Hz, (await app.EnterpriseAsync(e.Id))!.ReviewerId);

        // A reviewer outside the actor's region is refused too.
        var foreign = await client.PostFormAsync($"{List}/reviewer", [("ids", sc1.Id.ToString()), ("reviewerId", t.Ha.ToString())]);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(t.Hz, (await app.EnterpriseAsync(sc1.Id))!.ReviewerId);

        var moved = await client.PostFormAsync($"{List}/reviewer", [("ids", sc1.Id.ToString()), ("ids", sc2.Id.ToString()), ("reviewerId", t.Sc.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        foreach (var e in new[] { sc1, sc2 })
        {
            Assert.Equal(t.Sc, (await app.EnterpriseAsync(e.Id))!.ReviewerId);
            var audit = Assert.Single(await app.AuditAsync(nameof(Enterprise), e.Id.ToString()));
            Assert.Equal("enterprise.change-reviewer", audit.Action);
        }
        Assert.Equal(t.Hz, (await app.EnterpriseAsync(gs.Id))!.ReviewerId);
        // Now reviewed by 上城, so 上城's administrator manages them.
        var scList = await (await app.ClientAsAsync(t.Name("sc"))).GetStringAsync(List + "?q=mr_");
        Assert.Contains(Row(sc1.Id), scList);
    }

    private sealed class SubmittedData(long enterpriseId) : IEnterpriseActivityCheck
    {
        public List<long> Asked { get; } = [];

        public Task<bool> HasSubmittedDataAsync(long id, CancellationToken ct = default)
        {
            Asked.Add(id);
            return Task.FromResult(id == enterpriseId);
        }
    }
}
