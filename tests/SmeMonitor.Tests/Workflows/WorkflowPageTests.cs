using System.Net;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Workflows.WorkflowTestKit;

namespace SmeMonitor.Tests.Workflows;

/// <summary>The read-only dashboard page /admin/workflows.</summary>
public class WorkflowPageTests(WorkflowFixture apps) : IClassFixture<WorkflowFixture>
{
    [Theory, Providers]
    public async Task The_super_administrator_sees_definitions_and_recent_instances(string provider)
    {
        var app = await apps.Get(provider).WithWorkflowsAsync();
        var subject = NewSubject();
        await app.RunAsync(r => r.StartAsync("TestReview", subject));
        var super = await app.CreateUserAsync("wf-super-" + Guid.NewGuid().ToString("N")[..6], null, PermissionClaims.SuperAdminRole);
        var client = await app.ClientAsAsync(super.UserName!);

        var page = await client.GetStringAsync("/admin/workflows");
        Assert.Contains("测试审核", page);
        Assert.Contains("approve → approved", page);
        Assert.Contains($"TestSubject #{subject.Id}", page);
        Assert.Contains("等待中", page);
        Assert.Contains("href=\"/admin/workflows\"", await client.GetStringAsync("/admin"));
        var english = await client.GetStringAsync("/admin/workflows?culture=en");
        Assert.Contains("Recent instances", english);
        Assert.Contains("Waiting", english);
    }

    [Theory, Providers]
    public async Task Nobody_else_sees_it(string provider)
    {
        var app = apps.Get(provider);
        var admin = await app.CreateAdministratorAsync("wf-prov-" + Guid.NewGuid().ToString("N")[..6], AdminLevel.Province, "330000");
        var client = await app.ClientAsAsync(admin.UserName!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/workflows")).StatusCode);
        Assert.DoesNotContain("href=\"/admin/workflows\"", await client.GetStringAsync("/admin"));
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/admin/workflows");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
