using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>The dashboard page /admin/workflows: definitions as activities and transitions, enable/disable, instances.</summary>
public class WorkflowPageTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    private static async Task<HttpClient> SuperAsync(TestApp app)
    {
        var super = await app.CreateUserAsync("wf-super-" + Guid.NewGuid().ToString("N")[..6], null, PermissionClaims.SuperAdminRole);
        return await app.ClientAsAsync(super.UserName!);
    }

    /// <summary>
    /// A national administrator with these platform permissions (through a role of its own): they are platform-wide, so
    /// only the super administrator and national administrators hold them (PlatformWidePermissionsTests).
    /// </summary>
    private static async Task<HttpClient> HolderOfAsync(TestApp app, params string[] permissions)
    {
        var name = "wf-" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = app.Scope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<Role>>();
            var role = new Role(name) { DisplayName = name };
            Assert.True((await roles.CreateAsync(role)).Succeeded);
            foreach (var permission in permissions)
                Assert.True((await roles.AddClaimAsync(role, new(PermissionClaims.Type, permission))).Succeeded);
        }
        await app.CreateAdministratorAsync(name, AdminLevel.Nation, RegionScope.NationCode, roles: name);
        return await app.ClientAsAsync(name);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token, int version) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["version"] = version.ToString(),
        }));

    [Theory, Providers]
    public async Task The_super_administrator_sees_activities_settings_transitions_and_recent_instances(string provider)
    {
        var app = await apps.Get(provider).WithWorkflowsAsync();
        var subject = NewSubject();
        await app.RunAsync(r => r.StartAsync("TestReview", subject));
        var client = await SuperAsync(app);

        var page = await client.GetStringAsync("/admin/workflows");
        Assert.Contains("测试审核", page);
        Assert.Contains("data-activity=\"review\"", page);
        Assert.Contains("<span class=\"text-muted\">actions:</span> approve, return", page);
        Assert.Contains("approve → <a href=\"#wf-TestReview-approved\"><code>approved</code></a>", page);
        Assert.Contains("id=\"wf-TestReview-approved\"", page);
        Assert.Contains("<span class=\"text-muted\">expression:</span> subject.size === &#x27;Medium&#x27; || variables.amount &gt; 100", page);
        Assert.Contains("<span class=\"text-muted\">provider:</span> Test", page);
        Assert.Contains("action=\"/admin/workflows/TestReview/disable\"", page);
        Assert.Contains($"TestSubject #{subject.Id}", page);
        Assert.Contains("等待中", page);
        Assert.Contains("href=\"/admin/workflows\"", await client.GetStringAsync("/admin"));
        var english = await client.GetStringAsync("/admin/workflows?culture=en");
        Assert.Contains("Recent instances", english);
        Assert.Contains("Waiting", english);
        Assert.Contains("Settings", english);
        Assert.Contains(">Disable</button>", english);
    }

    [Theory, Providers]
    public async Task A_manager_disables_and_enables_a_workflow_audited_with_antiforgery(string provider)
    {
        var app = await apps.Get(provider).WithWorkflowsAsync();
        var name = await WorkflowDefinitionTests.NewReviewAsync(app);
        var client = await HolderOfAsync(app, SmeMonitor.Platform.Permissions.ViewWorkflows, SmeMonitor.Platform.Permissions.ManageWorkflows);
        var version = (await WorkflowDefinitionTests.DefinitionAsync(app, name)).Version;

        // Without the antiforgery token nothing changes.
        var forged = await client.PostAsync($"/admin/workflows/{name}/disable", new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = version.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await WorkflowDefinitionTests.DefinitionAsync(app, name)).Enabled);

        var token = await client.AntiforgeryTokenAsync("/admin/workflows");
        var disabled = await PostAsync(client, $"/admin/workflows/{name}/disable", token, version);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False((await WorkflowDefinitionTests.DefinitionAsync(app, name)).Enabled);
        var page = await client.GetStringAsync("/admin/workflows");
        Assert.Contains($"已停用流程“{name}”：不再启动新的实例，进行中的实例继续运行。", page);
        Assert.Contains($"data-workflow=\"{name}\" data-enabled=\"false\"", page);
        Assert.Contains($"action=\"/admin/workflows/{name}/enable\"", page);
        await Assert.ThrowsAsync<WorkflowDisabledException>(() => app.RunAsync(r => r.StartAsync(name, NewSubject())));

        // The same form posted again (a stale page) is refused with a message and changes nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/admin/workflows/{name}/enable", token, version)).StatusCode);
        Assert.Contains($"流程定义“{name}”已被他人修改", await client.GetStringAsync("/admin/workflows"));
        Assert.False((await WorkflowDefinitionTests.DefinitionAsync(app, name)).Enabled);

        var current = (await WorkflowDefinitionTests.DefinitionAsync(app, name)).Version;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/admin/workflows/{name}/enable?culture=en", token, current)).StatusCode);
        Assert.True((await WorkflowDefinitionTests.DefinitionAsync(app, name)).Enabled);
        Assert.Contains($"The workflow “{name}” is enabled.", await client.GetStringAsync("/admin/workflows?culture=en"));
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(WorkflowDefinition) && a.EntityId == name).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["workflow.disable", "workflow.enable"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.NotNull(a.UserId));

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/admin/workflows/NoSuchWorkflow/disable", token, 0)).StatusCode);
    }

    [Theory, Providers]
    public async Task A_viewer_sees_no_switch_and_may_not_post_one(string provider)
    {
        var app = await apps.Get(provider).WithWorkflowsAsync();
        var name = await WorkflowDefinitionTests.NewReviewAsync(app);
        var viewer = await HolderOfAsync(app, SmeMonitor.Platform.Permissions.ViewWorkflows);
        var page = await viewer.GetStringAsync("/admin/workflows");
        Assert.Contains($"data-workflow=\"{name}\"", page);
        Assert.DoesNotContain("/disable\"", page);

        var token = await viewer.AntiforgeryTokenAsync("/admin/workflows");
        var version = (await WorkflowDefinitionTests.DefinitionAsync(app, name)).Version;
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, $"/admin/workflows/{name}/disable", token, version)).StatusCode);
        Assert.True((await WorkflowDefinitionTests.DefinitionAsync(app, name)).Enabled);
    }

    [Theory, Providers]
    public async Task Nobody_else_sees_it_or_switches_it(string provider)
    {
        var app = await apps.Get(provider).WithWorkflowsAsync();
        var admin = await app.CreateAdministratorAsync("wf-prov-" + Guid.NewGuid().ToString("N")[..6], AdminLevel.Province, "330000");
        var client = await app.ClientAsAsync(admin.UserName!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/workflows")).StatusCode);
        Assert.DoesNotContain("href=\"/admin/workflows\"", await client.GetStringAsync("/admin"));
        var token = await client.AntiforgeryTokenAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, "/admin/workflows/TestReview/disable", token, 0)).StatusCode);
        Assert.True((await WorkflowDefinitionTests.DefinitionAsync(app, "TestReview")).Enabled);
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/admin/workflows");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
